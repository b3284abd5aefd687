import { ValidationError } from '../shared/errors.js';

export const CURRENCIES = ['ARS', 'USD'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** An amount in integer minor units (centavos). Never a float. */
export interface Money {
  readonly amount: number;
  readonly currency: Currency;
}

const assertCents = (amount: number): void => {
  if (!Number.isSafeInteger(amount)) {
    throw new ValidationError('MONEY.NOT_INTEGER', `money must be an integer number of centavos, got ${amount}`, { amount });
  }
};

export const money = (amount: number, currency: Currency = 'ARS'): Money => {
  assertCents(amount);
  return Object.freeze({ amount, currency });
};

export const zero = (currency: Currency = 'ARS'): Money => money(0, currency);

const sameCurrency = (a: Money, b: Money): void => {
  if (a.currency !== b.currency) {
    throw new ValidationError('MONEY.CURRENCY_MISMATCH', `cannot combine ${a.currency} and ${b.currency}`);
  }
};

export const add = (a: Money, b: Money): Money => {
  sameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
};

export const subtract = (a: Money, b: Money): Money => {
  sameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
};

export const multiply = (a: Money, quantity: number): Money => {
  if (!Number.isSafeInteger(quantity)) throw new ValidationError('MONEY.BAD_FACTOR', `quantity must be an integer, got ${quantity}`);
  return money(a.amount * quantity, a.currency);
};

export const sum = (items: readonly Money[], currency: Currency = 'ARS'): Money => items.reduce(add, zero(currency));

export const min = (a: Money, b: Money): Money => {
  sameCurrency(a, b);
  return a.amount <= b.amount ? a : b;
};

export const max = (a: Money, b: Money): Money => {
  sameCurrency(a, b);
  return a.amount >= b.amount ? a : b;
};

export const isNegative = (a: Money): boolean => a.amount < 0;
export const equals = (a: Money, b: Money): boolean => a.currency === b.currency && a.amount === b.amount;

/**
 * Integer division rounding half away from zero: the one rounding rule of the domain
 * (per line, to the centavo). Exact for any safe-integer numerator and denominator.
 */
export const divideHalfUp = (numerator: number, denominator: number): number => {
  if (denominator <= 0 || !Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator)) {
    throw new ValidationError('MONEY.BAD_DIVISION', `cannot divide ${numerator} by ${denominator}`);
  }
  const sign = numerator < 0 ? -1 : 1;
  const n = Math.abs(numerator);
  const quotient = Math.floor(n / denominator);
  const remainder = n - quotient * denominator;
  return sign * (remainder * 2 >= denominator ? quotient + 1 : quotient);
};

/** `a × basisPoints / 10000`, rounded half-up to the centavo. 2100 basis points = 21 %. */
export const percentOf = (a: Money, basisPoints: number): Money => {
  if (!Number.isSafeInteger(basisPoints))
    throw new ValidationError('MONEY.BAD_RATE', `rate must be integer basis points, got ${basisPoints}`);
  return money(divideHalfUp(a.amount * basisPoints, 10_000), a.currency);
};

/** Parses "1234.5", "1.234,50" (es-AR) or "1234" into centavos, exactly (no float arithmetic). */
export const parseMoney = (text: string, currency: Currency = 'ARS'): Money => {
  const trimmed = text.trim().replace(/^\$\s*/, '');
  let normalized = trimmed;
  if (/^-?\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(trimmed) || /^-?\d+,\d{1,2}$/.test(trimmed)) {
    normalized = trimmed.replace(/\./g, '').replace(',', '.');
  }
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(normalized);
  if (!match) throw new ValidationError('MONEY.UNPARSEABLE', `"${text}" is not an amount of money`);
  const [, sign, whole, fraction = ''] = match;
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return money(sign === '-' ? -cents : cents, currency);
};

/** Formats for people: `$ 1.234,50` (es-AR) or `$ 1,234.50` (en). Pure: no Intl locale data needed. */
export const formatMoney = (a: Money, locale: 'es' | 'en' = 'es'): string => {
  const negative = a.amount < 0;
  const abs = Math.abs(a.amount);
  const whole = Math.floor(abs / 100).toString();
  const cents = (abs % 100).toString().padStart(2, '0');
  const thousands = locale === 'es' ? '.' : ',';
  const decimal = locale === 'es' ? ',' : '.';
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  const symbol = a.currency === 'ARS' ? '$' : 'US$';
  return `${negative ? '-' : ''}${symbol} ${grouped}${decimal}${cents}`;
};

/** Centavos as a decimal string with two places ("1234.50"), as ARCA and payment APIs want. */
export const toDecimalString = (a: Money): string => {
  const abs = Math.abs(a.amount);
  return `${a.amount < 0 ? '-' : ''}${Math.floor(abs / 100)}.${(abs % 100).toString().padStart(2, '0')}`;
};
