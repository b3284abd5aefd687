import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MercadoPagoEmulator, signatureManifest } from '../../src/mercadopago/index.js';

let emulator: MercadoPagoEmulator;
let receiver: Server | null = null;
afterEach(async () => {
  await emulator?.stop();
  if (receiver) await new Promise<void>((resolve) => receiver?.close(() => resolve()));
  receiver = null;
});

const start = async (options: ConstructorParameters<typeof MercadoPagoEmulator>[0] = {}) => {
  emulator = new MercadoPagoEmulator({ webhookRetryDelayMs: 10, ...options });
  await emulator.start();
  return emulator;
};

const api = (path: string, init: { method?: string; body?: unknown; token?: string | null; key?: string } = {}) =>
  fetch(`${emulator.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      ...(init.token === null ? {} : { authorization: `Bearer ${init.token ?? emulator.accessToken}` }),
      ...(init.key ? { 'x-idempotency-key': init.key } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> }));

const preference = (overrides: Record<string, unknown> = {}) => ({
  items: [{ id: 'YER-1', title: 'Yerba 1 kg', quantity: 2, unit_price: 1750.5, currency_id: 'ARS' }],
  external_reference: 'order-1',
  ...overrides,
});

/** A local receiver answering `statuses` in turn (then 200), recording what it got. */
const listen = async (statuses: number[] = []) => {
  const received: { headers: Record<string, string | string[] | undefined>; url: string; body: string }[] = [];
  receiver = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    received.push({ headers: req.headers, url: req.url ?? '', body });
    res.writeHead(statuses.shift() ?? 200);
    res.end('{}');
  });
  await new Promise<void>((resolve) => receiver?.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/mercadopago`, received };
};

describe('Mercado Pago emulator: API shapes and errors', () => {
  it('creates preferences with an init_point, and refuses bad ones with Mercado Pago error bodies', async () => {
    await start();
    const created = await api('/checkout/preferences', { method: 'POST', body: preference() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      external_reference: 'order-1',
      operation_type: 'regular_payment',
      items: [{ unit_price: 1750.5 }],
    });
    expect(String(created.body.init_point)).toContain(`/checkout/v1/redirect?pref_id=${created.body.id}`);
    expect((await api(`/checkout/preferences/${created.body.id}`)).body).toEqual(created.body);

    const noItems = await api('/checkout/preferences', { method: 'POST', body: { items: [] } });
    expect(noItems).toEqual({
      status: 400,
      body: { message: 'items needed', error: 'invalid_items', status: 400, cause: [expect.objectContaining({ code: 'items' })] },
    });
    const badPrice = await api('/checkout/preferences', {
      method: 'POST',
      body: preference({ items: [{ title: 'x', quantity: 1, unit_price: 1.234 }] }),
    });
    expect(badPrice.body).toMatchObject({ status: 400, error: 'invalid_items' });
    const autoReturn = await api('/checkout/preferences', { method: 'POST', body: preference({ auto_return: 'approved' }) });
    expect(autoReturn.body).toMatchObject({ error: 'invalid_auto_return' });
    expect(await api('/checkout/preferences', { method: 'POST', body: preference(), token: 'TEST-wrong' })).toEqual({
      status: 401,
      body: { message: 'invalid access token', error: 'unauthorized', status: 401, cause: [] },
    });
    expect((await api('/v1/payments/1')).body).toMatchObject({ status: 404, error: 'not_found', message: 'Payment not found' });
  });

  it('answers the same response for a repeated X-Idempotency-Key', async () => {
    await start();
    const first = await api('/checkout/preferences', { method: 'POST', body: preference(), key: 'k-1' });
    const again = await api('/checkout/preferences', { method: 'POST', body: preference(), key: 'k-1' });
    const other = await api('/checkout/preferences', { method: 'POST', body: preference(), key: 'k-2' });
    expect(again.body.id).toBe(first.body.id);
    expect(other.body.id).not.toBe(first.body.id);
  });

  it('pays from the checkout page, finds payments by external_reference, refunds in part and in full, and keeps a merchant order', async () => {
    await start({ webhookMode: 'record' });
    const pref = await api('/checkout/preferences', { method: 'POST', body: preference() });
    const page = await fetch(String(pref.body.init_point));
    const html = await page.text();
    expect(html).toContain('Yerba 1 kg');
    expect(html).toContain('$ 3.501,00');
    for (const decision of ['approve', 'reject', 'pending']) expect(html).toContain(`value="${decision}"`);

    const rejected = await emulator.pay(String(pref.body.init_point), 'reject');
    const approved = await emulator.pay(String(pref.body.init_point), 'approve');
    expect(rejected.status).toBe('rejected');
    const payment = (await api(`/v1/payments/${approved.paymentId}`)).body;
    expect(payment).toMatchObject({
      status: 'approved',
      status_detail: 'accredited',
      transaction_amount: 3501,
      external_reference: 'order-1',
      currency_id: 'ARS',
    });
    const search = (await api('/v1/payments/search?external_reference=order-1')).body;
    expect(search).toMatchObject({ paging: { total: 2 } });
    expect((await api('/v1/payments/search?external_reference=order-2')).body).toMatchObject({ paging: { total: 0 }, results: [] });

    expect((await api(`/v1/payments/${rejected.paymentId}/refunds`, { method: 'POST', body: {} })).body).toMatchObject({
      status: 400,
      error: 'invalid_payment_status',
    });
    const partial = await api(`/v1/payments/${approved.paymentId}/refunds`, { method: 'POST', body: { amount: 1000 } });
    expect(partial).toMatchObject({ status: 201, body: { amount: 1000, payment_id: approved.paymentId, status: 'approved' } });
    expect((await api(`/v1/payments/${approved.paymentId}/refunds`, { method: 'POST', body: { amount: 9000 } })).body).toMatchObject({
      error: 'amount_exceeded',
    });
    expect((await api(`/v1/payments/${approved.paymentId}`)).body).toMatchObject({
      status: 'approved',
      status_detail: 'partially_refunded',
      transaction_amount_refunded: 1000,
    });
    await api(`/v1/payments/${approved.paymentId}/refunds`, { method: 'POST', body: {} });
    expect((await api(`/v1/payments/${approved.paymentId}`)).body).toMatchObject({ status: 'refunded', transaction_amount_refunded: 3501 });

    const order = (await api(`/merchant_orders/${(payment.order as { id: string }).id}`)).body;
    expect(order).toMatchObject({
      preference_id: pref.body.id,
      external_reference: 'order-1',
      total_amount: 3501,
      order_status: 'reverted',
    });
    expect((order.payments as unknown[]).length).toBe(2);
  });

  it('answers 429 and 5xx on demand', async () => {
    await start();
    emulator.failNextRequests(429, 1);
    emulator.failNextRequests(503, 1);
    const limited = await fetch(`${emulator.baseUrl}/v1/payments/1`, { headers: { authorization: `Bearer ${emulator.accessToken}` } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await api('/v1/payments/1')).status).toBe(503);
    expect((await api('/v1/payments/1')).status).toBe(404);
  });
});

describe('Mercado Pago emulator: webhooks', () => {
  it('POSTs a signed notification to the notification_url, retrying non-2xx answers', async () => {
    await start();
    const { url, received } = await listen([500]);
    const pref = await api('/checkout/preferences', { method: 'POST', body: preference({ notification_url: url }) });
    const { paymentId } = await emulator.pay(String(pref.body.init_point), 'approve');
    await emulator.settled();
    expect(received).toHaveLength(2);
    const [, delivered] = received;
    expect(delivered?.url).toBe(`/webhooks/mercadopago?data.id=${paymentId}&type=payment`);
    expect(JSON.parse(delivered?.body ?? '{}')).toMatchObject({
      type: 'payment',
      action: 'payment.created',
      data: { id: String(paymentId) },
    });
    const [, ts, v1] = /^ts=(\d+),v1=([0-9a-f]{64})$/.exec(String(delivered?.headers['x-signature'])) ?? [];
    const manifest = signatureManifest({
      dataId: String(paymentId),
      requestId: String(delivered?.headers['x-request-id']),
      ts: Number(ts),
    });
    expect(manifest).toBe(`id:${paymentId};request-id:${delivered?.headers['x-request-id']};ts:${ts};`);
    expect(createHmac('sha256', emulator.webhookSecret).update(manifest).digest('hex')).toBe(v1);
    expect(emulator.notifications({ dataId: paymentId })[0]).toMatchObject({ fate: 'delivered', attempts: [500, 200] });
  });

  it('loses, duplicates, forges and reorders notifications on demand', async () => {
    await start();
    const { url, received } = await listen();
    const pref = await api('/checkout/preferences', { method: 'POST', body: preference({ notification_url: url }) });
    const initPoint = String(pref.body.init_point);

    emulator.injectWebhookFault({ kind: 'lose' }, { kind: 'duplicate', copies: 3 }, { kind: 'forge' });
    const lost = await emulator.pay(initPoint, 'reject');
    const duplicated = await emulator.pay(initPoint, 'reject');
    const forged = await emulator.pay(initPoint, 'reject');
    await emulator.settled();
    expect(emulator.notifications({ dataId: lost.paymentId })[0]?.fate).toBe('lost');
    expect(received.filter((r) => r.url.includes(String(duplicated.paymentId)))).toHaveLength(3);
    const forgedDelivery = received.find((r) => r.url.includes(String(forged.paymentId)));
    const [, ts, v1] = /^ts=(\d+),v1=([0-9a-f]{64})$/.exec(String(forgedDelivery?.headers['x-signature'])) ?? [];
    const manifest = signatureManifest({
      dataId: String(forged.paymentId),
      requestId: String(forgedDelivery?.headers['x-request-id']),
      ts: Number(ts),
    });
    expect(createHmac('sha256', emulator.webhookSecret).update(manifest).digest('hex')).not.toBe(v1);

    received.length = 0;
    emulator.holdWebhooks();
    const pending = await emulator.pay(initPoint, 'pending');
    emulator.settle(pending.paymentId, 'approved');
    expect(received).toHaveLength(0);
    await emulator.releaseWebhooks({ reverse: true });
    expect(received.map((r) => JSON.parse(r.body).action)).toEqual(['payment.updated', 'payment.created']);
  });

  it('refuses to pay an expired preference', async () => {
    await start();
    const pref = await api('/checkout/preferences', {
      method: 'POST',
      body: preference({ expires: true, expiration_date_to: new Date(Date.now() - 1000).toISOString() }),
    });
    expect((await fetch(String(pref.body.init_point))).status).toBe(410);
    await expect(emulator.pay(String(pref.body.init_point), 'approve')).rejects.toThrow(/expired/);
  });
});
