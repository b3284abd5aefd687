import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { problemOf, startTestApp, type TestApp } from './support/test-app.js';

interface OrderBody {
  id: string;
  number: number;
  status: string;
  total: { amount: number; currency: string };
  lines: { sku: string; quantity: number; unitPrice: { amount: number }; total: { amount: number } }[];
  history: { from: string | null; to: string; by: string; note: string | null }[];
}

let t: TestApp;
let manager: string;
let productId: string;
let customerId: string;

beforeEach(async () => {
  t = await startTestApp();
  manager = await t.tokenFor(['manager']);
  const created = await t.call('POST', '/api/v1/products', {
    token: manager,
    json: { sku: 'TERMO-1', name: 'Termo 1 l', price: { amount: 2_500_000, currency: 'ARS' }, vatRate: 2100, stockOnHand: 10 },
  });
  productId = ((await created.json()) as { id: string }).id;
  customerId = (await t.useCases.customers.identify({ channel: 'telegram', userId: '4242' }, { displayName: 'Ana Pérez', language: 'es' }))
    .id;
});
afterEach(async () => {
  await t.close();
});

/** A customer places an order through the chat use cases, as the bot would. */
const placeOrder = async (quantity = 2): Promise<string> => {
  await t.useCases.cart.add(customerId, 'telegram', productId, quantity);
  const order = await t.useCases.orders.place({
    customerId,
    channel: 'telegram',
    contact: { name: 'Ana Pérez', phone: '+5491155550000' },
    delivery: { method: 'pickup', address: null },
    billing: null,
  });
  return order.id;
};

const changeStatus = (orderId: string, to: string, token = manager, note?: string) =>
  t.call('POST', `/api/v1/orders/${orderId}/status`, { token, json: { to, ...(note ? { note } : {}) } });

describe('orders', () => {
  test('list and read orders with money as centavos', async () => {
    const orderId = await placeOrder(2);
    const list = (await (await t.call('GET', '/api/v1/orders', { token: manager })).json()) as { items: OrderBody[]; total: number };
    expect(list.total).toBe(1);
    const [order] = list.items;
    expect(order).toMatchObject({ id: orderId, status: 'placed', total: { amount: 5_000_000, currency: 'ARS' } });
    expect(order!.lines).toEqual([
      expect.objectContaining({
        sku: 'TERMO-1',
        quantity: 2,
        unitPrice: expect.objectContaining({ amount: 2_500_000 }),
        total: expect.objectContaining({ amount: 5_000_000 }),
      }),
    ]);
    expect((await t.call('GET', `/api/v1/orders/${orderId}`, { token: manager })).status).toBe(200);
    const missing = await t.call('GET', '/api/v1/orders/unknown', { token: manager });
    expect(missing.status).toBe(404);
    expect((await problemOf(missing)).code).toBe('ORDER.NOT_FOUND');
  });

  test('filters by status and creation date, and refuses unknown statuses', async () => {
    const first = await placeOrder(1);
    t.clock.advance({ hours: 2 });
    manager = await t.tokenFor(['manager']);
    await placeOrder(1);
    await changeStatus(first, 'paid');

    const paid = (await (await t.call('GET', '/api/v1/orders?status=paid,shipped', { token: manager })).json()) as { items: OrderBody[] };
    expect(paid.items.map((o) => o.id)).toEqual([first]);
    const recent = (await (
      await t.call('GET', `/api/v1/orders?from=${encodeURIComponent('2025-03-10T13:00:00Z')}`, { token: manager })
    ).json()) as { total: number };
    expect(recent.total).toBe(1);
    const byContact = async (contact: string) =>
      (
        (await (await t.call('GET', `/api/v1/orders?contact=${encodeURIComponent(contact)}`, { token: manager })).json()) as {
          total: number;
        }
      ).total;
    expect(await byContact('PEREZ')).toBe(2);
    expect(await byContact('5555 0000')).toBe(2);
    expect(await byContact('Gómez')).toBe(0);
    const bogus = await t.call('GET', '/api/v1/orders?status=lost', { token: manager });
    expect(bogus.status).toBe(400);
    expect((await problemOf(bogus)).errors![0]).toMatchObject({ in: 'query', field: 'status.0' });
  });

  test('status changes follow the state machine; an illegal one is a 409 and changes nothing', async () => {
    const orderId = await placeOrder(2);
    const illegal = await changeStatus(orderId, 'shipped');
    expect(illegal.status).toBe(409);
    const problem = await problemOf(illegal);
    expect(problem.code).toBe('ORDER.ILLEGAL_TRANSITION');
    expect(problem.details).toMatchObject({ from: 'placed', to: 'shipped' });
    expect(await (await t.call('GET', `/api/v1/orders/${orderId}`, { token: manager })).json()).toMatchObject({ status: 'placed' });

    const clerk = await t.tokenFor(['clerk']);
    for (const to of ['paid', 'shipped', 'delivered']) {
      const response = await changeStatus(orderId, to, clerk, `to ${to}`);
      expect(response.status, to).toBe(200);
      expect(await response.json()).toMatchObject({ status: to });
    }
    const order = (await (await t.call('GET', `/api/v1/orders/${orderId}`, { token: manager })).json()) as OrderBody;
    expect(order.history.map((h) => h.to)).toEqual(['placed', 'paid', 'shipped', 'delivered']);
    expect(order.history.at(-1)).toMatchObject({ from: 'shipped', note: 'to delivered' });
    expect((await changeStatus(orderId, 'paid')).status).toBe(409);
    // Payment took the units out of stock.
    expect(await (await t.call('GET', `/api/v1/products/${productId}`, { token: manager })).json()).toMatchObject({
      stockOnHand: 8,
      reserved: 0,
    });
  });

  test('an unknown target status is a 400, a viewer may not change status', async () => {
    const orderId = await placeOrder(1);
    expect((await changeStatus(orderId, 'teleported')).status).toBe(400);
    expect((await changeStatus(orderId, 'paid', await t.tokenFor(['viewer']))).status).toBe(403);
  });

  test('cancelling a placed order releases its reservation', async () => {
    const orderId = await placeOrder(3);
    expect(await (await t.call('GET', `/api/v1/products/${productId}`, { token: manager })).json()).toMatchObject({
      reserved: 3,
      available: 7,
    });
    const cancelled = await t.call('POST', `/api/v1/orders/${orderId}/cancel`, { token: manager, json: { reason: 'the customer called' } });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect(await (await t.call('GET', `/api/v1/products/${productId}`, { token: manager })).json()).toMatchObject({
      reserved: 0,
      available: 10,
    });
    expect((await t.call('POST', `/api/v1/orders/${orderId}/cancel`, { token: manager })).status).toBe(409);
  });
});

describe('reports', () => {
  test('the sales summary counts paid revenue in the range; managers only', async () => {
    const paidOrder = await placeOrder(2);
    await placeOrder(1);
    await changeStatus(paidOrder, 'paid');
    const range = `from=${encodeURIComponent('2025-03-10T00:00:00-03:00')}&to=${encodeURIComponent('2025-03-11T00:00:00-03:00')}`;
    const response = await t.call('GET', `/api/v1/reports/sales-summary?${range}`, { token: manager });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      ordersPlaced: 2,
      ordersPaid: 1,
      revenue: { amount: 5_000_000, currency: 'ARS' },
      byStatus: { paid: 1, placed: 1 },
      topProducts: [{ productId, name: 'Termo 1 l', quantity: 2, revenue: { amount: 5_000_000, currency: 'ARS' } }],
    });
    expect((await t.call('GET', `/api/v1/reports/sales-summary?${range}`, { token: await t.tokenFor(['clerk']) })).status).toBe(403);
    const missing = await t.call('GET', '/api/v1/reports/sales-summary?from=2025-03-10T00:00:00Z', { token: manager });
    expect((await problemOf(missing)).errors).toEqual([expect.objectContaining({ in: 'query', field: 'to', code: 'REQUIRED' })]);
    const backwards = await t.call('GET', '/api/v1/reports/sales-summary?from=2025-03-11T00:00:00Z&to=2025-03-10T00:00:00Z', {
      token: manager,
    });
    expect(backwards.status).toBe(422);
  });
});

describe('customers', () => {
  test('list, search and read customers', async () => {
    await t.useCases.customers.identify({ channel: 'telegram', userId: '99' }, { displayName: 'Bruno Díaz', language: 'en' });
    const all = (await (await t.call('GET', '/api/v1/customers', { token: manager })).json()) as { total: number };
    expect(all.total).toBe(2);
    const found = (await (await t.call('GET', '/api/v1/customers?q=bruno', { token: manager })).json()) as { items: { name: string }[] };
    expect(found.items.map((c) => c.name)).toEqual(['Bruno Díaz']);
    expect(await (await t.call('GET', `/api/v1/customers/${customerId}`, { token: manager })).json()).toMatchObject({
      name: 'Ana Pérez',
      identities: [{ channel: 'telegram', userId: '4242' }],
      taxProfile: null,
    });
  });

  test('set and clear the tax profile; a CUIT with a wrong check digit is refused', async () => {
    const profile = {
      documentType: 'CUIT',
      documentNumber: '20-11111111-2',
      ivaCondition: 'RESPONSABLE_INSCRIPTO',
      legalName: 'Ana Pérez SRL',
      address: 'Av. Corrientes 1234',
    };
    const saved = await t.call('PUT', `/api/v1/customers/${customerId}/tax-profile`, { token: manager, json: profile });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({
      taxProfile: { documentType: 'CUIT', documentNumber: '20111111112', ivaCondition: 'RESPONSABLE_INSCRIPTO' },
    });
    const wrong = await t.call('PUT', `/api/v1/customers/${customerId}/tax-profile`, {
      token: manager,
      json: { ...profile, documentNumber: '20111111113' },
    });
    expect(wrong.status).toBe(422);
    expect(
      (await t.call('PUT', `/api/v1/customers/${customerId}/tax-profile`, { token: await t.tokenFor(['clerk']), json: profile })).status,
    ).toBe(403);
    const cleared = await t.call('DELETE', `/api/v1/customers/${customerId}/tax-profile`, { token: manager });
    expect(await cleared.json()).toMatchObject({ taxProfile: null });
  });
});

describe('staff', () => {
  test('owners create and change staff users; emails are unique', async () => {
    const owner = await t.tokenFor(['owner']);
    const created = await t.call('POST', '/api/v1/staff/users', {
      token: owner,
      json: { email: 'Nuevo@Shop.test', name: 'Nuevo', password: 'a long enough password', roles: ['clerk'] },
    });
    expect(created.status).toBe(201);
    const user = (await created.json()) as { id: string; email: string };
    expect(user).toMatchObject({ email: 'nuevo@shop.test', roles: ['clerk'], active: true });
    const duplicate = await t.call('POST', '/api/v1/staff/users', {
      token: owner,
      json: { email: 'nuevo@shop.test', name: 'Otro', password: 'a long enough password', roles: ['viewer'] },
    });
    expect(duplicate.status).toBe(409);
    const weak = await t.call('POST', '/api/v1/staff/users', {
      token: owner,
      json: { email: 'weak@shop.test', name: 'Weak', password: 'short', roles: ['viewer'] },
    });
    expect((await problemOf(weak)).code).toBe('STAFF.PASSWORD_WEAK');

    const promoted = await t.call('PATCH', `/api/v1/staff/users/${user.id}`, { token: owner, json: { roles: ['manager'] } });
    expect(await promoted.json()).toMatchObject({ roles: ['manager'] });
    const list = (await (await t.call('GET', '/api/v1/staff/users', { token: owner })).json()) as {
      items: { email: string }[];
      total: number;
    };
    expect(list.items.map((u) => u.email)).toContain('nuevo@shop.test');
    expect(JSON.stringify(list)).not.toContain('test-only-fake'); // the fake hasher's hash prefix: no hash is listed
  });

  test('a user may rename themselves but not change their own roles', async () => {
    const email = await t.addStaff(['clerk']);
    const { accessToken } = await t.login(email);
    const me = (await (await t.call('GET', '/api/v1/auth/me', { token: accessToken })).json()) as { id: string };
    expect((await t.call('PATCH', `/api/v1/staff/users/${me.id}`, { token: accessToken, json: { name: 'Clara' } })).status).toBe(200);
    expect((await t.call('PATCH', `/api/v1/staff/users/${me.id}`, { token: accessToken, json: { roles: ['owner'] } })).status).toBe(403);
  });

  test('a chat link code is valid for 15 minutes and links the chat', async () => {
    const { accessToken } = await t.login(await t.addStaff(['clerk']));
    const response = await t.call('POST', '/api/v1/staff/me/chat-link-code', { token: accessToken });
    expect(response.status).toBe(201);
    const { code, expiresAt } = (await response.json()) as { code: string; expiresAt: string };
    expect(expiresAt).toBe('2025-03-10T12:15:00.000Z');
    await t.useCases.staff.linkChat(code, { channel: 'telegram', userId: '777' });
    expect(await (await t.call('GET', '/api/v1/auth/me', { token: accessToken })).json()).toMatchObject({ chatLinked: true });
  });
});
