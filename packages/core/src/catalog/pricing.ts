import { type Currency, divideHalfUp, type Money, min, money, zero } from '../money/money.js';
import { ValidationError } from '../shared/errors.js';
import type { Discount } from './discount.js';
import type { Product } from './product.js';

/** Whether `discount` applies at `at`: `validFrom` inclusive, `validUntil` exclusive, null bounds open. */
export const isDiscountActive = (discount: Discount | null, at: Date): boolean => {
  if (discount === null) return false;
  const t = at.getTime();
  if (discount.validFrom !== null && t < discount.validFrom.getTime()) return false;
  if (discount.validUntil !== null && t >= discount.validUntil.getTime()) return false;
  return true;
};

/**
 * How much `discount` takes off one unit priced `price` (VAT included) at `at`.
 * Percent: `price × basisPoints / 10000`, half-up to the centavo. Amount: `min(amount, price)`.
 * Always between zero and `price`; zero when there is no active discount.
 */
export const discountPerUnit = (price: Money, discount: Discount | null, at: Date): Money => {
  if (discount === null || !isDiscountActive(discount, at) || price.amount <= 0) return zero(price.currency);
  if (discount.kind === 'percent') {
    const bp = Math.min(Math.max(discount.basisPoints, 0), 10_000);
    return money(Math.min(divideHalfUp(price.amount * bp, 10_000), price.amount), price.currency);
  }
  // A currency mismatch throws MONEY.CURRENCY_MISMATCH (from `min`): validateDiscount refuses it upfront.
  const capped = min(discount.amount, price);
  return capped.amount > 0 ? capped : zero(price.currency);
};

/** The unit price the customer pays at `at` (VAT included): list price minus the active discount, never negative. */
export const effectivePrice = (product: Pick<Product, 'price' | 'discount'>, at: Date): Money => {
  const off = discountPerUnit(product.price, product.discount, at);
  return money(product.price.amount - off.amount, product.price.currency);
};

/**
 * Throws `DISCOUNT.INVALID` unless the discount is well formed: percent an integer 1..10000 basis
 * points; amount a positive integer of centavos, in the product's currency and no larger than its
 * price when `price` (or only its currency) is given — a larger amount would make the product
 * free without anyone saying so (a 100 % percent discount says it); `validFrom` before
 * `validUntil` when both are set. `details.field` names the offending member under `discount`.
 */
export const validateDiscount = (discount: Discount, price?: Money | Currency): void => {
  const fail = (reason: string, member: string): never => {
    throw new ValidationError('DISCOUNT.INVALID', `invalid discount: ${reason}`, { reason, field: `discount.${member}` });
  };
  const priceCurrency = typeof price === 'string' ? price : price?.currency;
  if (discount.kind === 'percent') {
    if (!Number.isSafeInteger(discount.basisPoints) || discount.basisPoints < 1 || discount.basisPoints > 10_000) {
      fail(`percent must be an integer between 1 and 10000 basis points, got ${discount.basisPoints}`, 'basisPoints');
    }
  } else if (discount.kind === 'amount') {
    if (!Number.isSafeInteger(discount.amount.amount) || discount.amount.amount <= 0) {
      fail(`amount must be a positive number of centavos, got ${discount.amount.amount}`, 'amount');
    }
    if (priceCurrency !== undefined && discount.amount.currency !== priceCurrency) {
      fail(`amount is in ${discount.amount.currency} but the price is in ${priceCurrency}`, 'amount');
    }
    if (typeof price === 'object' && discount.amount.amount > price.amount) {
      fail(`amount ${discount.amount.amount} is larger than the price ${price.amount} (centavos)`, 'amount');
    }
  } else {
    fail(`unknown kind ${(discount as { kind: unknown }).kind}`, 'kind');
  }
  for (const bound of [discount.validFrom, discount.validUntil]) {
    if (bound !== null && Number.isNaN(bound.getTime()))
      fail('validity bound is not a valid date', bound === discount.validFrom ? 'validFrom' : 'validUntil');
  }
  if (discount.validFrom !== null && discount.validUntil !== null && discount.validFrom.getTime() >= discount.validUntil.getTime()) {
    fail('validFrom must be before validUntil', 'validUntil');
  }
};
