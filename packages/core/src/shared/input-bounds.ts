import { ValidationError } from './errors.js';

/**
 * What storage can hold, checked by the use cases themselves: not every driver passes through
 * the HTTP adapter's request schemas (the chat, the CLI, an embedding app), and a value the
 * database refuses must be the caller's 422, not a failed statement.
 */

/** PostgreSQL `integer` (stock on hand, reserved, movement deltas, positions). */
export const INT4_MIN = -2_147_483_648;
export const INT4_MAX = 2_147_483_647;

/** C0 control characters but tab, line feed and carriage return; NUL cannot be stored in text at all. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this pattern's purpose.
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

export const hasControlCharacters = (text: string): boolean => CONTROL_CHARACTER.test(text);

/** Throws `TEXT.CONTROL_CHARACTER` naming `field` when `value` holds a control character (tab and line breaks are fine). */
export function ensurePlainText(field: string, value: string | null | undefined): void {
  if (value !== null && value !== undefined && hasControlCharacters(value)) {
    throw new ValidationError('TEXT.CONTROL_CHARACTER', `${field} must not contain control characters (other than tab and line breaks)`, {
      field,
    });
  }
}

export const isInt4 = (value: number): boolean => Number.isInteger(value) && value >= INT4_MIN && value <= INT4_MAX;

/**
 * ensurePlainText for every string inside `value` (plain objects and arrays, keys included),
 * naming the first offending one by its path (`attributes.origen`, `translations.en.name`).
 */
export function ensurePlainTextWithin(value: unknown, path = ''): void {
  if (typeof value === 'string') {
    ensurePlainText(path || 'value', value);
    return;
  }
  const at = (key: string | number): string => (path === '' ? String(key) : `${path}.${key}`);
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) ensurePlainTextWithin(item, at(index));
    return;
  }
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return;
  for (const [key, item] of Object.entries(value)) {
    ensurePlainText(path === '' ? 'field name' : `${path} key`, key);
    ensurePlainTextWithin(item, at(key));
  }
}
