/**
 * The rules a product's fields obey, whichever way they arrive (`createProduct`/`updateProduct`
 * from JSON, `importProducts` from a CSV file): one set of checks, so a value refused by one path
 * is refused by the other. Each check answers null (fine) or why not; callers prefix the reason
 * with their own code family (`PRODUCT.` or `IMPORT.`) and name the field.
 */
import { hasControlCharacters, INT4_MAX } from '../shared/input-bounds.js';

export const PRODUCT_LIMITS = Object.freeze({
  skuMaxLength: 64,
  nameMaxLength: 200,
  descriptionMaxLength: 5_000,
  /** `stock_on_hand` is a PostgreSQL integer. */
  maxStock: INT4_MAX,
  /** Centavos that stay exact in a JavaScript number. */
  maxPriceCentavos: Number.MAX_SAFE_INTEGER,
});

export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/;

export interface RuleBreak {
  /** `SKU_INVALID`, `NAME_TOO_LONG`, … (without the caller's prefix). */
  readonly reason: string;
  readonly message: string;
}

const broken = (reason: string, message: string): RuleBreak => ({ reason, message });

export const checkSku = (sku: string): RuleBreak | null =>
  SKU_PATTERN.test(sku) ? null : broken('SKU_INVALID', `sku ${JSON.stringify(sku)} must be 1-64 letters, digits, ".", "_", "-" or "/"`);

export const checkName = (name: string): RuleBreak | null => {
  if (name === '') return broken('NAME_REQUIRED', 'a product needs a name');
  if (hasControlCharacters(name)) return broken('CONTROL_CHARACTER', 'name must not contain control characters (NUL and the like)');
  if (name.length > PRODUCT_LIMITS.nameMaxLength)
    return broken('NAME_TOO_LONG', `name must be at most ${PRODUCT_LIMITS.nameMaxLength} characters, got ${name.length}`);
  return null;
};

export const checkDescription = (description: string): RuleBreak | null => {
  if (hasControlCharacters(description))
    return broken('CONTROL_CHARACTER', 'description must not contain control characters (NUL and the like; tab and line breaks are fine)');
  if (description.length > PRODUCT_LIMITS.descriptionMaxLength)
    return broken(
      'DESCRIPTION_TOO_LONG',
      `description must be at most ${PRODUCT_LIMITS.descriptionMaxLength} characters, got ${description.length}`,
    );
  return null;
};

export const checkStock = (stock: number): RuleBreak | null =>
  Number.isSafeInteger(stock) && stock >= 0 && stock <= PRODUCT_LIMITS.maxStock
    ? null
    : broken('STOCK_INVALID', `stock on hand must be a whole number from 0 to ${PRODUCT_LIMITS.maxStock}, got ${stock}`);

export const checkPriceCentavos = (amount: number): RuleBreak | null =>
  Number.isSafeInteger(amount) && amount > 0 && amount <= PRODUCT_LIMITS.maxPriceCentavos
    ? null
    : broken('PRICE_INVALID', 'the price must be a positive whole number of centavos');
