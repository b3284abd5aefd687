import { describe, expect, it } from 'vitest';
import { aTaxProfile } from '../../../testkit/src/mothers/index.js';
import { ConflictError, money, type Order } from '../../src/index.js';
import { aShop, CLERK, MANAGER } from './shop-fixture.js';

const stockOf = async (shop: ReturnType<typeof aShop>, productId: string) => {
  const product = await shop.repositories.products.get(productId);
  return { onHand: product?.stockOnHand, reserved: product?.reserved };
};

describe('order journey: cart → place → pay → ship → deliver', () => {
  it('walks the whole way, moving stock and writing events at each step', async () => {
    const shop = aShop();
    const drill = await shop.seedProduct({ name: 'Taladro percutor', price: money(85_000_00), stockOnHand: 5 });
    const screws = await shop.seedProduct({
      name: 'Tornillos x100',
      price: money(2_000_00),
      stockOnHand: 50,
      discount: { kind: 'percent', basisPoints: 1000, validFrom: null, validUntil: null },
    });
    const customer = await shop.useCases.customers.identify(
      { channel: 'telegram', userId: '777' },
      { displayName: 'Ana Pérez', language: 'es' },
    );

    await shop.useCases.cart.add(customer.id, 'telegram', drill.id, 1);
    const cart = await shop.useCases.cart.add(customer.id, 'telegram', screws.id, 3);
    expect(cart.itemCount).toBe(4);
    expect(cart.total).toEqual(money(85_000_00 + 3 * 1_800_00));

    const placed = await shop.useCases.orders.place(
      shop.checkout(customer, { delivery: { method: 'shipping', address: 'Av. Siempre Viva 742' } }),
    );
    expect(placed).toMatchObject({ status: 'placed', number: 1, version: 1, total: money(90_400_00) });
    expect(
      placed.lines.map((line) => [line.name, line.quantity, line.unitPrice.amount, line.unitDiscount.amount, line.total.amount]),
    ).toEqual([
      ['Taladro percutor', 1, 85_000_00, 0, 85_000_00],
      ['Tornillos x100', 3, 2_000_00, 200_00, 5_400_00],
    ]);
    expect(placed.reservationExpiresAt).toEqual(new Date(shop.clock.now().getTime() + 30 * 60_000));
    expect(await stockOf(shop, drill.id)).toEqual({ onHand: 5, reserved: 1 });
    expect(await stockOf(shop, screws.id)).toEqual({ onHand: 50, reserved: 3 });
    expect((await shop.useCases.cart.view(customer.id, 'telegram')).lines).toEqual([]);
    expect(await shop.outboxTypes()).toEqual(['order.placed']);

    // A later price change does not touch the snapshot.
    await shop.useCases.catalog.setDiscount(MANAGER, screws.id, null);
    expect((await shop.repositories.orders.get(placed.id))?.lines[1]?.unitDiscount).toEqual(money(200_00));

    shop.clock.advance({ minutes: 5 });
    const payment = await shop.useCases.orders.applyPayment('mercadopago', shop.approvedPayment(placed), 'evt-1');
    expect(payment.status).toBe('order-paid');
    expect(await stockOf(shop, drill.id)).toEqual({ onHand: 4, reserved: 0 });
    expect(await stockOf(shop, screws.id)).toEqual({ onHand: 47, reserved: 0 });
    const sales = await shop.useCases.catalog.stockMovements(drill.id, { offset: 0, limit: 10 });
    expect(sales.items.map((m) => [m.reason, m.delta, m.orderId])).toEqual([['sale', -1, placed.id]]);

    await shop.useCases.orders.changeStatus(CLERK, placed.id, 'shipped', 'Andreani 123');
    const delivered = await shop.useCases.orders.changeStatus(CLERK, placed.id, 'delivered', null);
    expect(delivered.status).toBe('delivered');
    expect(delivered.version).toBe(4);
    expect(delivered.history.map((h) => [h.from, h.to, h.by])).toEqual([
      [null, 'placed', 'customer'],
      ['placed', 'paid', 'system'],
      ['paid', 'shipped', 'staff-clerk'],
      ['shipped', 'delivered', 'staff-clerk'],
    ]);
    expect(await shop.outboxTypes()).toEqual(['order.placed', 'payment.received', 'order.paid', 'order.shipped', 'order.delivered']);
    // Shipping and delivery do not touch stock.
    expect(await stockOf(shop, drill.id)).toEqual({ onHand: 4, reserved: 0 });

    await expect(shop.useCases.orders.changeStatus(CLERK, placed.id, 'cancelled', null)).rejects.toMatchObject({
      code: 'ORDER.ILLEGAL_TRANSITION',
      details: { from: 'delivered', to: 'cancelled' },
    });
  });

  it('validates and normalizes the billing profile; an invalid one is refused before anything is reserved', async () => {
    const shop = aShop();
    const product = await shop.seedProduct({ stockOnHand: 3 });
    const customer = await shop.seedCustomer();
    await shop.useCases.cart.add(customer.id, 'telegram', product.id, 1);
    await expect(
      shop.useCases.orders.place(shop.checkout(customer, { billing: aTaxProfile({ documentNumber: '30712345670' }) })),
    ).rejects.toMatchObject({ code: 'TAX.CUIT_INVALID' });
    expect(await stockOf(shop, product.id)).toEqual({ onHand: 3, reserved: 0 });
    const order = await shop.useCases.orders.place(
      shop.checkout(customer, { billing: aTaxProfile({ documentNumber: '30-71234567-1', legalName: '  El  Tornillo SRL ' }) }),
    );
    expect(order.billing).toMatchObject({ documentNumber: '30712345671', legalName: 'El Tornillo SRL' });
  });
});

describe('placing an order', () => {
  it('refuses an empty cart with CART.EMPTY', async () => {
    const shop = aShop();
    const customer = await shop.seedCustomer();
    await expect(shop.useCases.orders.place(shop.checkout(customer))).rejects.toMatchObject({ code: 'CART.EMPTY' });
  });

  it('refuses a product deactivated after it was added to the cart with PRODUCT.INACTIVE, reserving nothing', async () => {
    const shop = aShop();
    const kept = await shop.seedProduct({ stockOnHand: 4 });
    const retired = await shop.seedProduct({ stockOnHand: 4 });
    const customer = await shop.seedCustomer();
    await shop.useCases.cart.add(customer.id, 'telegram', kept.id, 1);
    await shop.useCases.cart.add(customer.id, 'telegram', retired.id, 1);
    await shop.useCases.catalog.updateProduct(MANAGER, retired.id, { active: false });
    await expect(shop.useCases.orders.place(shop.checkout(customer))).rejects.toMatchObject({ code: 'PRODUCT.INACTIVE' });
    expect(await stockOf(shop, kept.id)).toEqual({ onHand: 4, reserved: 0 });
  });

  it('names every short line in STOCK.INSUFFICIENT and rolls back the reservations already made', async () => {
    const shop = aShop();
    const plenty = await shop.seedProduct({ name: 'Clavos', stockOnHand: 100 });
    const scarce = await shop.seedProduct({ name: 'Amoladora', stockOnHand: 3 });
    const customer = await shop.seedCustomer();
    const rival = await shop.seedCustomer();
    await shop.useCases.cart.add(customer.id, 'telegram', plenty.id, 10);
    await shop.useCases.cart.add(customer.id, 'telegram', scarce.id, 2);
    // Someone else takes two of the three units between adding to the cart and placing.
    await shop.placeOrder(rival, [[scarce, 2]]);

    const error = await shop.useCases.orders.place(shop.checkout(customer)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({
      code: 'STOCK.INSUFFICIENT',
      details: {
        productId: scarce.id,
        requested: 2,
        available: 1,
        lines: [{ productId: scarce.id, name: 'Amoladora', requested: 2, available: 1 }],
      },
    });
    expect(await stockOf(shop, plenty.id)).toEqual({ onHand: 100, reserved: 0 });
    expect(await stockOf(shop, scarce.id)).toEqual({ onHand: 3, reserved: 2 });
    expect((await shop.useCases.cart.view(customer.id, 'telegram')).itemCount).toBe(12);
    expect((await shop.repositories.orders.list({ customerId: customer.id }, { offset: 0, limit: 10 })).total).toBe(0);
  });

  it('refuses adding more to the cart than is available', async () => {
    const shop = aShop();
    const product = await shop.seedProduct({ stockOnHand: 2 });
    const customer = await shop.seedCustomer();
    await shop.useCases.cart.add(customer.id, 'telegram', product.id, 2);
    await expect(shop.useCases.cart.add(customer.id, 'telegram', product.id, 1)).rejects.toMatchObject({
      code: 'STOCK.INSUFFICIENT',
      details: { requested: 3, available: 2 },
    });
    await expect(shop.useCases.cart.add(customer.id, 'telegram', product.id, 1000)).rejects.toMatchObject({
      code: 'ORDER.QUANTITY_INVALID',
    });
  });

  it('emits stock.low when a reservation takes availability down to the threshold', async () => {
    const shop = aShop({ lowStockThreshold: 2 });
    const product = await shop.seedProduct({ stockOnHand: 4 });
    await shop.placeOrder(await shop.seedCustomer(), [[product, 2]]);
    const records = await shop.repositories.outbox.pending(10);
    expect(records.map((r) => r.event.type)).toEqual(['order.placed', 'stock.low']);
    expect(records[1]?.event.payload).toMatchObject({ productId: product.id, available: 2, threshold: 2 });
  });
});

describe('releasing stock', () => {
  it('a cancelled order releases its reservation', async () => {
    const shop = aShop();
    const product = await shop.seedProduct({ stockOnHand: 3 });
    const customer = await shop.seedCustomer();
    const order = await shop.placeOrder(customer, [[product, 3]]);
    expect(await stockOf(shop, product.id)).toEqual({ onHand: 3, reserved: 3 });
    const cancelled = await shop.useCases.orders.cancel({ kind: 'customer', customerId: customer.id }, order.id, 'me arrepentí');
    expect(cancelled).toMatchObject({ status: 'cancelled', version: 2 });
    expect(cancelled.history.at(-1)).toMatchObject({ from: 'placed', to: 'cancelled', by: 'customer', note: 'me arrepentí' });
    expect(await stockOf(shop, product.id)).toEqual({ onHand: 3, reserved: 0 });
    expect(await shop.outboxTypes()).toEqual(['order.placed', 'order.cancelled', 'stock.back_in_stock']);
  });

  it('expiry releases lapsed reservations only, once', async () => {
    const shop = aShop({ reservationMinutes: 30 });
    const product = await shop.seedProduct({ stockOnHand: 10 });
    const early = await shop.placeOrder(await shop.seedCustomer(), [[product, 2]]);
    shop.clock.advance({ minutes: 20 });
    const late = await shop.placeOrder(await shop.seedCustomer(), [[product, 3]]);

    shop.clock.advance({ minutes: 9 });
    expect(await shop.useCases.orders.expireReservations()).toBe(0);
    shop.clock.advance({ minutes: 2 });
    expect(await shop.useCases.orders.expireReservations()).toBe(1);
    expect((await shop.repositories.orders.get(early.id))?.status).toBe('expired');
    expect((await shop.repositories.orders.get(late.id))?.status).toBe('placed');
    expect(await stockOf(shop, product.id)).toEqual({ onHand: 10, reserved: 3 });
    expect(await shop.useCases.orders.expireReservations()).toBe(0);

    shop.clock.advance({ minutes: 30 });
    expect(await shop.useCases.orders.expireReservations()).toBe(1);
    expect(await stockOf(shop, product.id)).toEqual({ onHand: 10, reserved: 0 });
    expect((await shop.outboxTypes()).filter((type) => type === 'order.expired')).toHaveLength(2);
  });
});

describe('payments', () => {
  const placedOrder = async (shop: ReturnType<typeof aShop>, stock = 5): Promise<{ order: Order; productId: string }> => {
    const product = await shop.seedProduct({ stockOnHand: stock, price: money(10_000_00) });
    const order = await shop.placeOrder(await shop.seedCustomer(), [[product, 2]]);
    return { order, productId: product.id };
  };

  it('a duplicate payment event is a no-op', async () => {
    const shop = aShop();
    const { order, productId } = await placedOrder(shop);
    const update = shop.approvedPayment(order);
    expect((await shop.useCases.orders.applyPayment('mercadopago', update, 'evt-1')).status).toBe('order-paid');
    expect(await shop.useCases.orders.applyPayment('mercadopago', update, 'evt-1')).toEqual({ status: 'duplicate' });
    const payment = await shop.repositories.payments.getByProviderId('mercadopago', update.providerPaymentId);
    expect(payment?.processedEventIds).toEqual(['evt-1']);
    expect(await stockOf(shop, productId)).toEqual({ onHand: 3, reserved: 0 });
    expect(await shop.outboxTypes()).toEqual(['order.placed', 'payment.received', 'order.paid']);
    expect((await shop.repositories.orders.get(order.id))?.version).toBe(2);
  });

  it('another event for the same approved payment is recorded without moving the order again', async () => {
    const shop = aShop();
    const { order } = await placedOrder(shop);
    await shop.useCases.orders.applyPayment('mercadopago', shop.approvedPayment(order), 'evt-1');
    const again = await shop.useCases.orders.applyPayment('mercadopago', shop.approvedPayment(order), 'evt-2');
    expect(again).toMatchObject({ status: 'recorded', order: { status: 'paid' } });
  });

  it('a wrong amount is recorded and flagged for staff, leaves the order placed and its reservation to lapse normally', async () => {
    const shop = aShop();
    const { order, productId } = await placedOrder(shop);
    const outcome = await shop.useCases.orders.applyPayment(
      'mercadopago',
      shop.approvedPayment(order, { amount: order.total.amount - 1 }),
      'evt-1',
    );
    expect(outcome).toMatchObject({ status: 'flagged', order: { status: 'placed' } });
    expect(await stockOf(shop, productId)).toEqual({ onHand: 5, reserved: 2 });
    const [payment] = await shop.repositories.payments.listByOrder(order.id);
    expect(payment?.attention).toMatch(/does not match the order total/);
    shop.clock.advance({ minutes: 31 });
    expect(await shop.useCases.orders.expireReservations()).toBe(1);
    expect(await stockOf(shop, productId)).toEqual({ onHand: 5, reserved: 0 });
  });

  it('money for an expired order needs a refund and does not re-reserve stock', async () => {
    const shop = aShop();
    const { order, productId } = await placedOrder(shop);
    shop.clock.advance({ minutes: 31 });
    await shop.useCases.orders.expireReservations();
    const outcome = await shop.useCases.orders.applyPayment('mercadopago', shop.approvedPayment(order), 'evt-1');
    expect(outcome).toMatchObject({ status: 'needs-refund', order: { status: 'expired' } });
    expect(await stockOf(shop, productId)).toEqual({ onHand: 5, reserved: 0 });
    expect(await shop.repositories.payments.listByOrder(order.id)).toHaveLength(1);
  });

  it('money for a cancelled order needs a refund', async () => {
    const shop = aShop();
    const { order } = await placedOrder(shop);
    await shop.useCases.orders.cancel(CLERK, order.id, null);
    expect(await shop.useCases.orders.applyPayment('mercadopago', shop.approvedPayment(order), 'evt-1')).toMatchObject({
      status: 'needs-refund',
      order: { status: 'cancelled' },
    });
  });

  it('a second, different payment for a paid order needs a refund', async () => {
    const shop = aShop();
    const { order } = await placedOrder(shop);
    await shop.useCases.orders.applyPayment('mercadopago', shop.approvedPayment(order, { id: 'mp-a' }), 'evt-a');
    expect(await shop.useCases.orders.applyPayment('mercadopago', shop.approvedPayment(order, { id: 'mp-b' }), 'evt-b')).toMatchObject({
      status: 'needs-refund',
    });
  });

  it('a refund of the paying payment refunds the order and restocks', async () => {
    const shop = aShop();
    const { order, productId } = await placedOrder(shop);
    const approved = shop.approvedPayment(order);
    await shop.useCases.orders.applyPayment('mercadopago', approved, 'evt-1');
    expect(await stockOf(shop, productId)).toEqual({ onHand: 3, reserved: 0 });
    const outcome = await shop.useCases.orders.applyPayment(
      'mercadopago',
      { ...approved, status: 'refunded', refundedAmount: approved.amount },
      'evt-2',
    );
    expect(outcome).toMatchObject({ status: 'order-refunded', order: { status: 'refunded' } });
    expect(await stockOf(shop, productId)).toEqual({ onHand: 5, reserved: 0 });
    const movements = await shop.useCases.catalog.stockMovements(productId, { offset: 0, limit: 10 });
    expect(movements.items.map((m) => [m.reason, m.delta])).toEqual([
      ['refund', 2],
      ['sale', -2],
    ]);
    expect((await shop.outboxTypes()).slice(-1)).toEqual(['order.refunded']);
  });

  it('a chargeback of a payment that never paid the order is only recorded', async () => {
    const shop = aShop();
    const { order } = await placedOrder(shop);
    await shop.useCases.orders.applyPayment('mercadopago', shop.approvedPayment(order, { id: 'mp-a' }), 'evt-a');
    const stray = { ...shop.approvedPayment(order, { id: 'mp-b' }), status: 'charged_back' as const };
    expect(await shop.useCases.orders.applyPayment('mercadopago', stray, 'evt-b')).toMatchObject({
      status: 'recorded',
      order: { status: 'paid' },
    });
  });

  it('refunding a duplicate online payment of an order paid in cash leaves the order paid', async () => {
    const shop = aShop();
    const { order, productId } = await placedOrder(shop);
    await shop.useCases.orders.changeStatus(MANAGER, order.id, 'paid', 'efectivo');
    const duplicate = shop.approvedPayment(order, { id: 'mp-late' });
    expect(await shop.useCases.orders.applyPayment('mercadopago', duplicate, 'evt-1')).toMatchObject({ status: 'needs-refund' });
    const refunded = { ...duplicate, status: 'refunded' as const, refundedAmount: duplicate.amount };
    expect(await shop.useCases.orders.applyPayment('mercadopago', refunded, 'evt-2')).toMatchObject({
      status: 'recorded',
      order: { status: 'paid' },
    });
    expect(await stockOf(shop, productId)).toEqual({ onHand: 3, reserved: 0 });
    expect(await shop.outboxTypes()).not.toContain('order.refunded');
  });

  it('refunding the second of two payments leaves the order paid by the first', async () => {
    const shop = aShop();
    const { order } = await placedOrder(shop);
    await shop.useCases.orders.applyPayment('mercadopago', shop.approvedPayment(order, { id: 'mp-a' }), 'evt-a');
    const second = shop.approvedPayment(order, { id: 'mp-b' });
    await shop.useCases.orders.applyPayment('mercadopago', second, 'evt-b');
    expect(
      await shop.useCases.orders.applyPayment('mercadopago', { ...second, status: 'refunded', refundedAmount: second.amount }, 'evt-c'),
    ).toMatchObject({ status: 'recorded', order: { status: 'paid' } });
  });

  it('staff can mark a placed order paid by hand (cash), which commits its stock', async () => {
    const shop = aShop();
    const { order, productId } = await placedOrder(shop);
    await shop.useCases.orders.changeStatus(MANAGER, order.id, 'paid', 'efectivo');
    expect(await stockOf(shop, productId)).toEqual({ onHand: 3, reserved: 0 });
  });
});

describe('sales summary', () => {
  it('counts orders created in the range and revenue of those paid', async () => {
    const shop = aShop();
    const drill = await shop.seedProduct({ name: 'Taladro', price: money(1_000_00), stockOnHand: 20 });
    const saw = await shop.seedProduct({ name: 'Sierra', price: money(3_000_00), stockOnHand: 20 });
    const from = shop.clock.now();
    const paid = await shop.placeOrder(await shop.seedCustomer(), [
      [drill, 3],
      [saw, 1],
    ]);
    await shop.useCases.orders.applyPayment('mercadopago', shop.approvedPayment(paid), 'e1');
    const cancelled = await shop.placeOrder(await shop.seedCustomer(), [[saw, 5]]);
    await shop.useCases.orders.cancel(MANAGER, cancelled.id, null);
    const paid2 = await shop.placeOrder(await shop.seedCustomer(), [[drill, 1]]);
    await shop.useCases.orders.applyPayment('mercadopago', shop.approvedPayment(paid2), 'e2');
    await shop.placeOrder(await shop.seedCustomer(), [[saw, 1]]);
    shop.clock.advance({ hours: 2 });
    const outside = await shop.placeOrder(await shop.seedCustomer(), [[drill, 1]]);
    await shop.useCases.orders.applyPayment('mercadopago', shop.approvedPayment(outside), 'e3');

    const summary = await shop.useCases.orders.salesSummary(MANAGER, { from, to: new Date(from.getTime() + 3_600_000) });
    expect(summary).toMatchObject({
      ordersPlaced: 4,
      ordersPaid: 2,
      revenue: money(7_000_00),
      byStatus: { paid: 2, cancelled: 1, placed: 1 },
    });
    expect(summary.topProducts).toEqual([
      { productId: drill.id, name: 'Taladro', quantity: 4, revenue: money(4_000_00) },
      { productId: saw.id, name: 'Sierra', quantity: 1, revenue: money(3_000_00) },
    ]);
    await expect(shop.useCases.orders.salesSummary(MANAGER, { from, to: from })).rejects.toMatchObject({ code: 'REPORT.RANGE_INVALID' });
  });
});
