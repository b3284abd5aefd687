import { type Category, type ImportRowError, type Product, toDecimalString } from '@mostrador/core';
import type { ProblemFieldError } from '../problems/problem.js';
import { parseCsv, toCsv } from './csv.js';
import { decodeUtf8 } from './utf8.js';

/** The CSV contract of the HTTP API, in this order on export. */
export const PRODUCT_CSV_COLUMNS = ['sku', 'name', 'description', 'category', 'price', 'vat_rate', 'stock', 'active'] as const;
type CsvColumn = (typeof PRODUCT_CSV_COLUMNS)[number];
/** Only the key: other columns may be left out, and then leave the product's values alone (docs/csv.md). */
const REQUIRED: readonly CsvColumn[] = ['sku'];
const TEXT_COLUMNS: ReadonlySet<CsvColumn> = new Set(['sku', 'name', 'description', 'category']);
/** Core's import names the VAT column `vat`; the HTTP contract says `vat_rate` (and accepts `vat`). */
const CORE_NAME: Readonly<Record<CsvColumn, string>> = {
  sku: 'sku',
  name: 'name',
  description: 'description',
  category: 'category',
  price: 'price',
  vat_rate: 'vat',
  stock: 'stock',
  active: 'active',
};
const HEADER_ALIASES: Readonly<Record<string, CsvColumn>> = { vat: 'vat_rate' };

export const MAX_IMPORT_ROWS = 10_000;

/**
 * Spreadsheets run cells that start with these as formulas (CSV injection). Export prefixes such
 * text cells with `'` (OWASP's advice) and import removes one `'` from a cell that is quotes then
 * a formula character. Text that already starts with quotes before one (`'=x`) gets one more on
 * export, so the round trip is exact for every text: `=x` ↔ `'=x`, `'=x` ↔ `''=x`.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const GUARDED_FORMULA = /^'+[=+\-@\t\r]/;
const guardFormula = (text: string): string => (FORMULA_START.test(text) || GUARDED_FORMULA.test(text) ? `'${text}` : text);
const unguardFormula = (text: string): string => (GUARDED_FORMULA.test(text) ? text.slice(1) : text);

export type ProductCsvRows =
  | { readonly ok: true; readonly rows: readonly Record<string, string>[] }
  | { readonly ok: false; readonly errors: readonly ProblemFieldError[] };

const rowError = (row: number, field: string | null, code: string, message: string): ProblemFieldError => ({ row, field, code, message });

/**
 * Turns a CSV text into the records core's `importProducts` takes. Rows are numbered like core
 * does: 1 is the first data row, 0 the header. Structural problems (quotes, field counts, unknown
 * columns) are all reported; nothing is imported when there is any.
 */
function readProductCsv(text: string): ProductCsvRows {
  const parsed = parseCsv(text);
  if (!parsed.ok)
    return {
      ok: false,
      errors: [rowError(Math.max(parsed.recordIndex, 0), null, 'CSV.MALFORMED', `line ${parsed.line}: ${parsed.message}`)],
    };
  const [header, ...records] = parsed.records;
  if (!header) return { ok: false, errors: [rowError(0, null, 'CSV.EMPTY', 'the file is empty; the first row must name the columns')] };

  const errors: ProblemFieldError[] = [];
  const columns: (CsvColumn | null)[] = header.fields.map((name) => {
    const normalized = name.trim().toLowerCase();
    const column = HEADER_ALIASES[normalized] ?? (PRODUCT_CSV_COLUMNS as readonly string[]).find((c) => c === normalized) ?? null;
    if (column === null)
      errors.push(rowError(0, name, 'CSV.UNKNOWN_COLUMN', `unknown column "${name}"; expected ${PRODUCT_CSV_COLUMNS.join(',')}`));
    return column as CsvColumn | null;
  });
  columns.forEach((column, index) => {
    if (column !== null && columns.indexOf(column) !== index)
      errors.push(rowError(0, column, 'CSV.DUPLICATE_COLUMN', `column "${column}" appears twice`));
  });
  for (const column of REQUIRED)
    if (!columns.includes(column)) errors.push(rowError(0, column, 'CSV.MISSING_COLUMN', `column "${column}" is required`));
  if (records.length === 0) errors.push(rowError(0, null, 'CSV.EMPTY', 'there are no rows after the header'));
  if (records.length > MAX_IMPORT_ROWS) errors.push(rowError(0, null, 'CSV.TOO_MANY_ROWS', `at most ${MAX_IMPORT_ROWS} rows per import`));
  if (errors.length > 0) return { ok: false, errors };

  const rows: Record<string, string>[] = [];
  records.forEach((record, index) => {
    const row = index + 1;
    if (record.fields.length !== columns.length) {
      errors.push(
        rowError(row, null, 'CSV.FIELD_COUNT', `line ${record.line} has ${record.fields.length} fields; the header has ${columns.length}`),
      );
      return;
    }
    const cells: Record<string, string> = {};
    record.fields.forEach((value, i) => {
      const column = columns[i]!;
      cells[CORE_NAME[column]] = TEXT_COLUMNS.has(column) ? unguardFormula(value) : value;
    });
    rows.push(cells);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows };
}

/** Marks where the bytes stopped being UTF-8, to find the row and column holding that spot. */
const SENTINEL = '\uE000';

/**
 * The row (0 = header) and column where `offset`, the first byte that is not UTF-8, falls: the
 * valid text before it is parsed with a marker in its place.
 */
function locateByte(bytes: Uint8Array, offset: number): { row: number; field: string | null; line: number } {
  const before = Buffer.from(bytes.buffer, bytes.byteOffset, offset).toString('utf8');
  const parsed = [parseCsv(before + SENTINEL), parseCsv(`${before}${SENTINEL}"`)].find((attempt) => attempt.ok);
  if (!parsed?.ok) return { row: 0, field: null, line: before.split('\n').length };
  const row = parsed.records.length - 1;
  const record = parsed.records[row]!;
  const column = record.fields.findIndex((field) => field.includes(SENTINEL));
  const header = parsed.records[0]!;
  const field = row === 0 || column < 0 ? null : (header.fields[column]?.trim().toLowerCase() ?? null);
  return { row, field: field === null ? null : (HEADER_ALIASES[field] ?? field), line: record.line };
}

/** `readProductCsv` over the uploaded bytes: text that is not UTF-8 is refused with its row and column, never turned into U+FFFD. */
export function readProductCsvBytes(bytes: Uint8Array): ProductCsvRows {
  const decoded = decodeUtf8(bytes);
  if (decoded.ok) return readProductCsv(decoded.text);
  const where = locateByte(bytes, decoded.offset);
  return {
    ok: false,
    errors: [
      rowError(
        where.row,
        where.field,
        'CSV.INVALID_UTF8',
        `line ${where.line}: byte ${decoded.offset + 1} of the file is not UTF-8 text; save the file as UTF-8 (CSV UTF-8 in spreadsheets)`,
      ),
    ],
  };
}

/** Core's row errors in the HTTP contract's column names. */
export const toCsvRowErrors = (errors: readonly ImportRowError[]): ProblemFieldError[] =>
  errors.map((error) => ({
    row: error.row,
    field: error.field === 'vat' ? 'vat_rate' : error.field,
    code: error.code,
    message: error.message,
  }));

/** 2100 → "21", 1050 → "10.5", 250 → "2.5": what the import reads back. */
const vatPercent = (basisPoints: number): string => (basisPoints / 100).toString();

export function productCsvHeader(): string {
  return toCsv([PRODUCT_CSV_COLUMNS]);
}

/** Lines for `products` (CRLF-terminated); categories are written as their slug. */
export function productCsvLines(products: readonly Product[], categories: ReadonlyMap<string, Category>): string {
  return toCsv(
    products.map((product) => [
      guardFormula(product.sku),
      guardFormula(product.name),
      guardFormula(product.description),
      guardFormula(product.categoryId ? (categories.get(product.categoryId)?.slug ?? '') : ''),
      toDecimalString(product.price),
      vatPercent(product.vatRate),
      String(product.stockOnHand),
      String(product.active),
    ]),
  );
}
