import type { Money } from '../money/money.js';
import type { DomainEvent } from '../notifications/domain-event.js';
import type { Order } from '../ordering/order.js';

export type PaymentNeedsAttentionPayload = {
  readonly orderId: string;
  readonly orderNumber: number;
  readonly provider: string;
  readonly providerPaymentId: string;
  readonly amount: Money;
  /** What is wrong, for staff: e.g. `amount $ 100,00 ARS does not match the order total $ 3.500,00 ARS`. */
  readonly reason: string;
};

/** Money arrived that staff must settle by hand: never marks the order paid. */
export type PaymentNeedsAttentionEvent = DomainEvent<'payment.needs_attention', PaymentNeedsAttentionPayload>;

export const paymentNeedsAttention = (
  order: Pick<Order, 'id' | 'number'>,
  payment: { readonly provider: string; readonly providerPaymentId: string; readonly amount: Money },
  reason: string,
  at: Date,
): PaymentNeedsAttentionEvent => ({
  type: 'payment.needs_attention',
  aggregateId: order.id,
  occurredAt: at,
  payload: {
    orderId: order.id,
    orderNumber: order.number,
    provider: payment.provider,
    providerPaymentId: payment.providerPaymentId,
    amount: { amount: payment.amount.amount, currency: payment.amount.currency },
    reason,
  },
});
