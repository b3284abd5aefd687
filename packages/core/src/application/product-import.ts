import { type Currency, type Money, parseMoney } from '../money/money.js';
import { isVatRate, type VatRate } from '../money/vat.js';
import { isDomainError } from '../shared/errors.js';
import type { ImportRowError } from './use-cases.js';

/**
 * Columns of a product import (header names are case-insensitive):
 * `sku`, `name`, `price` ("1234.56" or es-AR "1.234,56"), `vat` (percent: "21", "10.5", "10,5"),
 * `stock` (units on hand, integer ≥ 0) are required; `description`, `category` (an existing
 * category slug; empty = none) and `active` ("true"/"false"; empty = true) are optional.
 */
export const IMPORT_COLUMNS = ['sku', 'name', 'description', 'price', 'vat', 'stock', 'category', 'active'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export interface ParsedImportRow {
  /** 1-based position among the data rows (the header is not counted). */
  readonly row: number;
  readonly sku: string;
  readonly name: string;
  readonly description: string;
  readonly price: Money;
  readonly vatRate: VatRate;
  readonly stock: number;
  readonly categoryId: string | null;
  readonly active: boolean;
}

const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/;
const MAX_NAME_LENGTH = 200;
const MAX_STOCK = 1_000_000_000;

/** "21" → 2100, "10.5" / "10,5" / "10,5 %" → 1050; null unless it is a rate ARCA accepts. */
export const parseVatPercent = (text: string): VatRate | null => {
  const match = /^(\d{1,2})(?:[.,](\d{1,2}))?\s*%?$/.exec(text.trim());
  if (!match) return null;
  const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return isVatRate(basisPoints) ? basisPoints : null;
};

/** A positive price in "1234.56" or es-AR "1.234,56" form; null otherwise. */
export const parseImportPrice = (text: string, currency: Currency = 'ARS'): Money | null => {
  try {
    const price = parseMoney(text, currency);
    return price.amount > 0 ? price : null;
  } catch (error) {
    if (isDomainError(error)) return null;
    throw error;
  }
};

const normalizeKeys = (record: Readonly<Record<string, string>>): Map<string, string> =>
  new Map(Object.entries(record).map(([key, value]) => [key.trim().toLowerCase(), (value ?? '').trim()]));

/**
 * Validates every row and reports every problem with its row number; nothing is half-parsed.
 * `categoryIdBySlug` resolves the `category` column.
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
    const rowErrors: ImportRowError[] = [];
    const fail = (field: ImportColumn | null, code: string, message: string): void => {
      rowErrors.push({ row, field, code, message });
    };
    const required = (field: ImportColumn): string | null => {
      const value = cells.get(field) ?? '';
      if (value === '') {
        fail(field, 'IMPORT.REQUIRED', `${field} is required`);
        return null;
      }
      return value;
    };

    const sku = required('sku');
    if (sku !== null) {
      const key = sku;
      if (!SKU_PATTERN.test(sku)) fail('sku', 'IMPORT.SKU_INVALID', `sku "${sku}" must be 1-64 letters, digits, ".", "_", "-" or "/"`);
      else if (firstRowBySku.has(key)) fail('sku', 'IMPORT.DUPLICATE_SKU', `sku "${sku}" already appears in row ${firstRowBySku.get(key)}`);
      else firstRowBySku.set(key, row);
    }

    const name = required('name');
    if (name !== null && name.length > MAX_NAME_LENGTH)
      fail('name', 'IMPORT.NAME_TOO_LONG', `name must be at most ${MAX_NAME_LENGTH} characters`);

    const priceText = required('price');
    const price = priceText === null ? null : parseImportPrice(priceText);
    if (priceText !== null && price === null)
      fail('price', 'IMPORT.PRICE_INVALID', `price "${priceText}" is not a positive amount like 1234.56 or 1.234,56`);

    const vatText = required('vat');
    const vatRate = vatText === null ? null : parseVatPercent(vatText);
    if (vatText !== null && vatRate === null) fail('vat', 'IMPORT.VAT_INVALID', `vat "${vatText}" must be one of 0, 2.5, 5, 10.5, 21, 27`);

    const stockText = required('stock');
    const stock = stockText !== null && /^\d+$/.test(stockText) ? Number(stockText) : null;
    if (stockText !== null && (stock === null || stock > MAX_STOCK))
      fail('stock', 'IMPORT.STOCK_INVALID', `stock "${stockText}" must be a whole number ≥ 0`);

    const slug = cells.get('category') ?? '';
    const categoryId = slug === '' ? null : (categoryIdBySlug.get(slug.toLowerCase()) ?? null);
    if (slug !== '' && categoryId === null) fail('category', 'IMPORT.CATEGORY_NOT_FOUND', `category "${slug}" does not exist`);

    const activeText = (cells.get('active') ?? '').toLowerCase();
    if (activeText !== '' && activeText !== 'true' && activeText !== 'false')
      fail('active', 'IMPORT.ACTIVE_INVALID', `active must be true or false, got "${activeText}"`);

    if (rowErrors.length > 0 || sku === null || name === null || price === null || vatRate === null || stock === null) {
      errors.push(...rowErrors);
      return;
    }
    parsed.push({
      row,
      sku,
      name,
      description: cells.get('description') ?? '',
      price,
      vatRate,
      stock,
      categoryId,
      active: activeText !== 'false',
    });
  });

  return { rows: parsed, errors };
};
