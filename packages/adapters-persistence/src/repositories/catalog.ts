import {
  type Category,
  type CategoryRepository,
  type Page,
  type PageRequest,
  type Product,
  type ProductRepository,
  type StockMovement,
  type StockMovementRepository,
  ValidationError,
} from '@mostrador/core';
import { type EntityManager, In } from 'typeorm';
import type { CategoryListCache, CategoryWriteScope } from '../category-list-cache.js';
import { CategoryEntity, ProductEntity, type ProductRow, StockMovementEntity, type StockMovementRow } from '../entities/catalog.js';
import {
  categoryFromRow,
  categoryToRow,
  productFromRow,
  productToRow,
  stockMovementFromRow,
  stockMovementToRow,
} from '../mappers/catalog.js';
import { guarded, hydrateRows, reading, selectColumns, upsertRows } from './rows.js';
import { execute } from './sql.js';

const assertPositiveQuantity = (quantity: number): void => {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    throw new ValidationError('STOCK.QUANTITY_INVALID', `stock quantity must be a positive whole number, got ${quantity}`, { quantity });
  }
};

/** SQL for "the product's discount applies at :at" (validFrom inclusive, validUntil exclusive), over alias `p`. */
export const DISCOUNT_ACTIVE_SQL = (at: string): string =>
  `(p.discount_kind IS NOT NULL AND (p.discount_valid_from IS NULL OR p.discount_valid_from <= ${at}) AND (p.discount_valid_until IS NULL OR ${at} < p.discount_valid_until))`;

/**
 * SQL for core's `effectivePrice(product, at)` in centavos, over alias `p`: percent discounts
 * round half-up to the centavo (`(price × bp + 5000) / 10000` in integer arithmetic, exact for
 * non-negative prices), amount discounts are capped at the price; never below zero off.
 */
export const EFFECTIVE_PRICE_SQL = (at: string): string => `(p.price_amount - CASE
    WHEN NOT ${DISCOUNT_ACTIVE_SQL(at)} OR p.price_amount <= 0 THEN 0
    WHEN p.discount_kind = 'percent' THEN LEAST((p.price_amount * LEAST(GREATEST(p.discount_basis_points, 0), 10000) + 5000) / 10000, p.price_amount)
    ELSE GREATEST(LEAST(p.discount_amount, p.price_amount), 0)
  END)`;

/** Rows per statement of a bulk write. */
const BULK_WRITE_ROWS = 2000;

/** [column, SQL type, the row's value as text or null]: every value travels as text and is cast server-side. */
type BulkColumn<R> = readonly [column: string, type: string, value: (row: R) => string | null];

const text = (value: string | number | boolean | null): string | null => (value === null ? null : String(value));
const json = (value: unknown): string => JSON.stringify(value);
const instant = (value: Date | null): string | null => (value === null ? null : value.toISOString());

const PRODUCT_BULK_COLUMNS: readonly BulkColumn<ProductRow>[] = [
  ['id', 'text', (row) => row.id],
  ['sku', 'text', (row) => row.sku],
  ['name', 'text', (row) => row.name],
  ['description', 'text', (row) => row.description],
  ['category_id', 'text', (row) => row.categoryId],
  ['attributes', 'jsonb', (row) => json(row.attributes)],
  ['images', 'jsonb', (row) => json(row.images)],
  ['price_amount', 'bigint', (row) => row.priceAmount],
  ['currency', 'text', (row) => row.currency],
  ['vat_rate', 'integer', (row) => text(row.vatRate)],
  ['stock_on_hand', 'integer', (row) => text(row.stockOnHand)],
  ['reserved', 'integer', (row) => text(row.reserved)],
  ['discount_kind', 'text', (row) => row.discountKind],
  ['discount_basis_points', 'integer', (row) => text(row.discountBasisPoints)],
  ['discount_amount', 'bigint', (row) => row.discountAmount],
  ['discount_currency', 'text', (row) => row.discountCurrency],
  ['discount_valid_from', 'timestamptz', (row) => instant(row.discountValidFrom)],
  ['discount_valid_until', 'timestamptz', (row) => instant(row.discountValidUntil)],
  ['active', 'boolean', (row) => text(row.active)],
  ['translations', 'jsonb', (row) => json(row.translations)],
  ['created_at', 'timestamptz', (row) => instant(row.createdAt)],
  ['updated_at', 'timestamptz', (row) => instant(row.updatedAt)],
];

const MOVEMENT_BULK_COLUMNS: readonly BulkColumn<StockMovementRow>[] = [
  ['id', 'text', (row) => row.id],
  ['product_id', 'text', (row) => row.productId],
  ['delta', 'integer', (row) => text(row.delta)],
  ['reason', 'text', (row) => row.reason],
  ['note', 'text', (row) => row.note],
  ['by', 'text', (row) => row.by],
  ['order_id', 'text', (row) => row.orderId],
  ['at', 'timestamptz', (row) => instant(row.at)],
];

/** INSERT … SELECT FROM unnest($1::text[], …) ON CONFLICT (id) DO UPDATE of every other column: `save`'s upsert, many rows at once. */
const bulkUpsert = <R>(table: string, columns: readonly BulkColumn<R>[]): string => {
  const names = columns.map(([column]) => `"${column}"`);
  const arrays = columns.map((_, index) => `$${index + 1}::text[]`);
  const casts = columns.map(([column, type]) => `u."${column}"::${type}`);
  const updates = names.filter((name) => name !== '"id"').map((name) => `${name} = EXCLUDED.${name}`);
  return `INSERT INTO ${table} (${names.join(', ')})
    SELECT ${casts.join(', ')} FROM unnest(${arrays.join(', ')}) AS u(${names.join(', ')})
    ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}`;
};

/**
 * UPDATE … FROM unnest(…) of every column but id (the same columns the upsert sets), RETURNING the ids it found. A plain UPDATE, not the upsert's INSERT … ON CONFLICT DO UPDATE:
 * for rows that exist, the upsert first tries the insert (the generated search document is
 * computed for the row it cannot insert, and the conflict found in the index) and only then
 * updates; on PGlite that made re-importing a catalog about half again as slow as creating it.
 */
const bulkUpdate = <R>(table: string, columns: readonly BulkColumn<R>[]): string => {
  const names = columns.map(([column]) => `"${column}"`);
  const arrays = columns.map((_, index) => `$${index + 1}::text[]`);
  const sets = columns.filter(([column]) => column !== 'id').map(([column, type]) => `"${column}" = u."${column}"::${type}`);
  return `UPDATE ${table} t SET ${sets.join(', ')}
    FROM unnest(${arrays.join(', ')}) AS u(${names.join(', ')})
    WHERE t.id = u.id
    RETURNING t.id`;
};

const BULK_UPSERT_PRODUCTS = bulkUpsert('products', PRODUCT_BULK_COLUMNS);
const BULK_UPDATE_PRODUCTS = bulkUpdate('products', PRODUCT_BULK_COLUMNS);
const BULK_UPSERT_MOVEMENTS = bulkUpsert('stock_movements', MOVEMENT_BULK_COLUMNS);

export class TypeOrmProductRepository implements ProductRepository {
  constructor(private readonly manager: EntityManager) {}

  private get rows() {
    return this.manager.getRepository(ProductEntity);
  }

  async get(id: string): Promise<Product | null> {
    const row = await reading(() => this.rows.findOneBy({ id }));
    return row ? productFromRow(row) : null;
  }

  async getBySku(sku: string): Promise<Product | null> {
    const row = await reading(() => this.rows.findOneBy({ sku }));
    return row ? productFromRow(row) : null;
  }

  /** In the order of `ids` (duplicates once), skipping unknown ids. */
  async getMany(ids: readonly string[]): Promise<Product[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const rows = await reading(() => this.rows.findBy({ id: In(unique) }));
    const byId = new Map(rows.map((row) => [row.id, row]));
    return unique.flatMap((id) => {
      const row = byId.get(id);
      return row ? [productFromRow(row)] : [];
    });
  }

  /** One statement for every SKU (a bulk import's read); `lock` takes the rows FOR UPDATE. */
  async findBySkus(skus: readonly string[], options: { readonly lock?: boolean } = {}): Promise<Product[]> {
    const unique = [...new Set(skus)];
    if (unique.length === 0) return [];
    const { rows } = await execute<Record<string, unknown>>(
      this.manager,
      `SELECT ${selectColumns(this.manager, ProductEntity, 'p')} FROM products p WHERE p.sku = ANY($1::text[])${options.lock ? ' FOR UPDATE' : ''}`,
      [unique],
    );
    return hydrateRows(this.manager, ProductEntity, rows).map(productFromRow);
  }

  /**
   * By name (byte order), then id. The page and the total in one statement: the window count runs
   * over the matching rows' ids and names only, and only the page's rows are read whole. Only a
   * page past the end needs a second statement to count. Prepared: a category page is read on
   * most catalog taps.
   */
  async list(
    filter: { categoryId?: string; activeOnly?: boolean; onOffer?: boolean; at?: Date },
    page: PageRequest,
  ): Promise<Page<Product>> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    if (filter.categoryId !== undefined) {
      values.push(filter.categoryId);
      conditions.push(`p.category_id = $${values.length}`);
    }
    if (filter.activeOnly) conditions.push('p.active = true');
    if (filter.onOffer) {
      values.push(filter.at ?? new Date());
      conditions.push(DISCOUNT_ACTIVE_SQL(`$${values.length}`));
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const { rows } = await execute<Record<string, unknown>>(
      this.manager,
      `SELECT ${selectColumns(this.manager, ProductEntity, 'p')}, w.list_total
         FROM (SELECT p.id, p.name, count(*) OVER () AS list_total FROM products p ${where}
                ORDER BY p.name COLLATE "C" ASC, p.id ASC LIMIT $${values.length + 1} OFFSET $${values.length + 2}) w
         JOIN products p ON p.id = w.id
        ORDER BY w.name COLLATE "C" ASC, w.id ASC`,
      [...values, page.limit, page.offset],
      { prepare: true },
    );
    let total = rows.length > 0 ? Number(rows[0]!.list_total) : 0;
    if (rows.length === 0 && page.offset > 0) {
      const counted = await execute<{ total: string }>(this.manager, `SELECT count(*) AS total FROM products p ${where}`, values, {
        prepare: true,
      });
      total = Number(counted.rows[0]?.total ?? 0);
    }
    return { items: hydrateRows(this.manager, ProductEntity, rows).map(productFromRow), total, offset: page.offset, limit: page.limit };
  }

  async save(product: Product): Promise<void> {
    await guarded(this.manager, (manager) => upsertRows(manager, ProductEntity, [productToRow(product)]));
  }

  /**
   * `save` for many: BULK_WRITE_ROWS products per statement, each column sent as one text array
   * and unnested server-side (22 parameters whatever the row count; building a 20,000-parameter
   * VALUES list through the query builder cost more than the database's own work). Products that
   * exist are updated by one UPDATE … FROM unnest (see bulkUpdate), the rest inserted by one
   * INSERT (still an upsert, in case a concurrent transaction inserted the id meanwhile).
   */
  async saveMany(products: readonly Product[]): Promise<void> {
    for (let start = 0; start < products.length; start += BULK_WRITE_ROWS) {
      const rows = products.slice(start, start + BULK_WRITE_ROWS).map(productToRow);
      const { rows: found } = await execute<{ id: string }>(
        this.manager,
        BULK_UPDATE_PRODUCTS,
        PRODUCT_BULK_COLUMNS.map(([, , value]) => rows.map(value)),
      );
      const updated = new Set(found.map((row) => row.id));
      const inserts = updated.size === 0 ? rows : rows.filter((row) => !updated.has(row.id));
      if (inserts.length === 0) continue;
      await execute(
        this.manager,
        BULK_UPSERT_PRODUCTS,
        PRODUCT_BULK_COLUMNS.map(([, , value]) => inserts.map(value)),
      );
    }
  }

  async reserve(productId: string, quantity: number): Promise<boolean> {
    assertPositiveQuantity(quantity);
    const { affected } = await execute(
      this.manager,
      'UPDATE products SET reserved = reserved + $2 WHERE id = $1 AND stock_on_hand - reserved >= $2',
      [productId, quantity],
    );
    return affected === 1;
  }

  async release(productId: string, quantity: number): Promise<void> {
    assertPositiveQuantity(quantity);
    await execute(this.manager, 'UPDATE products SET reserved = GREATEST(reserved - $2, 0) WHERE id = $1', [productId, quantity]);
  }

  async commit(productId: string, quantity: number): Promise<void> {
    assertPositiveQuantity(quantity);
    await execute(
      this.manager,
      'UPDATE products SET stock_on_hand = stock_on_hand - $2, reserved = GREATEST(reserved - $2, 0) WHERE id = $1',
      [productId, quantity],
    );
  }

  async adjust(productId: string, delta: number): Promise<boolean> {
    if (!Number.isSafeInteger(delta))
      throw new ValidationError('STOCK.QUANTITY_INVALID', `stock delta must be a whole number, got ${delta}`, { delta });
    const { affected } = await execute(
      this.manager,
      'UPDATE products SET stock_on_hand = stock_on_hand + $2 WHERE id = $1 AND stock_on_hand + $2 >= reserved',
      [productId, delta],
    );
    return affected === 1;
  }

  /** Active products with available ≤ threshold, least available first, then name and id. */
  async lowStock(threshold: number, limit: number): Promise<Product[]> {
    const rows = await reading(() =>
      this.rows
        .createQueryBuilder('p')
        .where('p.active = true')
        .andWhere('GREATEST(p.stockOnHand - p.reserved, 0) <= :threshold', { threshold })
        .orderBy('GREATEST(p.stockOnHand - p.reserved, 0)', 'ASC')
        .addOrderBy('p.name COLLATE "C"', 'ASC')
        .addOrderBy('p.id', 'ASC')
        .limit(limit)
        .getMany(),
    );
    return rows.map(productFromRow);
  }
}

export class TypeOrmCategoryRepository implements CategoryRepository {
  /**
   * `cache`: the persistence instance's category list cache (none: never cached). `scope`: set
   * when bound to a UnitOfWork transaction, which ends the cache's in-flight write when it ends.
   */
  constructor(
    private readonly manager: EntityManager,
    private readonly cache?: CategoryListCache,
    private readonly scope?: CategoryWriteScope,
  ) {}

  private get rows() {
    return this.manager.getRepository(CategoryEntity);
  }

  async get(id: string): Promise<Category | null> {
    const row = await reading(() => this.rows.findOneBy({ id }));
    return row ? categoryFromRow(row) : null;
  }

  async getBySlug(slug: string): Promise<Category | null> {
    const row = await reading(() => this.rows.findOneBy({ slug }));
    return row ? categoryFromRow(row) : null;
  }

  /** By position, then name, then id. Outside transactions, from the instance's cache when it holds a usable list. */
  async list(): Promise<Category[]> {
    const cache = this.scope === undefined ? this.cache : undefined;
    if (cache === undefined) return this.read();
    const hit = cache.get();
    if (hit !== null) return hit;
    const ticket = cache.ticket();
    const list = await this.read();
    cache.offer(ticket, list);
    return list;
  }

  private async read(): Promise<Category[]> {
    // Read on most catalog screens: plain SQL, prepared, without the query builder's per-call cost.
    const { rows } = await execute<Record<string, unknown>>(
      this.manager,
      `SELECT ${selectColumns(this.manager, CategoryEntity, 'c')} FROM categories c ORDER BY c.position ASC, c.name COLLATE "C" ASC, c.id ASC`,
      [],
      { prepare: true },
    );
    return hydrateRows(this.manager, CategoryEntity, rows).map(categoryFromRow);
  }

  async save(category: Category): Promise<void> {
    await this.writing(() => guarded(this.manager, (manager) => upsertRows(manager, CategoryEntity, [categoryToRow(category)])));
  }

  async delete(id: string): Promise<void> {
    await this.writing(() => execute(this.manager, 'DELETE FROM categories WHERE id = $1', [id]));
  }

  /** Marks the write in flight on the cache: until the statement returns, or (in a transaction) until the transaction ends. */
  private async writing(work: () => Promise<unknown>): Promise<void> {
    const cache = this.cache;
    if (cache === undefined) {
      await work();
      return;
    }
    if (this.scope !== undefined && !this.scope.ended) {
      if (!this.scope.wroteCategories) {
        this.scope.wroteCategories = true;
        cache.writeStarted();
      }
      await work();
      return;
    }
    cache.writeStarted();
    try {
      await work();
    } finally {
      cache.writeEnded();
    }
  }
}

export class TypeOrmStockMovementRepository implements StockMovementRepository {
  constructor(private readonly manager: EntityManager) {}

  async add(movement: StockMovement): Promise<void> {
    await upsertRows(this.manager, StockMovementEntity, [stockMovementToRow(movement)]);
  }

  /** `add` for many: BULK_WRITE_ROWS movements per statement, columns as unnested text arrays (see saveMany). */
  async addMany(movements: readonly StockMovement[]): Promise<void> {
    for (let start = 0; start < movements.length; start += BULK_WRITE_ROWS) {
      const rows = movements.slice(start, start + BULK_WRITE_ROWS).map(stockMovementToRow);
      await execute(
        this.manager,
        BULK_UPSERT_MOVEMENTS,
        MOVEMENT_BULK_COLUMNS.map(([, , value]) => rows.map(value)),
      );
    }
  }

  /** Newest first: by time, then by insertion. */
  async listByProduct(productId: string, page: PageRequest): Promise<Page<StockMovement>> {
    const [rows, total] = await reading(() =>
      this.manager
        .getRepository(StockMovementEntity)
        .createQueryBuilder('m')
        .where('m.productId = :productId', { productId })
        .orderBy('m.at', 'DESC')
        .addOrderBy('m.seq', 'DESC')
        .offset(page.offset)
        .limit(page.limit)
        .getManyAndCount(),
    );
    return { items: rows.map(stockMovementFromRow), total, offset: page.offset, limit: page.limit };
  }
}
