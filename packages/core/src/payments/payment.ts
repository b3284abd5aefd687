import type { Money } from '../money/money.js';

export const PAYMENT_STATUSES = [
  'pending',
  'approved',
  'authorized',
  'in_process',
  'in_mediation',
  'rejected',
  'cancelled',
  'refunded',
  'charged_back',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface Payment {
  readonly id: string;
  readonly orderId: string;
  readonly provider: string;
  readonly providerPaymentId: string;
  readonly status: PaymentStatus;
  readonly statusDetail: string | null;
  readonly amount: Money;
  /** How much of `amount` has been refunded (absent on payments recorded before refunds were tracked: none). */
  readonly refundedAmount?: Money;
  /**
   * Why staff must look at this payment (its amount or currency does not match the order, money
   * arrived for an order that can no longer take it); null or absent when nothing is wrong.
   */
  readonly attention?: string | null;
  /** Ids of provider events already applied, so a redelivered webhook is a no-op. */
  readonly processedEventIds: readonly string[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * The money given back on a payment, in centavos: all of it after a chargeback, else what was
 * refunded (none when no refund is recorded). Takes a stored payment or a provider's update.
 */
export const givenBackOf = (payment: {
  readonly status: PaymentStatus;
  readonly amount: Money;
  readonly refundedAmount?: Money | undefined;
}): number => (payment.status === 'charged_back' ? payment.amount.amount : (payment.refundedAmount?.amount ?? 0));
