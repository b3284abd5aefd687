import type { PaymentCheckout } from '@mostrador/core';
import type { PaymentCheckoutRow } from '../entities/payments.js';
import { toDate } from './values.js';

const STATUSES: readonly PaymentCheckout['status'][] = ['open', 'expired', 'closed'];

export const checkoutFromRow = (row: PaymentCheckoutRow): PaymentCheckout => {
  const status = STATUSES.find((known) => known === row.status);
  if (!status) throw new Error(`payment_checkouts.status holds an unknown value: ${row.status}`);
  return {
    id: row.id,
    orderId: row.orderId,
    provider: row.provider,
    attempt: row.attempt,
    idempotencyKey: row.idempotencyKey,
    providerReference: row.providerReference,
    paymentUrl: row.paymentUrl,
    expiresAt: toDate(row.expiresAt),
    status,
    createdAt: toDate(row.createdAt),
    updatedAt: toDate(row.updatedAt),
  };
};

export const checkoutToRow = (checkout: PaymentCheckout): PaymentCheckoutRow => ({ ...checkout });
