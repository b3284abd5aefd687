import { EntitySchema } from 'typeorm';
import { bigint, idColumn, integer, jsonb, text, timestamp } from './columns.js';
import type { MoneyJson } from './ordering.js';

export interface VoucherTotalsJson {
  total: MoneyJson;
  nonTaxed: MoneyJson;
  net: MoneyJson;
  exempt: MoneyJson;
  otherTaxes: MoneyJson;
  vat: MoneyJson;
  vatBreakdown: { rate: number; base: MoneyJson; amount: MoneyJson }[];
}

export interface InvoiceRow {
  id: string;
  orderId: string;
  issuerCuit: string;
  pointOfSale: number;
  voucherType: string;
  number: number;
  issueDate: Date;
  buyer: Record<string, string> | null;
  totals: VoucherTotalsJson;
  /** Copy of totals.total for queries and reports. */
  totalAmount: string;
  currency: string;
  status: string;
  cae: string | null;
  caeDueDate: Date | null;
  qrPayload: string | null;
  errors: { code: string; message: string }[];
  createdAt: Date;
  updatedAt: Date;
}

export const InvoiceEntity = new EntitySchema<InvoiceRow>({
  name: 'Invoice',
  tableName: 'invoices',
  columns: {
    id: idColumn(),
    orderId: text('order_id'),
    issuerCuit: text('issuer_cuit'),
    pointOfSale: integer('point_of_sale'),
    voucherType: text('voucher_type'),
    number: integer('number'),
    issueDate: timestamp('issue_date'),
    buyer: jsonb('buyer', true),
    totals: jsonb('totals'),
    totalAmount: bigint('total_amount'),
    currency: text('currency'),
    status: text('status'),
    cae: text('cae', true),
    caeDueDate: timestamp('cae_due_date', true),
    qrPayload: text('qr_payload', true),
    errors: jsonb('errors'),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
  },
});
