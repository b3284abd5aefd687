import type { Money } from '../money/money.js';
import type { OrderStatus } from '../ordering/order.js';
import type { Locale } from '../shared/types.js';

/** The reports the back office and the staff menu offer (`GET /api/v1/reports/{name}`). */
export const REPORT_NAMES = [
  'sales-by-day',
  'sales-by-month',
  'sales-by-product',
  'sales-by-category',
  'inventory',
  'orders-by-status',
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/** Reports over a period of orders; `inventory` is a snapshot of now and takes no period. */
export const reportNeedsPeriod = (name: ReportName): boolean => name !== 'inventory';

/**
 * `[from, to)`: orders created at or after `from` and before `to`. Sales count orders whose money
 * the shop keeps (paid, invoiced, shipped, delivered), by the day they were placed.
 */
export interface ReportPeriod {
  readonly from: Date;
  readonly to: Date;
}

/** Money of sold lines: `total` VAT included, split into `net` + `vat` per line (net = total × 10000 / (10000 + rate), half-up). */
export interface SalesFigures {
  /** Distinct orders. */
  readonly orders: number;
  readonly units: number;
  readonly net: Money;
  readonly vat: Money;
  readonly total: Money;
}

export interface SalesPeriodRow extends SalesFigures {
  /** `YYYY-MM-DD` (by day) or `YYYY-MM` (by month), calendar of Argentina (UTC−03:00). */
  readonly period: string;
}

export interface ProductSalesRow extends SalesFigures {
  readonly productId: string;
  /** The product's SKU and name now; for a deleted product, those of its latest sold line. */
  readonly sku: string;
  readonly name: string;
  /** The product's category now; null when it has none or the product is gone. */
  readonly categoryId: string | null;
  readonly category: string | null;
}

export interface CategorySalesRow extends SalesFigures {
  /** null: products without a category (or deleted ones). */
  readonly categoryId: string | null;
  readonly category: string | null;
}

export interface InventoryRow {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly categoryId: string | null;
  readonly category: string | null;
  readonly stockOnHand: number;
  readonly reserved: number;
  /** stockOnHand − reserved, never below 0. */
  readonly available: number;
  /** List price, VAT included. */
  readonly unitPrice: Money;
  /** stockOnHand × unitPrice. */
  readonly valuation: Money;
  /** available ≤ the shop's low-stock threshold. */
  readonly lowStock: boolean;
}

export interface StatusRow {
  readonly status: OrderStatus;
  readonly orders: number;
  /** Sum of the orders' totals (VAT included). */
  readonly total: Money;
}

export type ReportData =
  | {
      readonly name: 'sales-by-day' | 'sales-by-month';
      readonly rows: readonly SalesPeriodRow[];
      readonly totals: SalesFigures;
    }
  | { readonly name: 'sales-by-product'; readonly rows: readonly ProductSalesRow[]; readonly totals: SalesFigures }
  | { readonly name: 'sales-by-category'; readonly rows: readonly CategorySalesRow[]; readonly totals: SalesFigures }
  | {
      readonly name: 'inventory';
      readonly rows: readonly InventoryRow[];
      readonly totals: { readonly products: number; readonly units: number; readonly valuation: Money; readonly lowStock: number };
      readonly lowStockThreshold: number;
    }
  | {
      readonly name: 'orders-by-status';
      readonly rows: readonly StatusRow[];
      readonly totals: { readonly orders: number; readonly total: Money };
    };

/** A report row, whichever report. */
export type ReportRow = ReportData['rows'][number];

/**
 * A report as data, what `DocumentRenderer.renderReport` receives: the renderer owns layout,
 * labels, number and date formats for `locale`.
 */
export interface ReportDocument {
  readonly report: ReportData;
  readonly locale: Locale;
  /** The shop's name, for the heading. */
  readonly shop: string;
  /** null for `inventory` (a snapshot at `generatedAt`). */
  readonly period: ReportPeriod | null;
  readonly generatedAt: Date;
}
