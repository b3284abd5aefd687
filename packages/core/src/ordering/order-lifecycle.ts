import { type OrderEvent, orderStatusChanged } from '../notifications/events.js';
import { ConflictError } from '../shared/errors.js';
import { ORDER_STATUSES, type Order, type OrderStatus } from './order.js';

/**
 * The order state machine. Anything not listed here — including staying in the same state and
 * leaving a terminal state — is illegal.
 */
export const LEGAL_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  placed: ['paid', 'cancelled', 'expired'],
  // `paid → shipped` skips `invoiced` on purpose: shops without electronic invoicing (or that
  // invoice outside Mostrador) ship straight after payment.
  paid: ['invoiced', 'shipped', 'refunded'],
  // `invoiced → refunded`: a refund after invoicing; the invoicing subscriber then issues the credit note.
  invoiced: ['shipped', 'refunded'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
  expired: [],
  refunded: [],
};

/** States an order never leaves. */
export const TERMINAL_STATUSES: readonly OrderStatus[] = ORDER_STATUSES.filter((status) => LEGAL_TRANSITIONS[status].length === 0);

export const canTransition = (from: OrderStatus, to: OrderStatus): boolean => LEGAL_TRANSITIONS[from].includes(to);

/**
 * What a transition does to the order's stock:
 * - `release`: the reservation lapses (cancel, expiry): reserved drops, on hand stays;
 * - `commit`: the reserved units leave the shop (payment): on hand and reserved both drop;
 * - `restock`: the sold units come back (refund): on hand rises;
 * - `none`: stock is untouched.
 */
export type StockEffect = 'release' | 'commit' | 'restock' | 'none';

export const stockEffectOf = (from: OrderStatus, to: OrderStatus): StockEffect => {
  if (from === 'placed' && (to === 'cancelled' || to === 'expired')) return 'release';
  if (from === 'placed' && to === 'paid') return 'commit';
  if ((from === 'paid' || from === 'invoiced') && to === 'refunded') return 'restock';
  return 'none';
};

export const assertTransition = (order: Pick<Order, 'id' | 'status'>, to: OrderStatus): void => {
  if (!canTransition(order.status, to)) {
    throw new ConflictError('ORDER.ILLEGAL_TRANSITION', `an order cannot go from ${order.status} to ${to}`, {
      orderId: order.id,
      from: order.status,
      to,
    });
  }
};

export interface TransitionContext {
  readonly at: Date;
  /** Staff user id, 'customer' or 'system'. */
  readonly by: string;
  readonly note?: string | null;
}

export interface TransitionResult {
  /** The next version of the order: new status, history appended, `version + 1`. */
  readonly order: Order;
  /** `order.<to>`, for the outbox. */
  readonly event: OrderEvent;
}

/** Moves `order` to `to`, or throws ConflictError `ORDER.ILLEGAL_TRANSITION` (details: orderId, from, to). */
export const transition = (order: Order, to: OrderStatus, context: TransitionContext): TransitionResult => {
  assertTransition(order, to);
  const note = context.note ?? null;
  const next: Order = {
    ...order,
    status: to,
    history: [...order.history, { from: order.status, to, at: context.at, by: context.by, note }],
    updatedAt: context.at,
    version: order.version + 1,
  };
  return { order: next, event: orderStatusChanged(next, { from: order.status, at: context.at, by: context.by, note }) };
};
