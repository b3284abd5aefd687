import { describe, expect, it } from 'vitest';
import { aTaxProfile } from '../../../testkit/src/mothers/index.js';
import { createCounterSaleUseCases, DEFAULT_SHOP_SETTINGS, money } from '../../src/index.js';
import { aShop, CLERK, VIEWER } from '../ordering/shop-fixture.js';

const counter = (shop: ReturnType<typeof aShop>) =>
  createCounterSaleUseCases({
    uow: shop.uow,
    search: shop.search,
    clock: shop.clock,
    ids: shop.ids,
    passwords: shop.passwords,
    secrets: shop.secrets,
    settings: DEFAULT_SHOP_SETTINGS,
  });

describe('counter sales', () => {
  it('a walk-in buys by SKU and id: stock leaves, the order is paid with a counter payment, and order.placed/order.paid go out', async () => {
    const shop = aShop();
    const hammer = await shop.seedProduct({ sku: 'MART-1', price: money(12_100), stockOnHand: 5 });
    const tape = await shop.seedProduct({ price: money(2_000), vatRate: 1050, stockOnHand: 3 });
    const order = await counter(shop).sell(CLERK, {
      lines: [
        { sku: 'MART-1', quantity: 2 },
        { productId: tape.id, quantity: 1 },
      ],
      payment: { method: 'cash' },
    });
    expect(order).toMatchObject({ status: 'paid', channel: 'counter', total: money(26_200), billing: null });
    expect(order.history.map((h) => [h.to, h.by])).toEqual([
      ['placed', 'staff-clerk'],
      ['paid', 'staff-clerk'],
    ]);
    const repos = shop.uow.repositories;
    expect(await repos.products.get(hammer.id)).toMatchObject({ stockOnHand: 3, reserved: 0 });
    expect(await repos.products.get(tape.id)).toMatchObject({ stockOnHand: 2, reserved: 0 });
    expect((await repos.payments.listByOrder(order.id)).map((p) => [p.provider, p.status, p.amount.amount])).toEqual([
      ['counter', 'approved', 26_200],
    ]);
    expect((await repos.customers.get(order.customerId))?.name).toBe('Cliente de mostrador');
    expect((await repos.outbox.pending(10)).map((r) => r.event.type)).toEqual(['order.placed', 'order.paid']);
  });

  it('keeps the buyer’s tax data for the invoice and refuses bad input naming the field', async () => {
    const shop = aShop();
    const product = await shop.seedProduct();
    const billing = aTaxProfile({ documentNumber: '30500010912' });
    const order = await counter(shop).sell(CLERK, {
      lines: [{ productId: product.id, quantity: 1 }],
      billing,
      payment: { method: 'transfer', reference: 'T-1' },
    });
    expect(order.billing).toEqual(billing);
    await expect(counter(shop).sell(CLERK, { lines: [], payment: { method: 'cash' } })).rejects.toMatchObject({ code: 'CART.EMPTY' });
    await expect(
      counter(shop).sell(CLERK, { lines: [{ productId: product.id, quantity: 1 }], payment: { method: 'bitcoin' as never } }),
    ).rejects.toMatchObject({ code: 'ORDER.PAYMENT_METHOD_INVALID', details: { field: 'payment.method' } });
    await expect(counter(shop).sell(CLERK, { lines: [{ sku: 'NOPE', quantity: 1 }], payment: { method: 'cash' } })).rejects.toMatchObject({
      code: 'PRODUCT.NOT_FOUND',
    });
    await expect(
      counter(shop).sell(VIEWER, { lines: [{ productId: product.id, quantity: 1 }], payment: { method: 'cash' } }),
    ).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN',
    });
  });

  it('never oversells: a shortage changes nothing', async () => {
    const shop = aShop();
    const scarce = await shop.seedProduct({ stockOnHand: 1 });
    const plenty = await shop.seedProduct({ stockOnHand: 9 });
    await expect(
      counter(shop).sell(CLERK, {
        lines: [
          { productId: plenty.id, quantity: 2 },
          { productId: scarce.id, quantity: 2 },
        ],
        payment: { method: 'debit_card' },
      }),
    ).rejects.toMatchObject({ code: 'STOCK.INSUFFICIENT' });
    expect(await shop.uow.repositories.products.get(plenty.id)).toMatchObject({ stockOnHand: 9, reserved: 0 });
    expect(await shop.uow.repositories.orders.list({}, { offset: 0, limit: 10 })).toMatchObject({ items: [] });
  });
});
