import {
  availableStock,
  type CategorySalesRow,
  type InventoryRow,
  money,
  multiply,
  netFromGross,
  ORDER_STATUSES,
  type Order,
  type OrderStatus,
  type ProductSalesRow,
  type ReportPeriod,
  type ReportQueries,
  type SalesFigures,
  type SalesPeriodRow,
  type StatusRow,
} from '@mostrador/core';
import type { TableAccess } from './memory-tables.js';

/** Orders whose money the shop keeps, as reports count them. */
const SOLD: readonly OrderStatus[] = ['paid', 'invoiced', 'shipped', 'delivered'];
const ARGENTINA_OFFSET_MS = -3 * 3_600_000;

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Mutable running figures of a group. */
interface Tally {
  readonly orders: Set<string>;
  units: number;
  net: number;
  total: number;
}

const tally = (): Tally => ({ orders: new Set(), units: 0, net: 0, total: 0 });

const figures = (t: Tally): SalesFigures => ({
  orders: t.orders.size,
  units: t.units,
  net: money(t.net),
  vat: money(t.total - t.net),
  total: money(t.total),
});

/** The same aggregates as the SQL adapter, computed over the in-memory tables. */
export class InMemoryReportQueries implements ReportQueries {
  constructor(private readonly access: TableAccess) {}

  private soldOrders(period: ReportPeriod): Order[] {
    return [...this.access.read().orders.values()]
      .filter((order) => SOLD.includes(order.status) && order.createdAt >= period.from && order.createdAt < period.to)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.number - b.number);
  }

  /** Every sold line with its order, oldest order first. */
  private *lines(period: ReportPeriod) {
    for (const order of this.soldOrders(period)) for (const line of order.lines) yield { order, line };
  }

  private groupBy(period: ReportPeriod, keyOf: (order: Order, productId: string) => string): Map<string, Tally> {
    const groups = new Map<string, Tally>();
    for (const { order, line } of this.lines(period)) {
      const key = keyOf(order, line.productId);
      const group = groups.get(key) ?? tally();
      group.orders.add(order.id);
      group.units += line.quantity;
      group.net += netFromGross(line.total, line.vatRate).amount;
      group.total += line.total.amount;
      groups.set(key, group);
    }
    return groups;
  }

  async *salesByPeriod(period: ReportPeriod, granularity: 'day' | 'month'): AsyncIterable<SalesPeriodRow> {
    const length = granularity === 'day' ? 10 : 7;
    const groups = this.groupBy(period, (order) =>
      new Date(order.createdAt.getTime() + ARGENTINA_OFFSET_MS).toISOString().slice(0, length),
    );
    for (const key of [...groups.keys()].sort(compareText)) yield { period: key, ...figures(groups.get(key) as Tally) };
  }

  async *salesByProduct(period: ReportPeriod): AsyncIterable<ProductSalesRow> {
    const tables = this.access.read();
    const latest = new Map<string, { sku: string; name: string }>();
    for (const { line } of this.lines(period)) latest.set(line.productId, { sku: line.sku, name: line.name });
    const rows = [...this.groupBy(period, (_, productId) => productId)].map(([productId, group]): ProductSalesRow => {
      const product = tables.products.get(productId);
      const category = product?.categoryId ? (tables.categories.get(product.categoryId) ?? null) : null;
      const sold = latest.get(productId) as { sku: string; name: string };
      return {
        productId,
        sku: product?.sku ?? sold.sku,
        name: product?.name ?? sold.name,
        categoryId: category?.id ?? null,
        category: category?.name ?? null,
        ...figures(group),
      };
    });
    yield* rows.sort((a, b) => b.total.amount - a.total.amount || compareText(a.productId, b.productId));
  }

  async *salesByCategory(period: ReportPeriod): AsyncIterable<CategorySalesRow> {
    const tables = this.access.read();
    const categoryOf = (productId: string) => {
      const product = tables.products.get(productId);
      return product?.categoryId ? (tables.categories.get(product.categoryId) ?? null) : null;
    };
    const rows = [...this.groupBy(period, (_, productId) => categoryOf(productId)?.id ?? '')].map(
      ([categoryId, group]): CategorySalesRow => ({
        categoryId: categoryId === '' ? null : categoryId,
        category: categoryId === '' ? null : (tables.categories.get(categoryId)?.name ?? null),
        ...figures(group),
      }),
    );
    yield* rows.sort(
      (a, b) =>
        b.total.amount - a.total.amount ||
        (a.category === null ? 1 : 0) - (b.category === null ? 1 : 0) ||
        compareText(a.category ?? '', b.category ?? '') ||
        compareText(a.categoryId ?? '', b.categoryId ?? ''),
    );
  }

  async *inventory(lowStockThreshold: number): AsyncIterable<InventoryRow> {
    const tables = this.access.read();
    const products = [...tables.products.values()].filter((product) => product.active).sort((a, b) => compareText(a.sku, b.sku));
    for (const product of products) {
      const category = product.categoryId ? (tables.categories.get(product.categoryId) ?? null) : null;
      const available = availableStock(product);
      yield {
        productId: product.id,
        sku: product.sku,
        name: product.name,
        categoryId: category?.id ?? null,
        category: category?.name ?? null,
        stockOnHand: product.stockOnHand,
        reserved: product.reserved,
        available,
        unitPrice: product.price,
        valuation: multiply(product.price, product.stockOnHand),
        lowStock: available <= lowStockThreshold,
      };
    }
  }

  async salesTotals(period: ReportPeriod): Promise<SalesFigures> {
    return figures(this.groupBy(period, () => 'all').get('all') ?? tally());
  }

  async ordersByStatus(period: ReportPeriod): Promise<StatusRow[]> {
    const orders = [...this.access.read().orders.values()].filter((order) => order.createdAt >= period.from && order.createdAt < period.to);
    return ORDER_STATUSES.flatMap((status): StatusRow[] => {
      const matching = orders.filter((order) => order.status === status);
      return matching.length === 0
        ? []
        : [{ status, orders: matching.length, total: money(matching.reduce((n, order) => n + order.total.amount, 0)) }];
    });
  }
}
