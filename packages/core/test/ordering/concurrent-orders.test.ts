import { describe, expect, it } from 'vitest';
import { availableStock, type Customer } from '../../src/index.js';
import { aShop } from './shop-fixture.js';

describe('concurrent orders', () => {
  it('50 customers racing for 10 units: exactly 10 orders are placed and stock is never oversold', async () => {
    const shop = aShop();
    const product = await shop.seedProduct({ name: 'Última edición', stockOnHand: 10 });
    const customers: Customer[] = [];
    for (let i = 0; i < 50; i += 1) {
      const customer = await shop.seedCustomer();
      await shop.useCases.cart.add(customer.id, 'telegram', product.id, 1);
      customers.push(customer);
    }

    const availability: number[] = [];
    const sample = async (): Promise<void> => {
      const current = await shop.repositories.products.get(product.id);
      if (current) availability.push(current.stockOnHand - current.reserved);
    };
    const outcomes = await Promise.allSettled(
      customers.map((customer) => shop.useCases.orders.place(shop.checkout(customer)).finally(sample)),
    );

    const placed = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
    expect(placed).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const reason of refused)
      expect(reason).toMatchObject({ code: 'STOCK.INSUFFICIENT', details: { productId: product.id, requested: 1, available: 0 } });

    const after = await shop.repositories.products.get(product.id);
    expect(after).toMatchObject({ stockOnHand: 10, reserved: 10 });
    expect(availableStock(after!)).toBe(0);
    expect(availability).toHaveLength(50);
    expect(Math.min(...availability)).toBeGreaterThanOrEqual(0);

    const orders = await shop.repositories.orders.list({ status: ['placed'] }, { offset: 0, limit: 100 });
    expect(orders.total).toBe(10);
    expect(new Set(placed.map((order) => order.number)).size).toBe(10);
    // Winners' carts are gone; losers keep theirs to try again.
    const cartsLeft = await Promise.all(customers.map((customer) => shop.repositories.carts.get(customer.id, 'telegram')));
    expect(cartsLeft.filter((cart) => cart !== null)).toHaveLength(40);
  });
});
