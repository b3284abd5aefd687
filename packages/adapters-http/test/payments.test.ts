import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { problemOf, startTestApp, type TestApp } from './support/test-app.js';

interface PaymentBody {
  id: string;
  provider: string;
  status: string;
  statusDetail: string | null;
  amount: { amount: number; currency: string };
  refundedAmount: { amount: number; currency: string };
  attention: string | null;
}

let t: TestApp;
let manager: string;
let orderId: string;

beforeEach(async () => {
  t = await startTestApp();
  manager = await t.tokenFor(['manager']);
  const created = await t.call('POST', '/api/v1/products', {
    token: manager,
    json: { sku: 'TERMO-1', name: 'Termo 1 l', price: { amount: 2_500_000, currency: 'ARS' }, vatRate: 2100, stockOnHand: 10 },
  });
  const productId = ((await created.json()) as { id: string }).id;
  const customerId = (await t.useCases.customers.identify({ channel: 'telegram', userId: '4242' }, { displayName: 'Ana', language: 'es' }))
    .id;
  await t.useCases.cart.add(customerId, 'telegram', productId, 2);
  orderId = (
    await t.useCases.orders.place({
      customerId,
      channel: 'telegram',
      contact: { name: 'Ana Pérez', phone: '+5491155550000' },
      delivery: { method: 'pickup', address: null },
      billing: null,
    })
  ).id;
});
afterEach(async () => {
  await t.close();
});

const record = (json: unknown, headers: Record<string, string> = {}, token = manager) =>
  t.call('POST', `/api/v1/orders/${orderId}/payments`, { token, json, headers });

describe('manual payments and refunds', () => {
  test('cash for the total pays the order; the same Idempotency-Key records it once; the list shows it', async () => {
    const cash = { method: 'cash', amount: { amount: 5_000_000, currency: 'ARS' }, reference: 'caja 1' };
    const first = await record(cash, { 'idempotency-key': 'counter-7' });
    expect(first.status).toBe(201);
    const body = (await first.json()) as { payment: PaymentBody; order: { status: string } };
    expect(body.order.status).toBe('paid');
    expect(body.payment).toMatchObject({ provider: 'cash', status: 'approved', statusDetail: 'caja 1', attention: null });
    expect((await record(cash, { 'idempotency-key': 'counter-7' })).status).toBe(201);
    const list = (await (await t.call('GET', `/api/v1/orders/${orderId}/payments`, { token: manager })).json()) as { items: PaymentBody[] };
    expect(list.items).toHaveLength(1);
  });

  test('a transfer of another amount is recorded and flagged; the order stays placed', async () => {
    const response = await record({ method: 'transfer', amount: { amount: 1_000_00, currency: 'ARS' }, reference: 'CBU 0001' });
    const body = (await response.json()) as { payment: PaymentBody; order: { status: string } };
    expect(body.order.status).toBe('placed');
    expect(body.payment.attention).toMatch(/does not match/);
  });

  test('refunds a manual payment in part, then the rest (owners and managers only); the order is refunded', async () => {
    const { payment } = (await (await record({ method: 'cash', amount: { amount: 5_000_000, currency: 'ARS' } })).json()) as {
      payment: PaymentBody;
    };
    const url = `/api/v1/orders/${orderId}/payments/${payment.id}/refunds`;
    const clerk = await t.tokenFor(['clerk']);
    expect((await t.call('POST', url, { token: clerk, json: {} })).status).toBe(403);
    const partial = await t.call('POST', url, {
      token: manager,
      json: { amount: { amount: 1_000_000, currency: 'ARS' } },
      headers: { 'idempotency-key': 'r1' },
    });
    expect(await partial.json()).toMatchObject({ status: 'approved', refundedAmount: { amount: 1_000_000 } });
    await t.call('POST', url, {
      token: manager,
      json: { amount: { amount: 1_000_000, currency: 'ARS' } },
      headers: { 'idempotency-key': 'r1' },
    });
    const tooMuch = await t.call('POST', url, { token: manager, json: { amount: { amount: 9_000_000, currency: 'ARS' } } });
    expect(tooMuch.status).toBe(409);
    expect((await problemOf(tooMuch)).code).toBe('PAYMENT.REFUND_EXCEEDS_REMAINING');
    const rest = await t.call('POST', url, { token: manager, headers: { 'idempotency-key': 'r2' } });
    expect(await rest.json()).toMatchObject({ status: 'refunded', refundedAmount: { amount: 5_000_000 } });
    expect(((await (await t.call('GET', `/api/v1/orders/${orderId}`, { token: manager })).json()) as { status: string }).status).toBe(
      'refunded',
    );
  });

  test('bad input is a 400 naming the field; an unknown order a 404; nothing recorded', async () => {
    const badMethod = await record({ method: 'bitcoin', amount: { amount: 100, currency: 'ARS' } });
    expect(badMethod.status).toBe(400);
    expect((await problemOf(badMethod)).errors?.map((error) => error.field)).toContain('method');
    const badAmount = await record({ method: 'cash', amount: { amount: 0, currency: 'ARS' } });
    expect(badAmount.status).toBe(400);
    expect((await problemOf(badAmount)).errors?.[0]?.field).toMatch(/^amount/);
    const decimal = await record({ method: 'cash', amount: { amount: 10.5, currency: 'ARS' } });
    expect(decimal.status).toBe(400);
    const unknown = await t.call('POST', '/api/v1/orders/nope/payments', {
      token: manager,
      json: { method: 'cash', amount: { amount: 100, currency: 'ARS' } },
    });
    expect(unknown.status).toBe(404);
    const list = (await (await t.call('GET', `/api/v1/orders/${orderId}/payments`, { token: manager })).json()) as { items: PaymentBody[] };
    expect(list.items).toEqual([]);
    const viewer = await t.tokenFor(['viewer']);
    expect((await record({ method: 'cash', amount: { amount: 100, currency: 'ARS' } }, {}, viewer)).status).toBe(403);
  });
});
