import type {
  CategorySalesRow,
  InventoryRow,
  ProductSalesRow,
  ReportPeriod,
  SalesFigures,
  SalesPeriodRow,
  StatusRow,
} from '../reporting/report.js';

/**
 * Read-only aggregates over orders and products for reports, computed where the data is (SQL on a
 * database). Rows come as async iterables read in batches, so a long period never sits in memory
 * twice; iterate each once.
 *
 * Rules (testkit's `reportQueriesContract` pins them):
 * - sales count lines of orders whose status is paid, invoiced, shipped or delivered, created in
 *   `[from, to)`; `units` sums quantities, `orders` counts distinct orders;
 * - per line, `net = round(total × 10000 / (10000 + vatRate))` half-up and `vat = total − net`;
 *   figures sum those per-line amounts;
 * - days and months are calendar days of UTC−03:00 (Argentina, no daylight saving), keys
 *   `YYYY-MM-DD` / `YYYY-MM`, ascending, only periods with sales;
 * - by product: descending `total`, then product id; by category: descending `total`, then
 *   category name (uncategorized last); inventory: active products by SKU; by status: every status
 *   with at least one order, in the order of `ORDER_STATUSES`.
 *
 * Example: one paid order on 2025-03-10 10:00 UTC−3 with 2 × $ 1.210,00 at 21 % →
 * `salesByPeriod(range, 'day')` yields `{ period: '2025-03-10', orders: 1, units: 2, net: 2000,00, vat: 420,00, total: 2420,00 }`.
 */
export interface ReportQueries {
  salesByPeriod(period: ReportPeriod, granularity: 'day' | 'month'): AsyncIterable<SalesPeriodRow>;
  salesByProduct(period: ReportPeriod): AsyncIterable<ProductSalesRow>;
  salesByCategory(period: ReportPeriod): AsyncIterable<CategorySalesRow>;
  inventory(lowStockThreshold: number): AsyncIterable<InventoryRow>;
  /** All sales of the period at once (`orders` counts each order once, whatever its lines). */
  salesTotals(period: ReportPeriod): Promise<SalesFigures>;
  ordersByStatus(period: ReportPeriod): Promise<StatusRow[]>;
}
