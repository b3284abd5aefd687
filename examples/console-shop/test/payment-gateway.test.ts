import {
  DEFAULT_SHOP_SETTINGS,
  type InboundResponse,
  type Logger,
  money,
  type Order,
  TOKENS,
  type Token,
  type TokenBinder,
  type TokenResolver,
  type WebhookRequest,
} from '@mostrador/core';
import { type PaymentProviderHarness, paymentGatewayContract } from '@mostrador/testkit/contracts';
import { createInMemoryUseCases, FixedClock, SequentialIdGenerator } from '@mostrador/testkit/memory';
import { aCustomer, anOrder, anOrderLine, aProduct } from '@mostrador/testkit/mothers';
import { describe, expect, it } from 'vitest';
import {
  bindFakePay,
  checkoutFor,
  createFakePay,
  FAKEPAY_SIGNATURE_HEADER,
  FAKEPAY_WEBHOOK_PATH,
  FakePayCheckoutError,
  type FakePayProvider,
  fakePayWebhookRoute,
  signNotification,
} from '../src/payments/index.js';

const SECRET = 'whsec_console-shop-test-0123456789';
const encoder = new TextEncoder();

/** Plays the payer (FakePay's checkout page) and FakePay itself, for the contract. */
const fakePayHarness = (provider: FakePayProvider, clock: FixedClock): PaymentProviderHarness => {
  const signedAt = (request: WebhookRequest): number => Number(/t=(\d+)/.exec(request.headers[FAKEPAY_SIGNATURE_HEADER] ?? '')?.[1]);
  return {
    pay: (session, decision) => provider.pay(session.paymentUrl, decision),
    unrelatedNotification: async () => provider.ping(),
    async forge(request, how) {
      switch (how) {
        case 'unsigned': {
          const { [FAKEPAY_SIGNATURE_HEADER]: _signature, ...headers } = request.headers;
          return { ...request, headers };
        }
        case 'wrong-secret':
          return provider.signedRequest(request.body, signedAt(request), 'whsec_someone-else-entirely-000');
        case 'altered': {
          // Another payment named in the body, the original signature kept.
          const body = { ...(request.body as Record<string, unknown>), data: { paymentId: 'pay_999999' } };
          return { ...request, body, rawBody: encoder.encode(JSON.stringify(body)) };
        }
      }
    },
    // FakePay signs again with an older timestamp: the same notification, `seconds` old.
    later: async (request, seconds) => provider.signedRequest(request.body, Math.floor(clock.now().getTime() / 1000) - seconds),
  };
};

paymentGatewayContract(
  async () => {
    const clock = new FixedClock(new Date());
    const { provider, gateway } = createFakePay({ webhookSecret: SECRET, clock });
    return { gateway, provider: fakePayHarness(provider, clock) };
  },
  { name: 'fakepay', toleranceSeconds: 300 },
);

describe('fakepay signatures', () => {
  it('refuses a notification signed in the future beyond the tolerance, and a malformed signature header', async () => {
    const clock = new FixedClock('2026-01-05T10:00:00.000Z');
    const { provider, gateway } = createFakePay({ webhookSecret: SECRET, clock });
    const now = Math.floor(clock.now().getTime() / 1000);
    const body = { id: 'evt_1', type: 'payment.updated', created: now, data: { paymentId: 'pay_1' } };
    expect(await gateway.parseWebhook(provider.signedRequest(body, now + 120))).toEqual({
      kind: 'payment',
      providerPaymentId: 'pay_1',
      eventId: 'evt_1',
    });
    await expect(gateway.parseWebhook(provider.signedRequest(body, now + 301))).rejects.toMatchObject({
      code: 'PAYMENT.SIGNATURE_INVALID',
    });
    const genuine = provider.signedRequest(body, now);
    for (const header of ['t=abc,v1=00', `v1=${'a'.repeat(64)}`, `t=${now}`, `t=${now},v1=${'a'.repeat(63)}`, ''])
      await expect(
        gateway.parseWebhook({ ...genuine, headers: { ...genuine.headers, [FAKEPAY_SIGNATURE_HEADER]: header } }),
        header,
      ).rejects.toMatchObject({ code: 'PAYMENT.SIGNATURE_INVALID' });
  });

  it('reads only the signed bytes: a parsed body that differs from them is not what counts', async () => {
    const clock = new FixedClock('2026-01-05T10:00:00.000Z');
    const { provider, gateway } = createFakePay({ webhookSecret: SECRET, clock });
    const now = Math.floor(clock.now().getTime() / 1000);
    const genuine = provider.signedRequest({ id: 'evt_1', type: 'payment.updated', data: { paymentId: 'pay_1' } }, now);
    const outcome = await gateway.parseWebhook({
      ...genuine,
      body: { id: 'evt_1', type: 'payment.updated', data: { paymentId: 'pay_666' } },
    });
    expect(outcome).toMatchObject({ providerPaymentId: 'pay_1' });
  });

  it('an authentic notification it cannot read is PAYMENT.WEBHOOK_MALFORMED, naming the field', async () => {
    const clock = new FixedClock('2026-01-05T10:00:00.000Z');
    const { provider, gateway } = createFakePay({ webhookSecret: SECRET, clock });
    const now = Math.floor(clock.now().getTime() / 1000);
    await expect(
      gateway.parseWebhook(provider.signedRequest({ id: 'evt_1', type: 'payment.updated', data: {} }, now)),
    ).rejects.toMatchObject({
      code: 'PAYMENT.WEBHOOK_MALFORMED',
      details: { field: 'data.paymentId' },
    });
    const rawBody = encoder.encode('not json');
    const notJson: WebhookRequest = {
      headers: { [FAKEPAY_SIGNATURE_HEADER]: signNotification(SECRET, rawBody, now) },
      query: {},
      body: 'not json',
      rawBody,
    };
    await expect(gateway.parseWebhook(notJson)).rejects.toMatchObject({ code: 'PAYMENT.WEBHOOK_MALFORMED', details: { field: 'body' } });
  });
});

describe('fakepay checkout page', () => {
  it('refuses to pay an unknown, expired or already paid checkout; a declined one stays open', async () => {
    const clock = new FixedClock('2026-01-05T10:00:00.000Z');
    const { provider, gateway } = createFakePay({ webhookSecret: SECRET, clock });
    const order = anOrder({ lines: [anOrderLine({ unitPrice: money(1_000_00) })] });
    const open = (key: string, minutes: number) =>
      gateway.createCheckout({
        order,
        payerEmail: null,
        notificationUrl: null,
        backUrl: null,
        expiresAt: new Date(clock.now().getTime() + minutes * 60_000),
        idempotencyKey: key,
      });
    const refusal = (run: Promise<unknown>) =>
      run.then(
        () => null,
        (error: unknown) => error,
      );

    expect(await refusal(provider.pay('https://pay.fakepay.test/checkout/chk_404', 'approve'))).toMatchObject({ reason: 'unknown' });
    const session = await open('k1', 30);
    await provider.pay(session.paymentUrl, 'decline');
    await provider.pay(session.paymentUrl, 'approve');
    const again = await refusal(provider.pay(session.paymentUrl, 'approve'));
    expect(again).toBeInstanceOf(FakePayCheckoutError);
    expect(again).toMatchObject({ reason: 'paid' });

    const short = await open('k2', 5);
    clock.advance({ minutes: 6 });
    expect(await refusal(provider.pay(short.paymentUrl, 'approve'))).toMatchObject({ reason: 'expired' });
  });
});

describe('fakepay webhook route with the real order use cases', () => {
  /** A shop with one placed order of $ 8.400,00 and a FakePay checkout for it; FakePay delivers to the route unless `deliver` is false. */
  const aShopWithFakePay = async ({ deliver = true } = {}) => {
    const clock = new FixedClock(new Date());
    const { uow, useCases } = createInMemoryUseCases({ clock, ids: new SequentialIdGenerator(), settings: DEFAULT_SHOP_SETTINGS });
    const { provider, gateway } = createFakePay({ webhookSecret: SECRET, clock });
    const route = fakePayWebhookRoute({ gateway, orders: useCases.orders });
    const answers: InboundResponse[] = [];
    let answered: (answer: InboundResponse) => void = () => {};
    if (deliver)
      provider.onNotification(async (notification) => {
        const answer = await route.handler(notification);
        answers.push(answer);
        answered(answer);
      });
    /** The route's answer to FakePay's next delivery. */
    const nextAnswer = () => new Promise<InboundResponse>((resolve) => (answered = resolve));

    const product = aProduct({ price: money(4_200_00), stockOnHand: 3 });
    const customer = aCustomer();
    await uow.repositories.products.save(product);
    await uow.repositories.customers.save(customer);
    await useCases.cart.add(customer.id, 'console', product.id, 2);
    const order = await useCases.orders.place({
      customerId: customer.id,
      channel: 'console',
      contact: { name: customer.name, phone: '+5491155550000' },
      delivery: { method: 'pickup', address: null },
      billing: null,
    });
    const session = await gateway.createCheckout({
      order,
      payerEmail: null,
      notificationUrl: null,
      backUrl: null,
      expiresAt: order.reservationExpiresAt,
      idempotencyKey: `checkout:${order.id}:1`,
    });
    const orderNow = async (): Promise<Order | null> => uow.repositories.orders.get(order.id);
    const paymentsNow = () => uow.repositories.payments.listByOrder(order.id);
    return { provider, gateway, route, answers, nextAnswer, order, session, orderNow, paymentsNow, clock };
  };

  it('is POST /webhooks/fakepay', async () => {
    const { route } = await aShopWithFakePay();
    expect({ method: route.method, path: route.path }).toEqual({ method: 'POST', path: FAKEPAY_WEBHOOK_PATH });
  });

  it('a declined then an approved payment: the order stays placed, then is paid; a redelivery changes nothing', async () => {
    const { provider, route, answers, session, orderNow, paymentsNow } = await aShopWithFakePay();
    await provider.pay(session.paymentUrl, 'decline');
    expect(answers.at(-1)).toMatchObject({ status: 200, body: { status: 'recorded' } });
    expect((await orderNow())?.status).toBe('placed');

    const approved = await provider.pay(session.paymentUrl, 'approve');
    expect(answers.at(-1)).toMatchObject({ status: 200, body: { status: 'order-paid' } });
    expect((await orderNow())?.status).toBe('paid');

    expect(await route.handler(approved)).toMatchObject({ status: 200, body: { status: 'duplicate' } });
    expect((await paymentsNow()).map((payment) => [payment.provider, payment.status, payment.amount])).toEqual([
      ['fakepay', 'rejected', money(8_400_00)],
      ['fakepay', 'approved', money(8_400_00)],
    ]);
  });

  it('forged, stale and unsigned notifications are 401 problems and change nothing; the genuine one pays', async () => {
    const { provider, route, session, orderNow, paymentsNow, clock } = await aShopWithFakePay({ deliver: false });
    const genuine = await provider.pay(session.paymentUrl, 'approve');
    const now = Math.floor(clock.now().getTime() / 1000);
    const stale = provider.signedRequest(genuine.body, now - 600);
    const forged = provider.signedRequest(genuine.body, now, 'whsec_not-the-shop-secret-000');
    const unsigned = { ...genuine, headers: { 'content-type': 'application/json' } };
    for (const request of [stale, forged, unsigned]) {
      const answer = await route.handler(request);
      expect(answer).toMatchObject({ status: 401, body: { status: 401, code: 'PAYMENT.SIGNATURE_INVALID' } });
      expect(answer.headers?.['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await orderNow())?.status).toBe('placed');
    expect(await paymentsNow()).toEqual([]);

    expect(await route.handler(genuine)).toMatchObject({ status: 200, body: { status: 'order-paid' } });
    expect((await orderNow())?.status).toBe('paid');
  });

  it('answers an unrelated notification 200 ignored', async () => {
    const { provider, route } = await aShopWithFakePay();
    expect(await route.handler(provider.ping())).toMatchObject({ status: 200, body: { status: 'ignored' } });
  });

  it("a full refund is told by FakePay's notification and refunds the order", async () => {
    const { provider, gateway, session, orderNow, nextAnswer } = await aShopWithFakePay();
    const approved = await gateway.parseWebhook(await provider.pay(session.paymentUrl, 'approve'));
    if (approved.kind !== 'payment') throw new Error('expected a payment');
    expect((await orderNow())?.status).toBe('paid');
    const refundNotified = nextAnswer();
    await gateway.refund(approved.providerPaymentId, null, `refund:${approved.providerPaymentId}:1`);
    expect(await refundNotified).toMatchObject({ status: 200, body: { status: 'order-refunded' } });
    expect((await orderNow())?.status).toBe('refunded');
  });
});

describe('bindFakePay', () => {
  /** The part of a container bindFakePay uses: bindings recorded, factories run against `services`. */
  const aRecordingBinder = (services: ReadonlyMap<symbol, unknown>) => {
    const bindings: { key: symbol; value: () => unknown }[] = [];
    const resolver: TokenResolver = {
      get: (key) => {
        if (!services.has(key)) throw new Error(`not bound: ${String(key)}`);
        return services.get(key);
      },
    };
    const binder: TokenBinder = {
      bind: (key) => ({
        toConstantValue: (value) => bindings.push({ key, value: () => value }),
        toDynamicValue: (factory) => {
          let built: { value: unknown } | null = null;
          bindings.push({
            key,
            value: () => {
              built ??= { value: factory(resolver) };
              return built.value;
            },
          });
          return { inSingletonScope: () => {} };
        },
        toService: () => {
          throw new Error('not used');
        },
      }),
    };
    const resolveAll = <T>(key: Token<T>): T[] => bindings.filter((binding) => binding.key === key).map((binding) => binding.value() as T);
    return { binder, resolveAll };
  };

  it('binds the gateway, the webhook route and a Startable that delivers notifications to the route while started', async () => {
    const clock = new FixedClock(new Date());
    const { uow, useCases } = createInMemoryUseCases({ clock, ids: new SequentialIdGenerator(), settings: DEFAULT_SHOP_SETTINGS });
    const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} };
    const fakePay = createFakePay({ webhookSecret: SECRET, clock });
    const { binder, resolveAll } = aRecordingBinder(
      new Map<symbol, unknown>([
        [TOKENS.UseCases, useCases],
        [TOKENS.Logger, silent],
      ]),
    );
    bindFakePay(binder, fakePay);

    expect(resolveAll(TOKENS.PaymentGateway)).toEqual([fakePay.gateway]);
    expect(resolveAll(TOKENS.InboundRoute).map((route) => `${route.method} ${route.path}`)).toEqual(['POST /webhooks/fakepay']);
    const [delivery] = resolveAll(TOKENS.Startable);
    expect(delivery).toMatchObject({ name: 'fakepay', phase: 'serve' });

    const product = aProduct({ price: money(1_000_00), stockOnHand: 5 });
    const customer = aCustomer();
    await uow.repositories.products.save(product);
    await uow.repositories.customers.save(customer);
    const placeOne = async () => {
      await useCases.cart.add(customer.id, 'console', product.id, 1);
      return useCases.orders.place({
        customerId: customer.id,
        channel: 'console',
        contact: { name: customer.name, phone: '+5491155550000' },
        delivery: { method: 'pickup', address: null },
        billing: null,
      });
    };

    // Not started: FakePay's notification reaches no one.
    const first = await placeOne();
    await fakePay.provider.pay((await checkoutFor(fakePay.gateway, first)).paymentUrl, 'approve');
    expect((await uow.repositories.orders.get(first.id))?.status).toBe('placed');

    await delivery?.start();
    const second = await placeOne();
    const session = await checkoutFor(fakePay.gateway, second);
    expect(await checkoutFor(fakePay.gateway, second)).toEqual(session);
    expect(fakePay.provider.checkout(session.paymentUrl)).toMatchObject({ orderId: second.id, amount: money(1_000_00) });
    await fakePay.provider.pay(session.paymentUrl, 'approve');
    expect((await uow.repositories.orders.get(second.id))?.status).toBe('paid');

    await delivery?.stop();
    const third = await placeOne();
    await fakePay.provider.pay((await checkoutFor(fakePay.gateway, third)).paymentUrl, 'approve');
    expect((await uow.repositories.orders.get(third.id))?.status).toBe('placed');
  });
});
