import {
  type CategorySalesRow,
  type InventoryRow,
  money,
  ORDER_STATUSES,
  type OrderStatus,
  type ProductSalesRow,
  type ReportPeriod,
  type ReportQueries,
  type SalesFigures,
  type SalesPeriodRow,
  type StatusRow,
} from '@mostrador/core';
import type { EntityManager } from 'typeorm';
import { toCurrency, toSafeInteger } from '../mappers/values.js';
import { execute } from './sql.js';

/** Rows fetched per round trip while a report streams. */
const BATCH = 500;

/**
 * The sold lines of a period, each with its net of VAT (`net = round(total × 10000 / (10000 + rate))`
 * half-up, in integer arithmetic: floor((2·total·10000 + d) / 2d) with d = 10000 + rate). $1 from, $2 to.
 */
const SOLD_LINES = `
  sold AS (
    SELECT o.id AS order_id, o.number, o.created_at, l.ordinality,
           l.value ->> 'productId' AS product_id, l.value ->> 'sku' AS sku, l.value ->> 'name' AS name,
           (l.value ->> 'quantity')::bigint AS quantity,
           (l.value -> 'total' ->> 'amount')::bigint AS total,
           ((l.value -> 'total' ->> 'amount')::bigint * 20000 + (10000 + (l.value ->> 'vatRate')::bigint))
             / (2 * (10000 + (l.value ->> 'vatRate')::bigint)) AS net
    FROM orders o CROSS JOIN LATERAL jsonb_array_elements(o.lines) WITH ORDINALITY AS l(value, ordinality)
    WHERE o.status IN ('paid', 'invoiced', 'shipped', 'delivered') AND o.created_at >= $1 AND o.created_at < $2
  )`;

const FIGURES = `count(DISTINCT s.order_id) AS orders, coalesce(sum(s.quantity), 0) AS units,
  coalesce(sum(s.net), 0) AS net, coalesce(sum(s.total), 0) AS total`;

interface FigureColumns {
  orders: string | number;
  units: string | number;
  net: string | number;
  total: string | number;
}

const figuresOf = (row: FigureColumns, what: string): SalesFigures => {
  const net = toSafeInteger(row.net, `${what}.net`);
  const total = toSafeInteger(row.total, `${what}.total`);
  return {
    orders: toSafeInteger(row.orders, `${what}.orders`),
    units: toSafeInteger(row.units, `${what}.units`),
    net: money(net),
    vat: money(total - net),
    total: money(total),
  };
};

/** Report aggregates in SQL, streamed in batches of {@link BATCH} rows (LIMIT/OFFSET over a deterministic order). */
export class TypeOrmReportQueries implements ReportQueries {
  constructor(private readonly manager: EntityManager) {}

  private async *batches<R>(sql: string, parameters: readonly unknown[]): AsyncIterable<R> {
    const n = parameters.length;
    for (let offset = 0; ; offset += BATCH) {
      const { rows } = await execute<R>(this.manager, `${sql} LIMIT $${n + 1} OFFSET $${n + 2}`, [...parameters, BATCH, offset]);
      yield* rows;
      if (rows.length < BATCH) return;
    }
  }

  async *salesByPeriod(period: ReportPeriod, granularity: 'day' | 'month'): AsyncIterable<SalesPeriodRow> {
    const format = granularity === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM';
    const sql = `WITH ${SOLD_LINES}
      SELECT to_char((s.created_at AT TIME ZONE 'UTC') - interval '3 hours', '${format}') AS period, ${FIGURES}
      FROM sold s GROUP BY 1 ORDER BY 1`;
    for await (const row of this.batches<FigureColumns & { period: string }>(sql, [period.from, period.to])) {
      yield { period: row.period, ...figuresOf(row, 'sales') };
    }
  }

  async *salesByProduct(period: ReportPeriod): AsyncIterable<ProductSalesRow> {
    const sql = `WITH ${SOLD_LINES},
      grouped AS (
        SELECT s.product_id, ${FIGURES},
               (array_agg(s.sku ORDER BY s.created_at DESC, s.number DESC, s.ordinality DESC))[1] AS line_sku,
               (array_agg(s.name ORDER BY s.created_at DESC, s.number DESC, s.ordinality DESC))[1] AS line_name
        FROM sold s GROUP BY s.product_id
      )
      SELECT g.*, coalesce(p.sku, g.line_sku) AS sku, coalesce(p.name, g.line_name) AS name, c.id AS category_id, c.name AS category
      FROM grouped g LEFT JOIN products p ON p.id = g.product_id LEFT JOIN categories c ON c.id = p.category_id
      ORDER BY g.total DESC, g.product_id COLLATE "C"`;
    type Row = FigureColumns & { product_id: string; sku: string; name: string; category_id: string | null; category: string | null };
    for await (const row of this.batches<Row>(sql, [period.from, period.to])) {
      yield {
        productId: row.product_id,
        sku: row.sku,
        name: row.name,
        categoryId: row.category_id,
        category: row.category,
        ...figuresOf(row, 'sales'),
      };
    }
  }

  async *salesByCategory(period: ReportPeriod): AsyncIterable<CategorySalesRow> {
    const sql = `WITH ${SOLD_LINES}
      SELECT c.id AS category_id, c.name AS category, ${FIGURES}
      FROM sold s LEFT JOIN products p ON p.id = s.product_id LEFT JOIN categories c ON c.id = p.category_id
      GROUP BY c.id, c.name
      ORDER BY total DESC, (c.name IS NULL), c.name COLLATE "C", c.id COLLATE "C"`;
    type Row = FigureColumns & { category_id: string | null; category: string | null };
    for await (const row of this.batches<Row>(sql, [period.from, period.to])) {
      yield { categoryId: row.category_id, category: row.category, ...figuresOf(row, 'sales') };
    }
  }

  async *inventory(lowStockThreshold: number): AsyncIterable<InventoryRow> {
    const sql = `SELECT p.id, p.sku, p.name, c.id AS category_id, c.name AS category, p.stock_on_hand, p.reserved, p.price_amount, p.currency
      FROM products p LEFT JOIN categories c ON c.id = p.category_id
      WHERE p.active ORDER BY p.sku COLLATE "C", p.id COLLATE "C"`;
    type Row = {
      id: string;
      sku: string;
      name: string;
      category_id: string | null;
      category: string | null;
      stock_on_hand: number;
      reserved: number;
      price_amount: string | number;
      currency: string;
    };
    for await (const row of this.batches<Row>(sql, [])) {
      const price = money(toSafeInteger(row.price_amount, 'products.price_amount'), toCurrency(row.currency));
      const available = Math.max(0, row.stock_on_hand - row.reserved);
      yield {
        productId: row.id,
        sku: row.sku,
        name: row.name,
        categoryId: row.category_id,
        category: row.category,
        stockOnHand: row.stock_on_hand,
        reserved: row.reserved,
        available,
        unitPrice: price,
        valuation: money(price.amount * row.stock_on_hand, price.currency),
        lowStock: available <= lowStockThreshold,
      };
    }
  }

  async salesTotals(period: ReportPeriod): Promise<SalesFigures> {
    const { rows } = await execute<FigureColumns>(this.manager, `WITH ${SOLD_LINES} SELECT ${FIGURES} FROM sold s`, [
      period.from,
      period.to,
    ]);
    return figuresOf(rows[0] as FigureColumns, 'sales');
  }

  async ordersByStatus(period: ReportPeriod): Promise<StatusRow[]> {
    const { rows } = await execute<{ status: string; orders: string | number; total: string | number }>(
      this.manager,
      'SELECT status, count(*) AS orders, sum(total_amount) AS total FROM orders WHERE created_at >= $1 AND created_at < $2 GROUP BY status',
      [period.from, period.to],
    );
    const byStatus = new Map(rows.map((row) => [row.status as OrderStatus, row]));
    return ORDER_STATUSES.flatMap((status): StatusRow[] => {
      const row = byStatus.get(status);
      return row
        ? [{ status, orders: toSafeInteger(row.orders, 'orders.count'), total: money(toSafeInteger(row.total, 'orders.total_amount')) }]
        : [];
    });
  }
}
