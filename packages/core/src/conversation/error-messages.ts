import { isDomainError } from '../shared/errors.js';
import type { Catalog } from './i18n/catalogs.js';
import { escapeMarkup } from './markup.js';

interface Shortage {
  readonly name: string;
  readonly available: number;
}

/** The short lines of a `STOCK.INSUFFICIENT` error: `details.lines` when several, else the details themselves. */
const shortagesOf = (details: Readonly<Record<string, unknown>>): Shortage[] => {
  const candidates = Array.isArray(details.lines) ? (details.lines as unknown[]) : [details];
  return candidates.flatMap((candidate) => {
    if (typeof candidate !== 'object' || candidate === null) return [];
    const { name, available } = candidate as Record<string, unknown>;
    return typeof name === 'string' && typeof available === 'number' ? [{ name: name.trim(), available: Math.max(0, available) }] : [];
  });
};

/**
 * A polite, localized sentence for an error. Codes the person can act on get their own words;
 * anything else (a bug, an adapter failure) gets the generic "something went wrong", never the
 * internal message.
 */
export const describeError = (error: unknown, t: Catalog): string => {
  if (!isDomainError(error)) return t.errors.generic;
  const { code } = error;
  switch (code) {
    case 'STOCK.INSUFFICIENT': {
      const shortages = shortagesOf(error.details);
      if (shortages.length === 0) return t.errors.generic;
      return shortages.map((shortage) => t.errors.stockInsufficient(escapeMarkup(shortage.name), shortage.available)).join('\n');
    }
    case 'CART.EMPTY':
      return t.errors.cartEmpty;
    case 'PRODUCT.INACTIVE':
    case 'PRODUCT.NOT_FOUND':
      return t.errors.productInactive;
    case 'ORDER.ILLEGAL_TRANSITION':
    case 'ORDER.CONCURRENT_UPDATE':
      return t.errors.illegalTransition;
    case 'ORDER.QUANTITY_INVALID':
      return t.errors.quantity;
    case 'AUTH.FORBIDDEN':
      return t.errors.forbidden;
    case 'STAFF.LINK_CODE_INVALID':
      return t.errors.linkCode;
  }
  if (code.startsWith('TAX.')) return t.errors.tax;
  if (code.endsWith('.NOT_FOUND')) return t.errors.notFound;
  return t.errors.generic;
};
