import { money } from '@mostrador/core';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';

describe('place-order example', () => {
  it('places and pays an order, committing stock, and tells the story', async () => {
    const printed: string[] = [];
    const { order, products, lines } = await main((line) => printed.push(line));

    expect(order).toMatchObject({ number: 1, status: 'paid', total: money(85_000_00 + 2 * 1_800_00) });
    expect(order.lines.map((line) => [line.sku, line.quantity])).toEqual([
      ['TAL-650', 1],
      ['TOR-100', 2],
    ]);
    const bySku = Object.fromEntries(products.map((product) => [product.sku, product]));
    expect(bySku['TAL-650']).toMatchObject({ stockOnHand: 4, reserved: 0 });
    expect(bySku['TOR-100']).toMatchObject({ stockOnHand: 38, reserved: 0 });

    expect(printed).toEqual(lines);
    expect(printed).toContain('Searching "drill" finds: Taladro percutor 650W.');
    expect(printed).toContain('Payment approved: order #1 is paid.');
    expect(printed.at(-1)).toBe('Outbox: order.placed, payment.received, order.paid.');
  });
});
