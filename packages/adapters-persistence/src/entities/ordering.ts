import { EntitySchema } from 'typeorm';
import { bigint, idColumn, integer, jsonb, text, timestamp } from './columns.js';

/** Money as stored inside JSONB documents (order lines, invoice totals): integer centavos. */
export interface MoneyJson {
  amount: number;
  currency: string;
}

export interface OrderLineJson {
  productId: string;
  sku: string;
  name: string;
  /** Absent in rows written before it existed. */
  translatedNames?: Record<string, string>;
  quantity: number;
  unitPrice: MoneyJson;
  unitDiscount: MoneyJson;
  vatRate: number;
  total: MoneyJson;
}

export interface StatusChangeJson {
  from: string | null;
  to: string;
  /** ISO 8601. */
  at: string;
  by: string;
  note: string | null;
}

export interface OrderRow {
  id: string;
  number: number;
  customerId: string;
  channel: string;
  status: string;
  lines: OrderLineJson[];
  totalAmount: string;
  currency: string;
  contact: { name: string; phone: string };
  delivery: { method: string; address: string | null };
  billing: Record<string, string> | null;
  reservationExpiresAt: Date;
  history: StatusChangeJson[];
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export const OrderEntity = new EntitySchema<OrderRow>({
  name: 'Order',
  tableName: 'orders',
  columns: {
    id: idColumn(),
    number: integer('number'),
    customerId: text('customer_id'),
    channel: text('channel'),
    status: text('status'),
    lines: jsonb('lines'),
    totalAmount: bigint('total_amount'),
    currency: text('currency'),
    contact: jsonb('contact'),
    delivery: jsonb('delivery'),
    billing: jsonb('billing', true),
    reservationExpiresAt: timestamp('reservation_expires_at'),
    history: jsonb('history'),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
    version: integer('version'),
  },
});

export interface PaymentRow {
  id: string;
  orderId: string;
  provider: string;
  providerPaymentId: string;
  status: string;
  statusDetail: string | null;
  amount: string;
  currency: string;
  refundedAmount: string;
  attention: string | null;
  processedEventIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

export const PaymentEntity = new EntitySchema<PaymentRow>({
  name: 'Payment',
  tableName: 'payments',
  columns: {
    id: idColumn(),
    orderId: text('order_id'),
    provider: text('provider'),
    providerPaymentId: text('provider_payment_id'),
    status: text('status'),
    statusDetail: text('status_detail', true),
    amount: bigint('amount'),
    currency: text('currency'),
    refundedAmount: bigint('refunded_amount'),
    attention: text('attention', true),
    processedEventIds: jsonb('processed_event_ids'),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
  },
});
