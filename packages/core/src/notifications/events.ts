import type { Money } from '../money/money.js';
import type { Order, OrderStatus } from '../ordering/order.js';
import type { PaymentStatus } from '../payments/payment.js';
import type { ChannelName } from '../shared/types.js';
import type { DomainEvent } from './domain-event.js';

/*
 * Typed constructors for the events use cases write to the outbox. Payloads are plain JSON
 * (no Dates, no class instances) because the outbox stores them as JSON and consumers in other
 * processes read them back. Payloads are type aliases (not interfaces) so they stay assignable
 * to `DomainEvent`'s `Record<string, unknown>` payload.
 */

export const ORDER_EVENT_TYPES = [
  'order.placed',
  'order.paid',
  'order.invoiced',
  'order.shipped',
  'order.delivered',
  'order.cancelled',
  'order.expired',
  'order.refunded',
] as const satisfies readonly `order.${OrderStatus}`[];
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

export type OrderEventPayload = {
  readonly orderId: string;
  readonly number: number;
  readonly customerId: string;
  readonly channel: ChannelName;
  readonly status: OrderStatus;
  /** The status before the change; null when the order was just placed. */
  readonly from: OrderStatus | null;
  readonly total: Money;
  /** Staff user id, 'customer' or 'system'. */
  readonly by: string;
  readonly note: string | null;
};

export type PaymentReceivedPayload = {
  readonly orderId: string;
  readonly orderNumber: number;
  readonly customerId: string;
  readonly provider: string;
  readonly providerPaymentId: string;
  readonly status: PaymentStatus;
  readonly amount: Money;
};

export type StockLevelPayload = {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  /** Units available (on hand − reserved) after the change. */
  readonly available: number;
  /** The configured low-stock threshold (stock.low) or 0 (stock.back_in_stock). */
  readonly threshold: number;
};

export type OrderEvent = DomainEvent<OrderEventType, OrderEventPayload>;
export type PaymentReceivedEvent = DomainEvent<'payment.received', PaymentReceivedPayload>;
export type StockLowEvent = DomainEvent<'stock.low', StockLevelPayload>;
export type StockBackInStockEvent = DomainEvent<'stock.back_in_stock', StockLevelPayload>;

/** Every event core emits. Consumers narrow on `type`. */
export type MostradorEvent = OrderEvent | PaymentReceivedEvent | StockLowEvent | StockBackInStockEvent;
export type MostradorEventType = MostradorEvent['type'];

export const MOSTRADOR_EVENT_TYPES: readonly MostradorEventType[] = [
  ...ORDER_EVENT_TYPES,
  'payment.received',
  'stock.low',
  'stock.back_in_stock',
];

export const orderEventType = (status: OrderStatus): OrderEventType => `order.${status}`;

const orderEvent = (
  type: OrderEventType,
  order: Order,
  change: { readonly from: OrderStatus | null; readonly at: Date; readonly by: string; readonly note: string | null },
): OrderEvent => ({
  type,
  aggregateId: order.id,
  occurredAt: change.at,
  payload: {
    orderId: order.id,
    number: order.number,
    customerId: order.customerId,
    channel: order.channel,
    status: order.status,
    from: change.from,
    total: { amount: order.total.amount, currency: order.total.currency },
    by: change.by,
    note: change.note,
  },
});

type Change = { readonly from: OrderStatus; readonly at: Date; readonly by: string; readonly note?: string | null };
const withNote = (c: Change) => ({ from: c.from, at: c.at, by: c.by, note: c.note ?? null });

/** An order status event for `order` as it is after the change (its `status` is the new one). */
export const orderStatusChanged = (order: Order, change: Change): OrderEvent =>
  orderEvent(orderEventType(order.status), order, withNote(change));

export const orderPlaced = (order: Order, at: Date, by = 'customer'): OrderEvent =>
  orderEvent('order.placed', order, { from: null, at, by, note: null });
export const orderPaid = (order: Order, change: Change): OrderEvent => orderEvent('order.paid', order, withNote(change));
export const orderInvoiced = (order: Order, change: Change): OrderEvent => orderEvent('order.invoiced', order, withNote(change));
export const orderShipped = (order: Order, change: Change): OrderEvent => orderEvent('order.shipped', order, withNote(change));
export const orderDelivered = (order: Order, change: Change): OrderEvent => orderEvent('order.delivered', order, withNote(change));
export const orderCancelled = (order: Order, change: Change): OrderEvent => orderEvent('order.cancelled', order, withNote(change));
export const orderExpired = (order: Order, change: Change): OrderEvent => orderEvent('order.expired', order, withNote(change));
export const orderRefunded = (order: Order, change: Change): OrderEvent => orderEvent('order.refunded', order, withNote(change));

export const paymentReceived = (
  order: Pick<Order, 'id' | 'number' | 'customerId'>,
  payment: { readonly provider: string; readonly providerPaymentId: string; readonly status: PaymentStatus; readonly amount: Money },
  at: Date,
): PaymentReceivedEvent => ({
  type: 'payment.received',
  aggregateId: order.id,
  occurredAt: at,
  payload: {
    orderId: order.id,
    orderNumber: order.number,
    customerId: order.customerId,
    provider: payment.provider,
    providerPaymentId: payment.providerPaymentId,
    status: payment.status,
    amount: { amount: payment.amount.amount, currency: payment.amount.currency },
  },
});

type StockSubject = { readonly id: string; readonly sku: string; readonly name: string };

export const stockLow = (product: StockSubject, available: number, threshold: number, at: Date): StockLowEvent => ({
  type: 'stock.low',
  aggregateId: product.id,
  occurredAt: at,
  payload: { productId: product.id, sku: product.sku, name: product.name, available, threshold },
});

export const stockBackInStock = (product: StockSubject, available: number, at: Date): StockBackInStockEvent => ({
  type: 'stock.back_in_stock',
  aggregateId: product.id,
  occurredAt: at,
  payload: { productId: product.id, sku: product.sku, name: product.name, available, threshold: 0 },
});

/**
 * The stock events a change of availability from `before` to `after` deserves: `stock.low` when it
 * crosses down to the threshold or below, `stock.back_in_stock` when it rises from zero.
 */
export const stockLevelEvents = (
  product: StockSubject,
  before: number,
  after: number,
  threshold: number,
  at: Date,
): (StockLowEvent | StockBackInStockEvent)[] => {
  if (before > threshold && after <= threshold) return [stockLow(product, after, threshold, at)];
  if (before <= 0 && after > 0) return [stockBackInStock(product, after, at)];
  return [];
};
