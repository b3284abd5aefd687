import { type Invoice, type InvoiceStatus, type TaxProfile, type VoucherTotals, type VoucherType, vatRate } from '@mostrador/core';
import type { InvoiceRow, VoucherTotalsJson } from '../entities/invoicing.js';
import { moneyFromJson, moneyToJson, toCurrency, toDate, toNullableDate } from './values.js';

const totalsFromJson = (totals: VoucherTotalsJson): VoucherTotals => ({
  total: moneyFromJson(totals.total),
  nonTaxed: moneyFromJson(totals.nonTaxed),
  net: moneyFromJson(totals.net),
  exempt: moneyFromJson(totals.exempt),
  otherTaxes: moneyFromJson(totals.otherTaxes),
  vat: moneyFromJson(totals.vat),
  vatBreakdown: totals.vatBreakdown.map((line) => ({
    rate: vatRate(line.rate),
    base: moneyFromJson(line.base),
    amount: moneyFromJson(line.amount),
  })),
});

const totalsToJson = (totals: VoucherTotals): VoucherTotalsJson => ({
  total: moneyToJson(totals.total),
  nonTaxed: moneyToJson(totals.nonTaxed),
  net: moneyToJson(totals.net),
  exempt: moneyToJson(totals.exempt),
  otherTaxes: moneyToJson(totals.otherTaxes),
  vat: moneyToJson(totals.vat),
  vatBreakdown: totals.vatBreakdown.map((line) => ({ rate: line.rate, base: moneyToJson(line.base), amount: moneyToJson(line.amount) })),
});

export const invoiceFromRow = (row: InvoiceRow): Invoice => ({
  id: row.id,
  orderId: row.orderId,
  issuerCuit: row.issuerCuit,
  pointOfSale: row.pointOfSale,
  voucherType: row.voucherType as VoucherType,
  number: row.number,
  issueDate: toDate(row.issueDate),
  buyer: row.buyer === null ? null : ({ ...row.buyer } as unknown as TaxProfile),
  totals: totalsFromJson(row.totals),
  status: row.status as InvoiceStatus,
  cae: row.cae,
  caeDueDate: toNullableDate(row.caeDueDate),
  qrPayload: row.qrPayload,
  errors: row.errors.map((error) => ({ code: error.code, message: error.message })),
  createdAt: toDate(row.createdAt),
  updatedAt: toDate(row.updatedAt),
});

export const invoiceToRow = (invoice: Invoice): InvoiceRow => ({
  id: invoice.id,
  orderId: invoice.orderId,
  issuerCuit: invoice.issuerCuit,
  pointOfSale: invoice.pointOfSale,
  voucherType: invoice.voucherType,
  number: invoice.number,
  issueDate: invoice.issueDate,
  buyer: invoice.buyer === null ? null : { ...invoice.buyer },
  totals: totalsToJson(invoice.totals),
  totalAmount: String(invoice.totals.total.amount),
  currency: toCurrency(invoice.totals.total.currency),
  status: invoice.status,
  cae: invoice.cae,
  caeDueDate: invoice.caeDueDate,
  qrPayload: invoice.qrPayload,
  errors: invoice.errors.map((error) => ({ code: error.code, message: error.message })),
  createdAt: invoice.createdAt,
  updatedAt: invoice.updatedAt,
});
