import { AdapterError, CURRENCIES, type Currency, type Money, money } from '@mostrador/core';

/*
 * Conversions between driver values and domain values. node-postgres returns int8 (bigint)
 * columns as strings because a JavaScript number cannot hold every int8; centavos always fit in
 * a safe integer in practice, so they are converted explicitly and checked, never trusted.
 */

/** A safe integer from an int8/int4/numeric driver value; throws rather than lose precision. */
export const toSafeInteger = (value: string | number | bigint, column: string): number => {
  const result =
    typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (
    !Number.isSafeInteger(result) ||
    (typeof value === 'bigint' && BigInt(result) !== value) ||
    (typeof value === 'string' && BigInt(value) !== BigInt(result))
  ) {
    throw new AdapterError(
      'PERSISTENCE.VALUE_OUT_OF_RANGE',
      `column ${column} holds ${String(value)}, which is not a safe integer`,
      false,
      { column },
    );
  }
  return result;
};

export const toNullableSafeInteger = (value: string | number | bigint | null, column: string): number | null =>
  value === null ? null : toSafeInteger(value, column);

export const toCurrency = (value: string): Currency => {
  if ((CURRENCIES as readonly string[]).includes(value)) return value as Currency;
  throw new AdapterError('PERSISTENCE.UNKNOWN_CURRENCY', `stored currency ${value} is not supported`, false, { currency: value });
};

export const moneyFromColumns = (amount: string | number, currency: string, column: string): Money =>
  money(toSafeInteger(amount, column), toCurrency(currency));

/** Money inside a JSONB document. */
export const moneyFromJson = (value: { amount: number; currency: string }): Money => money(value.amount, toCurrency(value.currency));
export const moneyToJson = (value: Money): { amount: number; currency: string } => ({ amount: value.amount, currency: value.currency });

/** Bytes from a bytea column (node-postgres returns a Buffer, PGlite a Uint8Array), as a plain Uint8Array. */
export const toBytes = (value: Uint8Array): Uint8Array =>
  new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));

/** A Date that a driver returned (always a Date for timestamptz); guards against surprises. */
export const toDate = (value: Date | string): Date => (value instanceof Date ? new Date(value.getTime()) : new Date(value));
export const toNullableDate = (value: Date | string | null): Date | null => (value === null ? null : toDate(value));
