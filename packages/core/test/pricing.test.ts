import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Discount } from '../src/catalog/discount.js';
import { discountPerUnit, effectivePrice, isDiscountActive, validateDiscount } from '../src/catalog/pricing.js';
import { money } from '../src/money/money.js';
import { ValidationError } from '../src/shared/errors.js';

const d = (iso: string): Date => new Date(iso);
const percent = (basisPoints: number, validFrom: Date | null = null, validUntil: Date | null = null): Discount => ({
  kind: 'percent',
  basisPoints,
  validFrom,
  validUntil,
});
const amount = (cents: number, validFrom: Date | null = null, validUntil: Date | null = null): Discount => ({
  kind: 'amount',
  amount: money(cents),
  validFrom,
  validUntil,
});

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).code;
  }
  return undefined;
};

describe('isDiscountActive', () => {
  const from = d('2025-03-01T00:00:00Z');
  const until = d('2025-03-10T00:00:00Z');

  it('is false without a discount', () => {
    expect(isDiscountActive(null, from)).toBe(false);
  });

  it('includes validFrom and excludes validUntil', () => {
    const discount = percent(1000, from, until);
    expect(isDiscountActive(discount, new Date(from.getTime() - 1))).toBe(false);
    expect(isDiscountActive(discount, from)).toBe(true);
    expect(isDiscountActive(discount, new Date(until.getTime() - 1))).toBe(true);
    expect(isDiscountActive(discount, until)).toBe(false);
  });

  it('treats null bounds as open', () => {
    expect(isDiscountActive(percent(1000), d('1970-01-01T00:00:00Z'))).toBe(true);
    expect(isDiscountActive(percent(1000, null, until), d('1900-01-01T00:00:00Z'))).toBe(true);
    expect(isDiscountActive(percent(1000, from, null), d('2999-01-01T00:00:00Z'))).toBe(true);
  });
});

describe('discountPerUnit and effectivePrice', () => {
  const at = d('2025-06-01T12:00:00Z');

  it('rounds percent discounts half-up to the centavo', () => {
    // 999 × 15 % = 149.85 → 150; 1001 × 15 % = 150.15 → 150; 10 × 25 % = 2.5 → 3
    expect(discountPerUnit(money(999), percent(1500), at).amount).toBe(150);
    expect(discountPerUnit(money(1001), percent(1500), at).amount).toBe(150);
    expect(discountPerUnit(money(10), percent(2500), at).amount).toBe(3);
    expect(discountPerUnit(money(10), percent(2499), at).amount).toBe(2);
    expect(effectivePrice({ price: money(1_000_00), discount: percent(1000) }, at)).toEqual(money(900_00));
  });

  it('takes off a fixed amount, at most the price', () => {
    expect(discountPerUnit(money(5000), amount(1200), at).amount).toBe(1200);
    expect(effectivePrice({ price: money(5000), discount: amount(1200) }, at).amount).toBe(3800);
    expect(discountPerUnit(money(500), amount(1200), at).amount).toBe(500);
    expect(effectivePrice({ price: money(500), discount: amount(1200) }, at).amount).toBe(0);
  });

  it('a 100 % discount makes the item free, not negative', () => {
    expect(effectivePrice({ price: money(12345), discount: percent(10_000) }, at).amount).toBe(0);
  });

  it('is zero when the discount is absent or out of its window', () => {
    expect(discountPerUnit(money(5000), null, at).amount).toBe(0);
    expect(discountPerUnit(money(5000), percent(5000, d('2025-07-01T00:00:00Z')), at).amount).toBe(0);
    expect(effectivePrice({ price: money(5000), discount: amount(100, null, d('2025-05-01T00:00:00Z')) }, at).amount).toBe(5000);
  });

  it('keeps the currency of the price', () => {
    const usd = money(1000, 'USD');
    expect(effectivePrice({ price: usd, discount: percent(1000) }, at)).toEqual(money(900, 'USD'));
  });

  it('refuses an amount discount in another currency', () => {
    expect(codeOf(() => discountPerUnit(money(1000, 'USD'), amount(100), at))).toBe('MONEY.CURRENCY_MISMATCH');
  });

  const dateArb = fc.date({ min: d('2020-01-01T00:00:00Z'), max: d('2030-01-01T00:00:00Z'), noInvalidDate: true });
  const boundArb = fc.option(dateArb, { nil: null });
  const discountArb: fc.Arbitrary<Discount> = fc.oneof(
    fc.record({
      kind: fc.constant('percent' as const),
      basisPoints: fc.integer({ min: 0, max: 10_000 }),
      validFrom: boundArb,
      validUntil: boundArb,
    }),
    fc.record({
      kind: fc.constant('amount' as const),
      amount: fc.integer({ min: 0, max: 20_000_000 }).map((c) => money(c)),
      validFrom: boundArb,
      validUntil: boundArb,
    }),
  );

  it('property: never negative, never above the list price, and the list price when inactive', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.option(discountArb, { nil: null }), dateArb, (cents, discount, when) => {
        const price = money(cents);
        const off = discountPerUnit(price, discount, when);
        const effective = effectivePrice({ price, discount }, when);
        expect(Number.isSafeInteger(effective.amount)).toBe(true);
        expect(effective.amount).toBeGreaterThanOrEqual(0);
        expect(effective.amount).toBeLessThanOrEqual(price.amount);
        expect(off.amount).toBeGreaterThanOrEqual(0);
        expect(effective.amount + off.amount).toBe(price.amount);
        if (!isDiscountActive(discount, when)) expect(effective.amount).toBe(price.amount);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: a percent discount takes exactly round-half-up(price × bp / 10000)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000 }), (cents, bp) => {
        const expected = (BigInt(cents) * BigInt(bp) * 2n + 10_000n) / 20_000n; // floor(x + 1/2) for x ≥ 0
        expect(discountPerUnit(money(cents), percent(bp), at).amount).toBe(Number(expected));
      }),
    );
  });
});

describe('validateDiscount', () => {
  it('accepts well-formed discounts', () => {
    expect(() => validateDiscount(percent(1))).not.toThrow();
    expect(() => validateDiscount(percent(10_000))).not.toThrow();
    expect(() => validateDiscount(amount(1))).not.toThrow();
    expect(() => validateDiscount(amount(500), 'ARS')).not.toThrow();
    expect(() => validateDiscount(percent(1500, d('2025-01-01T00:00:00Z'), d('2025-01-02T00:00:00Z')))).not.toThrow();
    expect(() => validateDiscount(percent(1500, d('2025-01-01T00:00:00Z'), null))).not.toThrow();
  });

  it.each([
    ['percent 0', percent(0)],
    ['percent above 100 %', percent(10_001)],
    ['percent not an integer', percent(12.5)],
    ['negative percent', percent(-100)],
    ['zero amount', amount(0)],
    ['negative amount', amount(-1)],
    ['empty window', percent(1000, d('2025-01-02T00:00:00Z'), d('2025-01-02T00:00:00Z'))],
    ['reversed window', amount(100, d('2025-01-03T00:00:00Z'), d('2025-01-02T00:00:00Z'))],
    ['invalid date', percent(1000, new Date(Number.NaN), null)],
  ])('rejects %s with DISCOUNT.INVALID', (_label, discount) => {
    expect(codeOf(() => validateDiscount(discount))).toBe('DISCOUNT.INVALID');
  });

  it('rejects an amount in a currency other than the price', () => {
    expect(codeOf(() => validateDiscount(amount(100), 'USD'))).toBe('DISCOUNT.INVALID');
  });
});
