import { type Money, REPORT_NAMES, type ReportDocument, type ReportName, type ReportRow, toDecimalString } from '@mostrador/core';
import { z } from 'zod';
import { iso, MoneySchema, Timestamp, toMoneyDto } from './common.js';

/** `YYYY-MM-DD`, a calendar day in Argentina (UTC−03:00). */
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a calendar day, YYYY-MM-DD')
  .refine(
    (value) => !Number.isNaN(new Date(`${value}T00:00:00Z`).getTime()) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
    'not a calendar day',
  );

export const ReportParams = z.strictObject({ name: z.enum(REPORT_NAMES).describe('Which report') });

export const ReportQuery = z.strictObject({
  from: Day.optional().describe('First day, inclusive (YYYY-MM-DD, Argentina). Required except for `inventory`'),
  to: Day.optional().describe('Last day, inclusive (YYYY-MM-DD, Argentina). Required except for `inventory`'),
  format: z.enum(['json', 'csv', 'pdf']).default('json').describe('`json` (default), `csv` (streamed) or `pdf`'),
  lang: z.enum(['es', 'en']).default('es').describe('Language of the PDF (labels, number and date formats)'),
});

const DAY_MS = 86_400_000;

/** `[from 00:00, day after to 00:00)` in Argentina, as instants. */
export const periodOfDays = (from: string | undefined, to: string | undefined): { from: Date; to: Date } | null =>
  from === undefined || to === undefined
    ? null
    : { from: new Date(`${from}T03:00:00Z`), to: new Date(new Date(`${to}T03:00:00Z`).getTime() + DAY_MS) };

const SalesFiguresDto = {
  orders: z.number().int(),
  units: z.number().int(),
  net: MoneySchema,
  vat: MoneySchema,
  total: MoneySchema,
};

export const ReportDto = z
  .object({
    report: z.enum(REPORT_NAMES),
    period: z.object({ from: Timestamp, to: Timestamp.describe('Exclusive') }).nullable(),
    generatedAt: Timestamp,
    rows: z.array(z.record(z.string(), z.unknown())).describe('One object per row; the columns depend on the report (as in its CSV)'),
    totals: z.record(z.string(), z.unknown()),
    lowStockThreshold: z.number().int().optional(),
  })
  .describe(`Sales rows carry ${Object.keys(SalesFiguresDto).join(', ')} (money as integer centavos)`);

/** Money and dates as the API writes them: money `{ amount (centavos), currency }`. */
const jsonValue = (value: unknown): unknown => {
  if (value instanceof Date) return iso(value);
  if (value !== null && typeof value === 'object' && 'amount' in value && 'currency' in value) return toMoneyDto(value as Money);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonValue(v)]));
  return value;
};

export const toReportDto = (doc: ReportDocument): z.output<typeof ReportDto> => ({
  report: doc.report.name,
  period: doc.period ? { from: iso(doc.period.from), to: iso(doc.period.to) } : null,
  generatedAt: iso(doc.generatedAt),
  rows: doc.report.rows.map((row) => jsonValue(row) as Record<string, unknown>),
  totals: jsonValue(doc.report.totals) as Record<string, unknown>,
  ...(doc.report.name === 'inventory' ? { lowStockThreshold: doc.report.lowStockThreshold } : {}),
});

const money = (value: Money): string => toDecimalString(value);
const SALES = ['orders', 'units', 'net', 'vat', 'total'] as const;

/** The CSV columns of each report; money as decimal pesos ("1234.50"), like the product export. */
export const CSV_COLUMNS: Readonly<Record<ReportName, readonly string[]>> = {
  'sales-by-day': ['day', ...SALES],
  'sales-by-month': ['month', ...SALES],
  'sales-by-product': ['productId', 'sku', 'name', 'category', ...SALES],
  'sales-by-category': ['categoryId', 'category', ...SALES],
  inventory: ['productId', 'sku', 'name', 'category', 'stockOnHand', 'reserved', 'available', 'unitPrice', 'valuation', 'lowStock'],
  'orders-by-status': ['status', 'orders', 'total'],
};

const salesCells = (row: { orders: number; units: number; net: Money; vat: Money; total: Money }): string[] => [
  String(row.orders),
  String(row.units),
  money(row.net),
  money(row.vat),
  money(row.total),
];

/** One CSV record of a report row, in `CSV_COLUMNS` order. */
export const csvCells = (name: ReportName, row: ReportRow): string[] => {
  const r = row as unknown as Record<string, unknown>;
  switch (name) {
    case 'sales-by-day':
    case 'sales-by-month':
      return [String(r.period), ...salesCells(row as never)];
    case 'sales-by-product':
      return [String(r.productId), String(r.sku), String(r.name), String(r.category ?? ''), ...salesCells(row as never)];
    case 'sales-by-category':
      return [String(r.categoryId ?? ''), String(r.category ?? ''), ...salesCells(row as never)];
    case 'inventory':
      return [
        String(r.productId),
        String(r.sku),
        String(r.name),
        String(r.category ?? ''),
        String(r.stockOnHand),
        String(r.reserved),
        String(r.available),
        money(r.unitPrice as Money),
        money(r.valuation as Money),
        r.lowStock ? 'true' : 'false',
      ];
    case 'orders-by-status':
      return [String(r.status), String(r.orders), money(r.total as Money)];
  }
};
