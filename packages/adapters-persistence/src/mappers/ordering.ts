import {
  type Order,
  type OrderLine,
  type OrderStatus,
  type Payment,
  type PaymentStatus,
  type StatusChange,
  type TaxProfile,
  vatRate,
} from '@mostrador/core';
import type { OrderLineJson, OrderRow, PaymentRow, StatusChangeJson } from '../entities/ordering.js';
import { moneyFromColumns, moneyFromJson, moneyToJson, toCurrency, toDate } from './values.js';

const lineFromJson = (line: OrderLineJson): OrderLine => ({
  productId: line.productId,
  sku: line.sku,
  name: line.name,
  ...(line.translatedNames ? { translatedNames: line.translatedNames } : {}),
  quantity: line.quantity,
  unitPrice: moneyFromJson(line.unitPrice),
  unitDiscount: moneyFromJson(line.unitDiscount),
  vatRate: vatRate(line.vatRate),
  total: moneyFromJson(line.total),
});

const lineToJson = (line: OrderLine): OrderLineJson => ({
  productId: line.productId,
  sku: line.sku,
  name: line.name,
  ...(line.translatedNames ? { translatedNames: { ...line.translatedNames } } : {}),
  quantity: line.quantity,
  unitPrice: moneyToJson(line.unitPrice),
  unitDiscount: moneyToJson(line.unitDiscount),
  vatRate: line.vatRate,
  total: moneyToJson(line.total),
});

const changeFromJson = (change: StatusChangeJson): StatusChange => ({
  from: change.from as OrderStatus | null,
  to: change.to as OrderStatus,
  at: new Date(change.at),
  by: change.by,
  note: change.note,
});

const changeToJson = (change: StatusChange): StatusChangeJson => ({
  from: change.from,
  to: change.to,
  at: change.at.toISOString(),
  by: change.by,
  note: change.note,
});

export const orderFromRow = (row: OrderRow): Order => ({
  id: row.id,
  number: row.number,
  customerId: row.customerId,
  channel: row.channel,
  status: row.status as OrderStatus,
  lines: row.lines.map(lineFromJson),
  total: moneyFromColumns(row.totalAmount, row.currency, 'orders.total_amount'),
  contact: { name: row.contact.name, phone: row.contact.phone },
  delivery: { method: row.delivery.method as Order['delivery']['method'], address: row.delivery.address },
  billing: row.billing === null ? null : ({ ...row.billing } as unknown as TaxProfile),
  reservationExpiresAt: toDate(row.reservationExpiresAt),
  history: row.history.map(changeFromJson),
  createdAt: toDate(row.createdAt),
  updatedAt: toDate(row.updatedAt),
  version: row.version,
});

export const orderToRow = (order: Order): OrderRow => ({
  id: order.id,
  number: order.number,
  customerId: order.customerId,
  channel: order.channel,
  status: order.status,
  lines: order.lines.map(lineToJson),
  totalAmount: String(order.total.amount),
  currency: toCurrency(order.total.currency),
  contact: { name: order.contact.name, phone: order.contact.phone },
  delivery: { method: order.delivery.method, address: order.delivery.address },
  billing: order.billing === null ? null : { ...order.billing },
  reservationExpiresAt: order.reservationExpiresAt,
  history: order.history.map(changeToJson),
  createdAt: order.createdAt,
  updatedAt: order.updatedAt,
  version: order.version,
});

export const paymentFromRow = (row: PaymentRow): Payment => ({
  id: row.id,
  orderId: row.orderId,
  provider: row.provider,
  providerPaymentId: row.providerPaymentId,
  status: row.status as PaymentStatus,
  statusDetail: row.statusDetail,
  amount: moneyFromColumns(row.amount, row.currency, 'payments.amount'),
  // Left out when empty, as a payment saved without them reads back equal to itself.
  ...(Number(row.refundedAmount) > 0
    ? { refundedAmount: moneyFromColumns(row.refundedAmount, row.currency, 'payments.refunded_amount') }
    : {}),
  ...(row.attention ? { attention: row.attention } : {}),
  processedEventIds: [...row.processedEventIds],
  createdAt: toDate(row.createdAt),
  updatedAt: toDate(row.updatedAt),
});

export const paymentToRow = (payment: Payment): PaymentRow => ({
  id: payment.id,
  orderId: payment.orderId,
  provider: payment.provider,
  providerPaymentId: payment.providerPaymentId,
  status: payment.status,
  statusDetail: payment.statusDetail,
  amount: String(payment.amount.amount),
  currency: toCurrency(payment.amount.currency),
  refundedAmount: String(payment.refundedAmount?.amount ?? 0),
  attention: payment.attention ?? null,
  processedEventIds: [...payment.processedEventIds],
  createdAt: payment.createdAt,
  updatedAt: payment.updatedAt,
});
