import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aProduct } from '../../../testkit/src/mothers/index.js';
import {
  buildOrderLine,
  buildOrderLines,
  MAX_LINE_QUANTITY,
  money,
  newPlacedOrder,
  orderTotal,
  validateOrderDetails,
} from '../../src/index.js';

const AT = new Date('2025-03-10T12:00:00.000Z');
const DAY = 86_400_000;

describe('order lines', () => {
  it('snapshots list price, per-unit discount, VAT rate and the line total', () => {
    const product = aProduct({
      price: money(12_345),
      vatRate: 1050,
      discount: { kind: 'percent', basisPoints: 1500, validFrom: null, validUntil: new Date(AT.getTime() + DAY) },
      translations: { en: { name: 'Claw hammer', description: 'Forged' } },
    });
    const line = buildOrderLine(product, 3, AT);
    // 15 % of 123,45 = 18,5175 → 18,52 (half-up, once per unit); (123,45 − 18,52) × 3 = 314,79
    expect(line).toEqual({
      productId: product.id,
      sku: product.sku,
      name: product.name,
      translatedNames: { en: 'Claw hammer' },
      quantity: 3,
      unitPrice: money(12_345),
      unitDiscount: money(1_852),
      vatRate: 1050,
      total: money(31_479),
    });
  });

  it('ignores a discount outside its window', () => {
    const product = aProduct({
      price: money(10_000),
      discount: { kind: 'amount', amount: money(2_000), validFrom: new Date(AT.getTime() + DAY), validUntil: null },
    });
    expect(buildOrderLine(product, 2, AT)).toMatchObject({ unitDiscount: money(0), total: money(20_000) });
  });

  it.each([0, -1, 1.5, 1000, Number.NaN])('refuses quantity %s with ORDER.QUANTITY_INVALID', (quantity) => {
    expect(() => buildOrderLine(aProduct(), quantity, AT)).toThrow(expect.objectContaining({ code: 'ORDER.QUANTITY_INVALID' }));
  });

  it('accepts the largest quantity, 999', () => {
    expect(buildOrderLine(aProduct({ price: money(100) }), MAX_LINE_QUANTITY, AT).total).toEqual(money(99_900));
  });

  it('refuses an inactive product with PRODUCT.INACTIVE and a missing one with PRODUCT.NOT_FOUND', () => {
    const inactive = aProduct({ active: false });
    expect(() => buildOrderLines([{ productId: inactive.id, quantity: 1 }], [inactive], AT)).toThrow(
      expect.objectContaining({ code: 'PRODUCT.INACTIVE' }),
    );
    expect(() => buildOrderLines([{ productId: 'gone', quantity: 1 }], [], AT)).toThrow(
      expect.objectContaining({ code: 'PRODUCT.NOT_FOUND' }),
    );
  });

  it('merges cart lines of one product and keeps cart order', () => {
    const a = aProduct();
    const b = aProduct();
    const lines = buildOrderLines(
      [
        { productId: b.id, quantity: 1 },
        { productId: a.id, quantity: 2 },
        { productId: b.id, quantity: 4 },
      ],
      [a, b],
      AT,
    );
    expect(lines.map((line) => [line.productId, line.quantity])).toEqual([
      [b.id, 5],
      [a.id, 2],
    ]);
  });

  it('totals are the exact sum of line totals (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            price: fc.integer({ min: 1, max: 10_000_000 }),
            percent: fc.integer({ min: 0, max: 10_000 }),
            quantity: fc.integer({ min: 1, max: 999 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (specs) => {
          const lines = specs.map((spec) =>
            buildOrderLine(
              aProduct({
                price: money(spec.price),
                discount: spec.percent === 0 ? null : { kind: 'percent', basisPoints: spec.percent, validFrom: null, validUntil: null },
              }),
              spec.quantity,
              AT,
            ),
          );
          for (const line of lines) {
            expect(line.total.amount).toBe((line.unitPrice.amount - line.unitDiscount.amount) * line.quantity);
            expect(line.unitDiscount.amount).toBeGreaterThanOrEqual(0);
            expect(line.unitDiscount.amount).toBeLessThanOrEqual(line.unitPrice.amount);
          }
          expect(orderTotal(lines).amount).toBe(lines.reduce((total, line) => total + line.total.amount, 0));
        },
      ),
    );
  });
});

describe('a new placed order', () => {
  it('is version 1 with one history entry, reserved for the configured minutes, and emits order.placed', () => {
    const line = buildOrderLine(aProduct({ price: money(5_000) }), 2, AT);
    const { order, event } = newPlacedOrder({
      id: 'o-1',
      number: 7,
      customerId: 'c-1',
      channel: 'telegram',
      lines: [line],
      contact: { name: 'Ana', phone: '123' },
      delivery: { method: 'pickup', address: null },
      billing: null,
      at: AT,
      reservationMinutes: 30,
    });
    expect(order).toMatchObject({
      status: 'placed',
      version: 1,
      total: money(10_000),
      reservationExpiresAt: new Date(AT.getTime() + 30 * 60_000),
    });
    expect(order.history).toEqual([{ from: null, to: 'placed', at: AT, by: 'customer', note: null }]);
    expect(event).toMatchObject({ type: 'order.placed', aggregateId: 'o-1', payload: { number: 7, from: null, status: 'placed' } });
  });

  it('needs contact details and, for shipping, an address', () => {
    expect(() => validateOrderDetails({ name: ' ', phone: '1' }, { method: 'pickup', address: null })).toThrow(
      expect.objectContaining({ code: 'ORDER.CONTACT_INVALID' }),
    );
    expect(() => validateOrderDetails({ name: 'Ana', phone: '1' }, { method: 'shipping', address: '  ' })).toThrow(
      expect.objectContaining({ code: 'ORDER.ADDRESS_REQUIRED' }),
    );
    expect(validateOrderDetails({ name: ' Ana ', phone: ' 11 ' }, { method: 'shipping', address: ' Calle 1 ' })).toEqual({
      contact: { name: 'Ana', phone: '11' },
      delivery: { method: 'shipping', address: 'Calle 1' },
    });
  });
});
