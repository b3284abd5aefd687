import { ACCESS, authorize } from '../application/authorization.js';
import type { UseCaseDependencies } from '../application/dependencies.js';
import type { Actor } from '../application/use-cases.js';
import type { Invoice } from '../invoicing/invoice.js';
import { type InvoiceDocument, invoiceDocumentOf } from '../invoicing/invoice-document.js';
import { authorizedInvoiceOf, voucherKindOf } from '../invoicing/voucher-rules.js';
import { add, type Money, zero } from '../money/money.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import type { Locale } from '../shared/types.js';
import { type ReportData, type ReportDocument, type ReportName, type ReportPeriod, type ReportRow, reportNeedsPeriod } from './report.js';

/** The longest period a report covers: a bit more than five years. */
export const MAX_REPORT_DAYS = 1850;
const DAY_MS = 86_400_000;

export interface ReportRequest {
  readonly name: ReportName;
  /** Required for every report but `inventory` (which ignores it). */
  readonly period?: ReportPeriod | null;
  readonly locale: Locale;
}

export interface ReportUseCases {
  /** The whole report with its totals, for JSON or a renderer. Needs the `reports` capability. */
  document(actor: Actor, request: ReportRequest): Promise<ReportDocument>;
  /**
   * The report's rows one at a time (CSV streaming), checked before the first row: access and
   * period are refused by the returned promise, not mid-stream.
   */
  rows(actor: Actor, request: ReportRequest): Promise<AsyncIterable<ReportRow>>;
}

export interface DocumentUseCases {
  /**
   * The printable voucher of an order: the one with `invoiceId` (an invoice or a credit note of
   * the order), else its latest authorized invoice. NotFoundError `INVOICE.NOT_FOUND` when there
   * is none; ConflictError `INVOICE.NOT_AUTHORIZED` for one without a CAE. Staff need `read`; a
   * customer gets only their own orders' vouchers.
   */
  invoice(actor: Actor, orderId: string, options: { readonly locale: Locale; readonly invoiceId?: string }): Promise<InvoiceDocument>;
}

const collect = async <T>(rows: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const row of rows) all.push(row);
  return all;
};

/** Refuses a missing, reversed or overlong period, naming the parameter. */
const checkedPeriod = (request: ReportRequest): ReportPeriod | null => {
  if (!reportNeedsPeriod(request.name)) return null;
  const period = request.period;
  if (!period) {
    throw new ValidationError('REPORT.PERIOD_REQUIRED', `the ${request.name} report needs a period: from and to`, { field: 'from' });
  }
  for (const [field, at] of [
    ['from', period.from],
    ['to', period.to],
  ] as const) {
    if (Number.isNaN(at.getTime())) throw new ValidationError('REPORT.DATE_INVALID', `${field} is not a valid date`, { field });
  }
  if (!(period.from.getTime() < period.to.getTime())) {
    throw new ValidationError('REPORT.RANGE_INVALID', 'the report period must start before it ends', {
      field: 'to',
      from: period.from.toISOString(),
      to: period.to.toISOString(),
    });
  }
  if (period.to.getTime() - period.from.getTime() > MAX_REPORT_DAYS * DAY_MS) {
    throw new ValidationError('REPORT.RANGE_TOO_LONG', `a report covers at most ${MAX_REPORT_DAYS} days`, {
      field: 'to',
      maxDays: MAX_REPORT_DAYS,
    });
  }
  return period;
};

export const createReportUseCases = ({ uow, clock, settings }: UseCaseDependencies): ReportUseCases => {
  const queries = () => uow.repositories.reports;

  const rowsOf = (name: ReportName, period: ReportPeriod | null): AsyncIterable<ReportRow> => {
    const p = period as ReportPeriod;
    switch (name) {
      case 'sales-by-day':
        return queries().salesByPeriod(p, 'day');
      case 'sales-by-month':
        return queries().salesByPeriod(p, 'month');
      case 'sales-by-product':
        return queries().salesByProduct(p);
      case 'sales-by-category':
        return queries().salesByCategory(p);
      case 'inventory':
        return queries().inventory(settings.lowStockThreshold);
      case 'orders-by-status':
        return (async function* () {
          yield* await queries().ordersByStatus(p);
        })();
    }
  };

  const dataOf = async (name: ReportName, period: ReportPeriod | null): Promise<ReportData> => {
    const p = period as ReportPeriod;
    switch (name) {
      case 'sales-by-day':
      case 'sales-by-month':
        return {
          name,
          rows: await collect(queries().salesByPeriod(p, name === 'sales-by-day' ? 'day' : 'month')),
          totals: await queries().salesTotals(p),
        };
      case 'sales-by-product':
        return { name, rows: await collect(queries().salesByProduct(p)), totals: await queries().salesTotals(p) };
      case 'sales-by-category':
        return { name, rows: await collect(queries().salesByCategory(p)), totals: await queries().salesTotals(p) };
      case 'inventory': {
        const rows = await collect(queries().inventory(settings.lowStockThreshold));
        let valuation: Money = zero();
        for (const row of rows) valuation = add(valuation, row.valuation);
        return {
          name,
          rows,
          totals: {
            products: rows.length,
            units: rows.reduce((n, row) => n + row.stockOnHand, 0),
            valuation,
            lowStock: rows.filter((row) => row.lowStock).length,
          },
          lowStockThreshold: settings.lowStockThreshold,
        };
      }
      case 'orders-by-status': {
        const rows = await queries().ordersByStatus(p);
        let total: Money = zero();
        for (const row of rows) total = add(total, row.total);
        return { name, rows, totals: { orders: rows.reduce((n, row) => n + row.orders, 0), total } };
      }
    }
  };

  return {
    async document(actor, request) {
      authorize(actor, ACCESS.reports);
      const period = checkedPeriod(request);
      return {
        report: await dataOf(request.name, period),
        locale: request.locale,
        shop: settings.shopName,
        period,
        generatedAt: clock.now(),
      };
    },

    async rows(actor, request) {
      authorize(actor, ACCESS.reports);
      return rowsOf(request.name, checkedPeriod(request));
    },
  };
};

const isInvoiceType = (invoice: Invoice): boolean => voucherKindOf(invoice.voucherType) === 'invoice';

export const createDocumentUseCases = ({ uow, settings }: UseCaseDependencies): DocumentUseCases => ({
  async invoice(actor, orderId, { locale, invoiceId }) {
    if (actor.kind !== 'customer') authorize(actor, ACCESS.read);
    const order = await uow.repositories.orders.get(orderId);
    // A customer sees only their own orders: someone else's is as absent as a missing one.
    if (!order || (actor.kind === 'customer' && order.customerId !== actor.customerId)) throw new NotFoundError('order', orderId);
    const vouchers = await uow.repositories.invoices.listByOrder(orderId);
    const chosen =
      invoiceId !== undefined
        ? vouchers.find((voucher) => voucher.id === invoiceId)
        : [...vouchers].reverse().find((voucher) => isInvoiceType(voucher) && voucher.status === 'authorized');
    if (!chosen) throw new NotFoundError('invoice', invoiceId ?? `of order ${orderId}`);
    // A credit note prints the invoice it credits (the order's authorized one).
    const original = isInvoiceType(chosen) ? null : authorizedInvoiceOf(vouchers);
    return invoiceDocumentOf(chosen, order, settings, locale, original);
  },
});
