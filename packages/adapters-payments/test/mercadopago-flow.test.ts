import { money, type Order } from '@mostrador/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type MercadoPagoShop, mercadoPagoShop } from './support/mercadopago-shop.js';

let shop: MercadoPagoShop | null = null;
const open = async (options?: Parameters<typeof mercadoPagoShop>[0]): Promise<MercadoPagoShop> => {
  shop = await mercadoPagoShop(options);
  return shop;
};
afterEach(async () => {
  await shop?.close();
  shop = null;
});

/** What a payment can change, read from the shop's storage. */
const snapshot = async ({ uow }: MercadoPagoShop, order: Order) => ({
  order: await uow.repositories.orders.get(order.id),
  payments: await uow.repositories.payments.listByOrder(order.id),
  events: (await uow.repositories.outbox.pending(1000)).map((record) => record.event.type),
});

const payUrl = async (s: MercadoPagoShop, order: Order): Promise<string> => {
  const [link] = await s.useCases.payments.checkout({ kind: 'customer', customerId: order.customerId }, order.id);
  if (!link) throw new Error('no checkout link');
  return link.url;
};

describe('Mercado Pago checkout, end to end on the emulator', () => {
  it('approved on the checkout page: the signed webhook is acknowledged, queued, and the order is paid', async () => {
    const s = await open();
    const order = await s.placeOrder();
    const url = await payUrl(s, order);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('$ 3.500,00');

    const { paymentId, status } = await s.emulator.pay(url, 'approve');
    expect(status).toBe('approved');
    await s.settle();

    const [notification] = s.emulator.notifications({ dataId: paymentId });
    expect(notification?.attempts).toEqual([200]);
    expect(s.queue.completed('payments.sync')).toHaveLength(1);
    const after = await snapshot(s, order);
    expect(after.order?.status).toBe('paid');
    expect(after.payments).toMatchObject([
      { provider: 'mercadopago', providerPaymentId: String(paymentId), status: 'approved', amount: money(3_500_00) },
    ]);
    expect(after.events.filter((type) => type === 'payment.received')).toHaveLength(1);
    expect(after.events).toContain('order.paid');
  });

  it('the preference carries the lines, the order id, the webhook URL, back URLs and the reservation as expiry', async () => {
    const s = await open();
    const order = await s.placeOrder();
    const url = await payUrl(s, order);
    const prefId = new URL(url).searchParams.get('pref_id') ?? '';
    const response = await fetch(`${s.emulator.baseUrl}/checkout/preferences/${prefId}`, {
      headers: { authorization: `Bearer ${s.emulator.accessToken}` },
    });
    expect(await response.json()).toMatchObject({
      items: [{ title: 'Yerba mate 1 kg', quantity: 2, unit_price: 1750, currency_id: 'ARS' }],
      external_reference: order.id,
      notification_url: s.webhookUrl,
      back_urls: { success: 'https://t.me/mostrador_demo_bot' },
      expires: true,
      expiration_date_to: order.reservationExpiresAt.toISOString(),
    });
  });

  it('one checkout per attempt: concurrent and repeated requests reuse it; every write carried an idempotency key', async () => {
    const s = await open();
    const order = await s.placeOrder();
    const customer = { kind: 'customer' as const, customerId: order.customerId };
    const links = await Promise.all([1, 2, 3, 4, 5].map(() => s.useCases.payments.checkout(customer, order.id)));
    expect(new Set(links.map(([link]) => link?.url)).size).toBe(1);
    expect(await s.useCases.payments.checkout(customer, order.id)).toEqual(links[0]);
    const created = s.emulator.requests.filter((request) => request.method === 'POST' && request.path === '/checkout/preferences');
    expect(created.every((request) => request.idempotencyKey === `checkout:${order.id}:mercadopago:1`)).toBe(true);
    const stored = await s.uow.repositories.paymentCheckouts.listByOrder(order.id);
    expect(stored).toHaveLength(1);
  });

  it('a preference creation retried after a 503 does not create two preferences', async () => {
    const s = await open({ maxRetries: 2 });
    const order = await s.placeOrder();
    s.emulator.failNextRequests(503, 1, '/checkout/preferences');
    const url = await payUrl(s, order);
    const created = s.emulator.requests.filter((request) => request.path === '/checkout/preferences');
    expect(created.map((request) => request.status)).toEqual([503, 201]);
    expect(new Set(created.map((request) => request.idempotencyKey)).size).toBe(1);
    // The same key again (a crash between the answer and storing it) answers the same preference.
    const again = await s.gateway.createCheckout({
      order,
      payerEmail: null,
      notificationUrl: null,
      backUrl: null,
      expiresAt: order.reservationExpiresAt,
      idempotencyKey: `checkout:${order.id}:mercadopago:1`,
    });
    expect(again.paymentUrl).toBe(url);
  });

  it('rejected, then approved on a retry with the same link', async () => {
    const s = await open();
    const order = await s.placeOrder();
    const url = await payUrl(s, order);
    await s.emulator.pay(url, 'reject');
    await s.settle();
    let now = await snapshot(s, order);
    expect(now.order?.status).toBe('placed');
    expect(now.payments).toMatchObject([{ status: 'rejected' }]);
    expect(await payUrl(s, order)).toBe(url);

    await s.emulator.pay(url, 'approve');
    await s.settle();
    now = await snapshot(s, order);
    expect(now.order?.status).toBe('paid');
    expect(now.payments.map((payment) => payment.status)).toEqual(['rejected', 'approved']);
  });

  it('pending, its approval webhook lost: reconciliation finds it and pays the order', async () => {
    const s = await open();
    const order = await s.placeOrder();
    const { paymentId } = await s.emulator.pay(await payUrl(s, order), 'pending');
    await s.settle();
    expect((await snapshot(s, order)).payments).toMatchObject([{ status: 'pending' }]);

    s.emulator.injectWebhookFault({ kind: 'lose' });
    s.emulator.settle(paymentId, 'approved');
    await s.settle();
    expect(s.emulator.notifications({ dataId: paymentId }).at(-1)?.fate).toBe('lost');
    expect((await snapshot(s, order)).order?.status).toBe('placed');

    expect(await s.useCases.payments.reconcile()).toMatchObject({ ordersChecked: 1, applied: 1 });
    expect((await snapshot(s, order)).order?.status).toBe('paid');
    // A second run finds nothing new.
    expect(await s.useCases.payments.reconcile()).toMatchObject({ ordersChecked: 0, applied: 0 });
  });

  it('notifications delivered out of order end in the latest state: the payment is always re-read', async () => {
    const s = await open();
    const order = await s.placeOrder();
    s.emulator.holdWebhooks();
    const { paymentId } = await s.emulator.pay(await payUrl(s, order), 'pending');
    s.emulator.settle(paymentId, 'approved');
    await s.emulator.releaseWebhooks({ reverse: true });
    await s.settle();
    const after = await snapshot(s, order);
    expect(after.order?.status).toBe('paid');
    expect(after.payments).toMatchObject([{ status: 'approved' }]);
  });

  it('a 429 from the API while re-reading the payment is retried by the queue', async () => {
    const s = await open();
    const order = await s.placeOrder();
    const url = await payUrl(s, order);
    s.emulator.failNextRequests(429, 1, '/v1/payments');
    await s.emulator.pay(url, 'approve');
    await s.settle();
    expect((await snapshot(s, order)).order?.status).toBe('paid');
  });
});

describe('idempotency', () => {
  it('the same webhook delivered 20 times at once changes the order once', async () => {
    const s = await open();
    const order = await s.placeOrder();
    s.emulator.injectWebhookFault({ kind: 'duplicate', copies: 20 });
    const { paymentId } = await s.emulator.pay(await payUrl(s, order), 'approve');
    await s.settle();
    const [notification] = s.emulator.notifications({ dataId: paymentId });
    expect(notification?.attempts).toHaveLength(20);
    expect(notification?.attempts.every((status) => status === 200)).toBe(true);
    const after = await snapshot(s, order);
    expect(after.order).toMatchObject({ status: 'paid', version: order.version + 1 });
    expect(after.payments).toHaveLength(1);
    expect(after.events.filter((type) => type === 'payment.received')).toHaveLength(1);
    expect(after.events.filter((type) => type === 'order.paid')).toHaveLength(1);
    expect(s.queue.completed('payments.sync')).toHaveLength(1);
  });
});

describe('webhook security: refused or harmless, nothing changed', () => {
  /** A shop with a placed order and an approved payment whose genuine webhook was lost. */
  const withLostApproval = async () => {
    const s = await open();
    const order = await s.placeOrder();
    s.emulator.injectWebhookFault({ kind: 'lose' });
    const { paymentId } = await s.emulator.pay(await payUrl(s, order), 'approve');
    await s.settle();
    const notification = s.emulator.notifications({ dataId: paymentId })[0];
    if (!notification) throw new Error('no notification');
    return { s, order, paymentId, notification, before: await snapshot(s, order) };
  };

  const post = (url: string, headers: Record<string, string>, body: Uint8Array) =>
    fetch(url, { method: 'POST', headers, body }).then(async (response) => ({ status: response.status, body: await response.json() }));

  it('a forged signature gets 401', async () => {
    const { s, order, before } = await withLostApproval();
    s.emulator.injectWebhookFault({ kind: 'forge' });
    const { paymentId } = await s.emulator.pay(await payUrl(s, order), 'approve');
    await s.settle();
    expect(s.emulator.notifications({ dataId: paymentId })[0]?.attempts).toEqual([401, 401, 401]);
    expect(await snapshot(s, order)).toEqual({ ...before, payments: before.payments });
    expect(s.queue.completed()).toHaveLength(0);
  });

  it('an unsigned notification, and one whose body names another payment, get 401', async () => {
    const { s, order, notification, before } = await withLostApproval();
    const { 'x-signature': _signature, ...unsigned } = notification.request.headers;
    expect((await post(notification.url, unsigned, notification.request.rawBody)).status).toBe(401);
    const altered = new TextEncoder().encode(JSON.stringify({ ...notification.request.body, data: { id: '1329999999' } }));
    expect((await post(notification.url, notification.request.headers, altered)).status).toBe(401);
    await s.settle();
    expect(await snapshot(s, order)).toEqual(before);
  });

  it('a stale timestamp (signed 10 minutes ago) gets 401', async () => {
    const { s, order, paymentId, before } = await withLostApproval();
    const stale = s.emulator.buildNotification({
      topic: 'payment',
      action: 'payment.created',
      dataId: String(paymentId),
      url: s.webhookUrl,
      ts: Math.floor(Date.now() / 1000) - 600,
    });
    const answer = await post(stale.url, stale.request.headers, stale.request.rawBody);
    expect(answer).toMatchObject({ status: 401, body: { code: 'PAYMENT.SIGNATURE_INVALID' } });
    await s.settle();
    expect(await snapshot(s, order)).toEqual(before);
  });

  it('a replayed notification is acknowledged and changes nothing more', async () => {
    const s = await open();
    const order = await s.placeOrder();
    const { paymentId } = await s.emulator.pay(await payUrl(s, order), 'approve');
    await s.settle();
    const before = await snapshot(s, order);
    const [notification] = s.emulator.notifications({ dataId: paymentId });
    if (!notification) throw new Error('no notification');
    expect(await s.emulator.redeliver(notification)).toBe(200);
    await s.settle();
    expect(await snapshot(s, order)).toEqual(before);
  });

  it('a genuine notification about a payment Mercado Pago does not know is dropped after the re-read', async () => {
    const { s, order, before } = await withLostApproval();
    const unknown = s.emulator.buildNotification({ topic: 'payment', action: 'payment.created', dataId: '1399999999', url: s.webhookUrl });
    expect((await post(unknown.url, unknown.request.headers, unknown.request.rawBody)).status).toBe(200);
    await s.settle();
    expect(s.queue.deadLetters()).toHaveLength(0);
    expect(await snapshot(s, order)).toEqual(before);
  });

  it('an approved payment of another amount is flagged for staff, never marks the order paid', async () => {
    const s = await open();
    const order = await s.placeOrder();
    // A preference for the same order id at another price (tampered with, or made by hand at Mercado Pago).
    const cheap = await s.gateway.createCheckout({
      order: {
        ...order,
        total: money(100_00),
        lines: [{ ...(order.lines[0] as Order['lines'][number]), quantity: 1, total: money(100_00) }],
      },
      payerEmail: null,
      notificationUrl: s.webhookUrl,
      backUrl: null,
      expiresAt: order.reservationExpiresAt,
      idempotencyKey: 'tampered-1',
    });
    await s.emulator.pay(cheap.paymentUrl, 'approve');
    await s.settle();
    const after = await snapshot(s, order);
    expect(after.order).toEqual(order);
    expect(after.payments).toMatchObject([
      { status: 'approved', amount: money(100_00), attention: expect.stringContaining('does not match') },
    ]);
    expect(after.events).not.toContain('payment.received');
    expect(after.events).toContain('payment.needs_attention');
  });
});

describe('refunds', () => {
  const staff = { kind: 'staff' as const, userId: 'owner-1', roles: ['owner' as const] };

  it('partial then the rest, each key once; the full refund refunds the order and restocks', async () => {
    const s = await open();
    const order = await s.placeOrder();
    await s.emulator.pay(await payUrl(s, order), 'approve');
    await s.settle();
    const [payment] = await s.uow.repositories.payments.listByOrder(order.id);
    if (!payment) throw new Error('no payment');

    const partial = await s.useCases.payments.refund(staff, order.id, payment.id, money(500_00), 'r-1');
    expect(partial).toMatchObject({ status: 'approved', refundedAmount: money(500_00) });
    expect(await s.useCases.payments.refund(staff, order.id, payment.id, money(500_00), 'r-1')).toMatchObject({
      refundedAmount: money(500_00),
    });
    await Promise.all([1, 2, 3].map(() => s.useCases.payments.refund(staff, order.id, payment.id, money(500_00), 'r-2')));
    expect(await s.uow.repositories.payments.get(payment.id)).toMatchObject({ refundedAmount: money(1_000_00) });
    await expect(s.useCases.payments.refund(staff, order.id, payment.id, money(9_000_00), 'r-3')).rejects.toMatchObject({
      code: 'PAYMENT.REFUND_EXCEEDS_REMAINING',
    });
    expect((await s.uow.repositories.orders.get(order.id))?.status).toBe('paid');

    const full = await s.useCases.payments.refund(staff, order.id, payment.id, null, 'r-4');
    expect(full).toMatchObject({ status: 'refunded', refundedAmount: money(3_500_00) });
    await s.settle();
    expect((await s.uow.repositories.orders.get(order.id))?.status).toBe('refunded');
    const product = await s.uow.repositories.products.get(order.lines[0]?.productId ?? '');
    expect(product).toMatchObject({ stockOnHand: 10, reserved: 0 });
  });

  it('a clerk may not refund', async () => {
    const s = await open();
    const order = await s.placeOrder();
    await expect(
      s.useCases.payments.refund({ kind: 'staff', userId: 'c', roles: ['clerk'] }, order.id, 'any', null, 'r-1'),
    ).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });
});
