import { describe, expect, it } from 'vitest';
import {
  AdapterError,
  ConflictError,
  type InboundResponse,
  type Logger,
  money,
  type OrderUseCases,
  paymentWebhookHandler,
} from '../../src/index.js';
import { aShop, CLERK } from '../ordering/shop-fixture.js';
import { SignedTestGateway } from './signed-test-gateway.js';

/** A logger that keeps what it is told, to assert on warnings. */
const aRecordingLogger = () => {
  const warnings: { message: string; fields: Readonly<Record<string, unknown>> | undefined }[] = [];
  const logger: Logger = { info: () => {}, warn: (message, fields) => warnings.push({ message, fields }), error: () => {} };
  return { logger, warnings };
};

/** A shop with one placed order of $ 5.000,00, the signed test gateway and the handler under test. */
const aPayableShop = async () => {
  const shop = aShop();
  const product = await shop.seedProduct({ price: money(2_500_00), stockOnHand: 10 });
  const customer = await shop.seedCustomer();
  const order = await shop.placeOrder(customer, [[product, 2]]);
  const gateway = new SignedTestGateway(shop.clock);
  const { logger, warnings } = aRecordingLogger();
  const handle = paymentWebhookHandler({ gateway, orders: shop.useCases.orders, logger });
  const orderStatus = async () => (await shop.repositories.orders.get(order.id))?.status;
  return { shop, order, gateway, handle, warnings, orderStatus };
};

const expectProblem = (answer: InboundResponse, status: number, code: string) => {
  expect(answer).toMatchObject({ status, body: { status, code } });
  expect(answer.headers?.['content-type']).toMatch(/^application\/problem\+json/);
};

describe('paymentWebhookHandler', () => {
  it('applies an approved payment: 200, the order is paid, the payment recorded with its event', async () => {
    const { shop, order, gateway, handle, orderStatus } = await aPayableShop();
    gateway.setPayment('pay-1', order, 'approved');
    const notification = gateway.paymentNotification('pay-1');
    expect(await handle(notification)).toEqual({ status: 200, body: { status: 'order-paid' } });
    expect(await orderStatus()).toBe('paid');
    expect(await shop.repositories.payments.getByProviderId('testpay', 'pay-1')).toMatchObject({
      orderId: order.id,
      status: 'approved',
      amount: money(5_000_00),
      processedEventIds: [(notification.body as { id: string }).id],
    });
  });

  it('re-reads the payment: what the notification claims does not count, what the provider says does', async () => {
    const { order, gateway, handle, orderStatus } = await aPayableShop();
    gateway.setPayment('pay-1', order, 'rejected');
    const lying = gateway.notification({ topic: 'payment', paymentId: 'pay-1', status: 'approved' });
    expect(await handle(lying)).toEqual({ status: 200, body: { status: 'recorded' } });
    expect(await orderStatus()).toBe('placed');
  });

  it('answers a redelivery 200 duplicate; 20 concurrent deliveries pay the order once', async () => {
    const { shop, order, gateway, handle, orderStatus } = await aPayableShop();
    gateway.setPayment('pay-1', order, 'approved');
    const notification = gateway.paymentNotification('pay-1');
    const answers = await Promise.all(Array.from({ length: 20 }, () => handle(notification)));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const statuses = answers.map((answer) => (answer.body as { status: string }).status);
    expect(statuses.filter((status) => status === 'order-paid')).toHaveLength(1);
    expect(statuses.filter((status) => status === 'duplicate')).toHaveLength(19);
    expect(await orderStatus()).toBe('paid');
    expect((await shop.outboxTypes()).filter((type) => type === 'payment.received')).toHaveLength(1);
    expect(await handle(notification)).toEqual({ status: 200, body: { status: 'duplicate' } });
  });

  it('refuses a forged, stale or unsigned notification with a 401 problem, changing nothing', async () => {
    const { shop, order, gateway, handle, orderStatus, warnings } = await aPayableShop();
    gateway.setPayment('pay-1', order, 'approved');
    const genuine = gateway.paymentNotification('pay-1');
    const refused = [
      gateway.paymentNotification('pay-1', { secret: 'an-attackers-guess-000000000000' }),
      gateway.paymentNotification('pay-1', { ageSeconds: 301 }),
      { ...genuine, headers: {} },
      { ...genuine, rawBody: new TextEncoder().encode(JSON.stringify({ ...(genuine.body as object), paymentId: 'pay-2' })) },
    ];
    for (const request of refused) {
      const answer = await handle(request);
      expectProblem(answer, 401, 'PAYMENT.SIGNATURE_INVALID');
      expect(JSON.stringify(answer.body)).not.toContain(String(request.headers['x-test-signature'] ?? 'no signature'));
    }
    expect(await orderStatus()).toBe('placed');
    expect(await shop.repositories.payments.listByOrder(order.id)).toEqual([]);
    expect(warnings.map((warning) => warning.fields?.code)).toEqual(Array(4).fill('PAYMENT.SIGNATURE_INVALID'));
  });

  it('answers an authentic notification it cannot read 400, naming what is wrong', async () => {
    const { gateway, handle } = await aPayableShop();
    const answer = await handle(gateway.notification({ topic: 'payment' }));
    expectProblem(answer, 400, 'PAYMENT.WEBHOOK_MALFORMED');
    expect((answer.body as { detail: string }).detail).toContain('paymentId');
  });

  it('answers an authentic notification about something else 200 ignored', async () => {
    const { gateway, handle } = await aPayableShop();
    expect(await handle(gateway.notification({ topic: 'merchant_order' }))).toEqual({
      status: 200,
      body: { status: 'ignored', reason: 'topic merchant_order' },
    });
  });

  it('answers 404 for a payment the provider does not know, or one for an order the shop does not have', async () => {
    const { shop, order, gateway, handle } = await aPayableShop();
    expectProblem(await handle(gateway.paymentNotification('pay-unknown')), 404, 'PAYMENT.NOT_FOUND');
    gateway.setPayment('pay-2', { ...order, id: 'order-of-another-shop' }, 'approved');
    expectProblem(await handle(gateway.paymentNotification('pay-2')), 404, 'ORDER.NOT_FOUND');
    expect(await shop.repositories.payments.listByOrder(order.id)).toEqual([]);
  });

  it("answers 503 while the provider's API is down (the provider retries), and rethrows what is not a domain error", async () => {
    const { gateway, handle, order } = await aPayableShop();
    gateway.setPayment('pay-1', order, 'approved');
    gateway.failFetch = new AdapterError('PAYMENT.PROVIDER_UNAVAILABLE', 'timeout', true);
    expectProblem(await handle(gateway.paymentNotification('pay-1')), 503, 'PAYMENT.PROVIDER_UNAVAILABLE');
    gateway.failFetch = new TypeError('a bug');
    await expect(handle(gateway.paymentNotification('pay-1'))).rejects.toThrow('a bug');
  });

  it('applies again after losing a race with a concurrent delivery, and answers 409 when it keeps losing', async () => {
    const { shop, order, gateway } = await aPayableShop();
    gateway.setPayment('pay-1', order, 'approved');
    let losses = 1;
    const racing: Pick<OrderUseCases, 'applyPayment'> = {
      async applyPayment(provider, payment, eventId) {
        if (losses-- > 0) throw new ConflictError('ORDER.CONCURRENT_UPDATE', 'changed meanwhile');
        return shop.useCases.orders.applyPayment(provider, payment, eventId);
      },
    };
    const handle = paymentWebhookHandler({ gateway, orders: racing });
    expect(await handle(gateway.paymentNotification('pay-1'))).toEqual({ status: 200, body: { status: 'order-paid' } });

    losses = 100;
    expectProblem(await handle(gateway.paymentNotification('pay-1')), 409, 'ORDER.CONCURRENT_UPDATE');
  });

  it('acknowledges money for an order that can no longer take it, and warns staff must refund', async () => {
    const { shop, order, gateway, handle, warnings, orderStatus } = await aPayableShop();
    await shop.useCases.orders.cancel(CLERK, order.id, 'sin stock');
    gateway.setPayment('pay-1', order, 'approved');
    expect(await handle(gateway.paymentNotification('pay-1'))).toEqual({ status: 200, body: { status: 'needs-refund' } });
    expect(await orderStatus()).toBe('cancelled');
    expect(warnings).toEqual([
      expect.objectContaining({ fields: expect.objectContaining({ providerPaymentId: 'pay-1', orderId: order.id }) }),
    ]);
  });

  it('keeps an order placed when the amount paid is not its total: the payment is flagged for staff', async () => {
    const { order, gateway, handle, orderStatus } = await aPayableShop();
    gateway.setPayment('pay-1', order, 'approved', money(4_999_99));
    expect(await handle(gateway.paymentNotification('pay-1'))).toEqual({ status: 200, body: { status: 'flagged' } });
    expect(await orderStatus()).toBe('placed');
  });
});
