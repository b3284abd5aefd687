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

export type PaymentRefundedPayload = {
  readonly orderId: string;
  readonly orderNumber: number;
  readonly provider: string;
  readonly providerPaymentId: string;
  readonly status: string;
  /** What this change gave back (a chargeback: the whole payment). */
  readonly amount: Money;
  /** How much of the payment has been given back so far. */
  readonly refundedAmount: Money;
};

/**
 * Money left the shop: a refund (partial or whole) or a chargeback of a payment. Written whenever
 * a payment's refunded amount grows, whatever it does to the order; the invoicing subscriber
 * credits the refunded part of an invoiced order with a credit note.
 */
export type PaymentRefundedEvent = DomainEvent<'payment.refunded', PaymentRefundedPayload>;

export const paymentRefunded = (
  order: Pick<Order, 'id' | 'number'>,
  payment: { readonly provider: string; readonly providerPaymentId: string; readonly status: string },
  amount: Money,
  refundedAmount: Money,
  at: Date,
): PaymentRefundedEvent => ({
  type: 'payment.refunded',
  aggregateId: order.id,
  occurredAt: at,
  payload: {
    orderId: order.id,
    orderNumber: order.number,
    provider: payment.provider,
    providerPaymentId: payment.providerPaymentId,
    status: payment.status,
    amount: { amount: amount.amount, currency: amount.currency },
    refundedAmount: { amount: refundedAmount.amount, currency: refundedAmount.currency },
  },
});
