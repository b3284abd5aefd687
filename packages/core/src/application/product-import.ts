import type { Product } from '../catalog/product.js';
import { type Currency, type Money, money } from '../money/money.js';
import { isVatRate, type VatRate } from '../money/vat.js';
import type { DomainEvent } from '../notifications/domain-event.js';
import type { StockMovement } from '../ordering/stock-movement.js';
import type { IdGenerator } from '../ports/services.js';
import { checkDescription, checkName, checkPriceCentavos, checkSku, checkStock, type RuleBreak } from './product-rules.js';
import { availabilityEvents } from './stock-changes.js';
import type { ImportRowError } from './use-cases.js';

/**
 * Columns of a product import (header names are case-insensitive). Only `sku` must be present.
 * Semantics (docs/csv.md, "Import semantics"):
 * - a column that is absent leaves that field of an existing product as it is; a new product gets
 *   the default (description "", no category, active, 0 units) — but `name`, `price` and `vat`
 *   have none, so a new product's row must give them;
 * - a present but empty cell clears an optional field (`description` → "", `category` → none),
 *   is refused for a required one (`sku`, `name`, `price`, `vat`, `stock`), and for `active`
 *   (which has no empty value) means the same as an absent column.
 * Values obey the same rules as `createProduct` (product-rules.ts).
 */
export const IMPORT_COLUMNS = ['sku', 'name', 'description', 'price', 'vat', 'stock', 'category', 'active'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** One valid row; a field is undefined when the row leaves it alone (see IMPORT_COLUMNS). */
export interface ParsedImportRow {
  /** 1-based position among the data rows (the header is not counted). */
  readonly row: number;
  readonly sku: string;
  readonly name?: string;
  readonly description?: string;
  readonly price?: Money;
  readonly vatRate?: VatRate;
  readonly stock?: number;
  /** null: the row clears the category. */
  readonly categoryId?: string | null;
  readonly active?: boolean;
}

/** "21" → 2100, "10.5" / "10,5" / "10,5 %" → 1050; null unless it is a rate ARCA accepts. */
export const parseVatPercent = (text: string): VatRate | null => {
  const match = /^(\d{1,2})(?:[.,](\d{1,2}))?\s*%?$/.exec(text.trim());
  if (!match) return null;
  const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return isVatRate(basisPoints) ? basisPoints : null;
};

/** "1234", "1234.5", "1234,50": at most one separator, and it is the decimal one (1 or 2 digits after it). */
const PLAIN_PRICE = /^(\d+)(?:[.,](\d{1,2}))?$/;
/** "1.234,50" (es-AR) or "1,234.50" (en): grouped thousands only with the other separator's decimals, so never ambiguous. */
const GROUPED_PRICE = [/^(\d{1,3}(?:\.\d{3})+),(\d{1,2})$/, /^(\d{1,3}(?:,\d{3})+)\.(\d{1,2})$/] as const;

/** The accepted forms, for error messages and docs/csv.md. */
export const IMPORT_PRICE_FORMATS = '1234, 1234.5, 1234.50, 1234,50, 1.234,50 or 1,234.50 (an optional leading $)';

/**
 * A positive price; null when the text is not one of IMPORT_PRICE_FORMATS. Anything that could be
 * read two ways is refused, never guessed: "10.555" and "1,234" (thousands or decimals?),
 * "1.234.567" (no decimal part to tell them apart), more than two decimals.
 */
export const parseImportPrice = (text: string, currency: Currency = 'ARS'): Money | null => {
  const trimmed = text.trim().replace(/^\$\s*/, '');
  const match = PLAIN_PRICE.exec(trimmed) ?? GROUPED_PRICE[0].exec(trimmed) ?? GROUPED_PRICE[1].exec(trimmed);
  if (!match) return null;
  const whole = match[1]!.replace(/[.,]/g, '');
  if (whole.length > 15) return null;
  const cents = Number(whole) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return checkPriceCentavos(cents) === null ? money(cents, currency) : null;
};

const normalizeKeys = (record: Readonly<Record<string, string>>): Map<string, string> =>
  new Map(Object.entries(record).map(([key, value]) => [key.trim().toLowerCase(), (value ?? '').trim()]));

/**
 * Validates every row on its own (no database) and reports every problem with its row number;
 * nothing is half-parsed. `categoryIdBySlug` resolves the `category` column.
 */
export const parseImportRows = (
  rows: readonly Readonly<Record<string, string>>[],
  categoryIdBySlug: ReadonlyMap<string, string>,
): { readonly rows: readonly ParsedImportRow[]; readonly errors: readonly ImportRowError[] } => {
  const parsed: ParsedImportRow[] = [];
  const errors: ImportRowError[] = [];
  const firstRowBySku = new Map<string, number>();

  rows.forEach((record, index) => {
    const row = index + 1;
    const cells = normalizeKeys(record);
    let valid = true;
    const fail = (field: ImportColumn, code: string, message: string): void => {
      errors.push({ row, field, code, message });
      valid = false;
    };
    const failRule = (field: ImportColumn, rule: RuleBreak | null): void => {
      if (rule) fail(field, `IMPORT.${rule.reason}`, rule.message);
    };
    /** undefined: the column is absent; null: present but empty (refused, reported). */
    const requiredIfPresent = (field: ImportColumn): string | null | undefined => {
      const value = cells.get(field);
      if (value === '') {
        fail(field, 'IMPORT.REQUIRED', `${field} cannot be empty`);
        return null;
      }
      return value;
    };

    const sku = cells.get('sku') ?? '';
    if (sku === '') fail('sku', 'IMPORT.REQUIRED', 'sku is required');
    else if (checkSku(sku)) failRule('sku', checkSku(sku));
    else if (firstRowBySku.has(sku)) fail('sku', 'IMPORT.DUPLICATE_SKU', `sku "${sku}" already appears in row ${firstRowBySku.get(sku)}`);
    else firstRowBySku.set(sku, row);

    const name = requiredIfPresent('name');
    if (name) failRule('name', checkName(name));

    const description = cells.get('description');
    if (description !== undefined) failRule('description', checkDescription(description));

    const priceText = requiredIfPresent('price');
    const price = priceText ? parseImportPrice(priceText) : undefined;
    if (priceText && price === null)
      fail('price', 'IMPORT.PRICE_INVALID', `price "${priceText}" is not a positive amount written as ${IMPORT_PRICE_FORMATS}`);

    const vatText = requiredIfPresent('vat');
    const vatRate = vatText ? parseVatPercent(vatText) : undefined;
    if (vatText && vatRate === null) fail('vat', 'IMPORT.VAT_INVALID', `vat "${vatText}" must be one of 0, 2.5, 5, 10.5, 21, 27`);

    const stockText = requiredIfPresent('stock');
    const stock = stockText && /^\d{1,10}$/.test(stockText) ? Number(stockText) : undefined;
    if (stockText && (stock === undefined || checkStock(stock) !== null))
      fail('stock', 'IMPORT.STOCK_INVALID', `stock "${stockText}" must be a whole number from 0 to 2147483647`);

    const slug = cells.get('category');
    // undefined: leave it; null: clear it (empty cell); else the slug's category.
    let categoryId: string | null | undefined;
    if (slug === '') categoryId = null;
    else if (slug !== undefined) categoryId = categoryIdBySlug.get(slug.toLowerCase());
    if (slug && categoryId === undefined) fail('category', 'IMPORT.CATEGORY_NOT_FOUND', `category "${slug}" does not exist`);

    const activeText = (cells.get('active') ?? '').toLowerCase();
    if (activeText !== '' && activeText !== 'true' && activeText !== 'false')
      fail('active', 'IMPORT.ACTIVE_INVALID', `active must be true or false, got "${activeText}"`);

    if (!valid) return;
    parsed.push({
      row,
      sku,
      ...(name ? { name } : {}),
      ...(description === undefined ? {} : { description }),
      ...(price ? { price } : {}),
      ...(vatRate ? { vatRate } : {}),
      ...(stock === undefined ? {} : { stock }),
      ...(categoryId === undefined ? {} : { categoryId }),
      ...(activeText === '' ? {} : { active: activeText === 'true' }),
    });
  });

  return { rows: parsed, errors };
};

/** What an import writes, worked out in memory from the rows and the products they name. */
export interface ImportPlan {
  readonly errors: readonly ImportRowError[];
  /** New and changed products, whole, in row order (a row that changes nothing is counted in `updated` but not written). */
  readonly products: readonly Product[];
  readonly movements: readonly StockMovement[];
  readonly events: readonly DomainEvent[];
  readonly created: number;
  readonly updated: number;
}

/** Whether `after` differs from `current` in a field an import row can set. */
const changes = (current: Product, after: Product): boolean =>
  after.name !== current.name ||
  after.description !== current.description ||
  after.price.amount !== current.price.amount ||
  after.price.currency !== current.price.currency ||
  after.vatRate !== current.vatRate ||
  after.categoryId !== current.categoryId ||
  after.active !== current.active ||
  after.stockOnHand !== current.stockOnHand;

/**
 * Merges each row into the product holding its SKU (only the fields the row gives) or builds a new
 * product (defaults for what it does not give), with an `import` stock movement for every change
 * of stock on hand and the availability events that change causes. Pure: the caller reads
 * `existing` and writes the plan. Refuses stock below what orders reserved, and a new product
 * without name, price or VAT.
 */
export const planImport = (
  rows: readonly ParsedImportRow[],
  existing: readonly Product[],
  context: { readonly ids: IdGenerator; readonly at: Date; readonly by: string; readonly lowStockThreshold: number },
): ImportPlan => {
  const { ids, at, by } = context;
  const bySku = new Map(existing.map((product) => [product.sku, product]));
  const errors: ImportRowError[] = [];
  const products: Product[] = [];
  const movements: StockMovement[] = [];
  const events: DomainEvent[] = [];
  let created = 0;
  let updated = 0;
  const movement = (productId: string, delta: number, row: number): StockMovement => ({
    id: ids.next(),
    productId,
    delta,
    reason: 'import',
    note: `import row ${row}`,
    by,
    orderId: null,
    at,
  });

  for (const row of rows) {
    const current = bySku.get(row.sku);
    if (current) {
      if (row.stock !== undefined && row.stock < current.reserved) {
        errors.push({
          row: row.row,
          field: 'stock',
          code: 'IMPORT.STOCK_BELOW_RESERVED',
          message: `stock ${row.stock} is below the ${current.reserved} units reserved by orders`,
        });
        continue;
      }
      const after: Product = {
        ...current,
        name: row.name ?? current.name,
        description: row.description ?? current.description,
        price: row.price ?? current.price,
        vatRate: row.vatRate ?? current.vatRate,
        categoryId: row.categoryId === undefined ? current.categoryId : row.categoryId,
        active: row.active ?? current.active,
        stockOnHand: row.stock ?? current.stockOnHand,
        updatedAt: at,
      };
      // A row that changes nothing is not written (nor its updatedAt moved): sending a file again,
      // as after an interrupted import, rewrites only what is still different.
      if (!changes(current, after)) {
        updated += 1;
        continue;
      }
      products.push(after);
      const delta = after.stockOnHand - current.stockOnHand;
      if (delta !== 0) {
        movements.push(movement(current.id, delta, row.row));
        events.push(...availabilityEvents(current, after, context.lowStockThreshold, at));
      }
      updated += 1;
      continue;
    }
    const missing = (['name', 'price', 'vat'] as const).filter(
      (field) => (field === 'name' ? row.name : field === 'price' ? row.price : row.vatRate) === undefined,
    );
    for (const field of missing)
      errors.push({ row: row.row, field, code: 'IMPORT.REQUIRED', message: `${field} is required for a new product (sku ${row.sku})` });
    if (missing.length > 0 || row.name === undefined || row.price === undefined || row.vatRate === undefined) continue;
    const product: Product = {
      id: ids.next(),
      sku: row.sku,
      name: row.name,
      description: row.description ?? '',
      categoryId: row.categoryId ?? null,
      attributes: {},
      images: [],
      price: row.price,
      vatRate: row.vatRate,
      discount: null,
      active: row.active ?? true,
      translations: {},
      stockOnHand: row.stock ?? 0,
      reserved: 0,
      createdAt: at,
      updatedAt: at,
    };
    products.push(product);
    if (product.stockOnHand > 0) movements.push(movement(product.id, product.stockOnHand, row.row));
    created += 1;
  }
  return { errors, products, movements, events, created, updated };
};
