import { EntitySchema } from 'typeorm';
import { idColumn, integer, text, timestamp } from './columns.js';

export interface PaymentCheckoutRow {
  id: string;
  orderId: string;
  provider: string;
  attempt: number;
  idempotencyKey: string;
  providerReference: string;
  paymentUrl: string;
  expiresAt: Date;
  status: string;
  createdAt: Date;
  updatedAt: Date;
}

export const PaymentCheckoutEntity = new EntitySchema<PaymentCheckoutRow>({
  name: 'PaymentCheckout',
  tableName: 'payment_checkouts',
  columns: {
    id: idColumn(),
    orderId: text('order_id'),
    provider: text('provider'),
    attempt: integer('attempt'),
    idempotencyKey: text('idempotency_key'),
    providerReference: text('provider_reference'),
    paymentUrl: text('payment_url'),
    expiresAt: timestamp('expires_at'),
    status: text('status'),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
  },
});
