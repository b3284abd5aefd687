import { type CheckoutRequest, type CheckoutSession, money, type Order, type PaymentGateway, type WebhookRequest } from '@mostrador/core';
import { afterEach, describe, expect, it } from 'vitest';
import { anOrder, anOrderLine } from '../mothers/index.js';

/** How a harness makes a captured notification untrustworthy. */
export type WebhookForgery =
  /** The signature is removed. */
  | 'unsigned'
  /** Signed the provider's way, with a secret that is not the shop's. */
  | 'wrong-secret'
  /** Changed after signing (e.g. it names another payment), the signature kept as it was. */
  | 'altered';

/**
 * The other side of a gateway under test: plays the payer and the provider. A gateway's test
 * writes one against its provider (an emulator, an in-process fake), never against the gateway.
 */
export interface PaymentProviderHarness {
  /**
   * The payer opens `session.paymentUrl` and approves or declines a payment of the checkout's
   * total; returns the notification the provider then sends the shop, signed as it signs them.
   * A payer may pay again on the same session after a decline (a new payment).
   */
  pay(session: CheckoutSession, decision: 'approve' | 'decline'): Promise<WebhookRequest>;
  /** An authentic notification about something the shop does not act on (another topic, a test ping). */
  unrelatedNotification(): Promise<WebhookRequest>;
  /** `request` made untrustworthy the way `how` says. */
  forge(request: WebhookRequest, how: WebhookForgery): Promise<WebhookRequest>;
  /**
   * `request` as the gateway sees it `seconds` after the provider signed it (a late delivery, or a
   * captured notification replayed): move the gateway's clock, or sign it again with a timestamp
   * `seconds` older, whichever the provider allows.
   */
  later(request: WebhookRequest, seconds: number): Promise<WebhookRequest>;
}

export interface PaymentGatewayUnderTest {
  readonly gateway: PaymentGateway;
  readonly provider: PaymentProviderHarness;
  /** Called after each test, when given. */
  close?(): Promise<void>;
}

export interface PaymentGatewayContractOptions {
  /** Shown in the suite title, e.g. 'fakepay' or 'mercadopago (emulator)'. */
  readonly name?: string;
  /** How old a signed notification may be before it is refused. Default 300 (5 minutes). */
  readonly toleranceSeconds?: number;
}

/**
 * Registers the PaymentGateway contract (see `PaymentGateway` in core's `ports/services.ts`):
 *
 * - a checkout per order and per idempotency key, with a payment URL;
 * - the order id comes back as `ProviderPayment.orderId`; the payment's amount is the order total;
 * - approved and declined payments, told by webhook and read with `fetchPayment`;
 * - forged, altered, unsigned and stale webhooks refused with `PAYMENT.SIGNATURE_INVALID`;
 *   authentic ones about something else `ignored`; a redelivery keeps its event id;
 * - full (`null`) and partial refunds, over-refunds refused, one refund per idempotency key.
 *
 * The factory runs before each test and hands a fresh gateway and its provider harness:
 *
 *   paymentGatewayContract(async () => ({ gateway, provider: harness }), { name: 'fakepay' });
 */
export function paymentGatewayContract(factory: () => Promise<PaymentGatewayUnderTest>, options: PaymentGatewayContractOptions = {}): void {
  const tolerance = options.toleranceSeconds ?? 300;

  describe(`payment gateway contract${options.name ? ` (${options.name})` : ''}`, () => {
    let opened: PaymentGatewayUnderTest | null = null;
    const open = async (): Promise<PaymentGatewayUnderTest> => {
      opened = await factory();
      return opened;
    };
    afterEach(async () => {
      await opened?.close?.();
      opened = null;
    });

    /** An order of $ 3.500,00 (two lines), or of `total` centavos in one line. */
    const anOrderToPay = (total?: number): Order =>
      total === undefined
        ? anOrder({
            lines: [
              anOrderLine({ name: 'Yerba mate 1 kg', quantity: 2, unitPrice: money(1_000_00) }),
              anOrderLine({ name: 'Bombilla', quantity: 1, unitPrice: money(1_500_00) }),
            ],
          })
        : anOrder({ lines: [anOrderLine({ unitPrice: money(total) })] });

    const checkoutOf = (order: Order, attempt = 1): CheckoutRequest => ({
      order,
      payerEmail: 'ana@example.com',
      notificationUrl: 'https://shop.example/webhooks/payments',
      backUrl: 'https://shop.example/orders',
      expiresAt: new Date(Date.now() + 30 * 60_000),
      idempotencyKey: `checkout:${order.id}:${attempt}`,
    });

    /** Pays a new checkout of `order` and returns the id of the payment the webhook names. */
    const paid = async (
      { gateway, provider }: PaymentGatewayUnderTest,
      order: Order,
      decision: 'approve' | 'decline' = 'approve',
    ): Promise<string> => {
      const session = await gateway.createCheckout(checkoutOf(order));
      const outcome = await gateway.parseWebhook(await provider.pay(session, decision));
      if (outcome.kind !== 'payment') throw new Error(`the payment's webhook was ${outcome.kind}: ${outcome.reason}`);
      return outcome.providerPaymentId;
    };

    describe('checkout', () => {
      it('gives each order its own checkout with a web payment URL', async () => {
        const { gateway } = await open();
        const first = await gateway.createCheckout(checkoutOf(anOrderToPay()));
        const second = await gateway.createCheckout(checkoutOf(anOrderToPay()));
        expect(first.providerReference).not.toBe(second.providerReference);
        expect(first.paymentUrl).not.toBe(second.paymentUrl);
        for (const session of [first, second]) expect(['https:', 'http:']).toContain(new URL(session.paymentUrl).protocol);
      });

      it('returns the same session for the same idempotency key, and a new one for a new attempt', async () => {
        const { gateway } = await open();
        const order = anOrderToPay();
        const session = await gateway.createCheckout(checkoutOf(order, 1));
        expect(await gateway.createCheckout(checkoutOf(order, 1))).toEqual(session);
        const retried = await Promise.all([1, 2, 3].map(() => gateway.createCheckout(checkoutOf(order, 2))));
        expect(retried[0]?.providerReference).not.toBe(session.providerReference);
        for (const again of retried) expect(again).toEqual(retried[0]);
      });
    });

    describe('payments', () => {
      it("an approved payment: the webhook names it, and fetchPayment tells the order's id, the total and no refund", async () => {
        const under = await open();
        const order = anOrderToPay();
        const paymentId = await paid(under, order);
        expect(await under.gateway.fetchPayment(paymentId)).toMatchObject({
          providerPaymentId: paymentId,
          orderId: order.id,
          status: 'approved',
          amount: money(3_500_00),
          refundedAmount: money(0),
        });
      });

      it('a declined payment is rejected; paying again on the same checkout is a new payment of the same order', async () => {
        const { gateway, provider } = await open();
        const order = anOrderToPay(12_345_67);
        const session = await gateway.createCheckout(checkoutOf(order));
        const declined = await gateway.parseWebhook(await provider.pay(session, 'decline'));
        const approved = await gateway.parseWebhook(await provider.pay(session, 'approve'));
        if (declined.kind !== 'payment' || approved.kind !== 'payment') throw new Error('expected two payment notifications');
        expect(declined.providerPaymentId).not.toBe(approved.providerPaymentId);
        expect(declined.eventId).not.toBe(approved.eventId);

        const rejected = await gateway.fetchPayment(declined.providerPaymentId);
        expect(rejected).toMatchObject({ orderId: order.id, status: 'rejected', amount: money(12_345_67) });
        expect(await gateway.fetchPayment(approved.providerPaymentId)).toMatchObject({
          orderId: order.id,
          status: 'approved',
          amount: money(12_345_67),
        });
      });

      it('a redelivered notification keeps its event id', async () => {
        const { gateway, provider } = await open();
        const session = await gateway.createCheckout(checkoutOf(anOrderToPay()));
        const notification = await provider.pay(session, 'approve');
        const first = await gateway.parseWebhook(notification);
        expect(first.kind).toBe('payment');
        expect(await gateway.parseWebhook(notification)).toEqual(first);
      });

      it('fetchPayment of an unknown payment is PAYMENT.NOT_FOUND', async () => {
        const { gateway } = await open();
        await expect(gateway.fetchPayment('999999999999')).rejects.toMatchObject({ code: 'PAYMENT.NOT_FOUND' });
      });
    });

    describe('webhook authenticity', () => {
      for (const how of ['unsigned', 'wrong-secret', 'altered'] as const) {
        it(`refuses a notification ${how === 'altered' ? 'altered after signing' : how === 'unsigned' ? 'without a signature' : 'signed with another secret'}: PAYMENT.SIGNATURE_INVALID`, async () => {
          const { gateway, provider } = await open();
          const session = await gateway.createCheckout(checkoutOf(anOrderToPay()));
          const genuine = await provider.pay(session, 'approve');
          await expect(gateway.parseWebhook(await provider.forge(genuine, how))).rejects.toMatchObject({
            code: 'PAYMENT.SIGNATURE_INVALID',
          });
          // The genuine one still passes: the refusal was about the forgery.
          expect((await gateway.parseWebhook(genuine)).kind).toBe('payment');
        });
      }

      it('accepts a late delivery within the tolerance and refuses a replay older than it', async () => {
        const { gateway, provider } = await open();
        const session = await gateway.createCheckout(checkoutOf(anOrderToPay()));
        const notification = await provider.pay(session, 'approve');
        expect((await gateway.parseWebhook(await provider.later(notification, 60))).kind).toBe('payment');
        await expect(gateway.parseWebhook(await provider.later(notification, tolerance + 60))).rejects.toMatchObject({
          code: 'PAYMENT.SIGNATURE_INVALID',
        });
      });

      it('ignores an authentic notification about something else', async () => {
        const { gateway, provider } = await open();
        const outcome = await gateway.parseWebhook(await provider.unrelatedNotification());
        expect(outcome).toMatchObject({ kind: 'ignored' });
        expect(outcome.kind === 'ignored' && outcome.reason.length > 0).toBe(true);
      });
    });

    describe('refunds', () => {
      it('refund(id, null) refunds everything: the payment becomes refunded', async () => {
        const under = await open();
        const paymentId = await paid(under, anOrderToPay());
        const refunded = await under.gateway.refund(paymentId, null, `refund:${paymentId}:1`);
        expect(refunded).toMatchObject({
          providerPaymentId: paymentId,
          status: 'refunded',
          amount: money(3_500_00),
          refundedAmount: money(3_500_00),
        });
        expect(await under.gateway.fetchPayment(paymentId)).toEqual(refunded);
      });

      it('a partial refund keeps the payment approved and counts what was refunded; null then refunds the rest', async () => {
        const under = await open();
        const paymentId = await paid(under, anOrderToPay());
        expect(await under.gateway.refund(paymentId, money(1_000_00), `refund:${paymentId}:1`)).toMatchObject({
          status: 'approved',
          refundedAmount: money(1_000_00),
        });
        expect(await under.gateway.refund(paymentId, money(500_00), `refund:${paymentId}:2`)).toMatchObject({
          status: 'approved',
          refundedAmount: money(1_500_00),
        });
        expect(await under.gateway.refund(paymentId, null, `refund:${paymentId}:3`)).toMatchObject({
          status: 'refunded',
          refundedAmount: money(3_500_00),
        });
      });

      it('refuses more than what remains, changing nothing', async () => {
        const under = await open();
        const paymentId = await paid(under, anOrderToPay());
        await under.gateway.refund(paymentId, money(3_000_00), `refund:${paymentId}:1`);
        await expect(under.gateway.refund(paymentId, money(500_01), `refund:${paymentId}:2`)).rejects.toMatchObject({
          code: 'PAYMENT.REFUND_EXCEEDS_REMAINING',
        });
        expect(await under.gateway.fetchPayment(paymentId)).toMatchObject({ status: 'approved', refundedAmount: money(3_000_00) });
        await under.gateway.refund(paymentId, null, `refund:${paymentId}:3`);
        await expect(under.gateway.refund(paymentId, money(1), `refund:${paymentId}:4`)).rejects.toMatchObject({
          code: expect.stringMatching(/^PAYMENT\.(REFUND_EXCEEDS_REMAINING|NOT_REFUNDABLE)$/),
        });
      });

      it('never refunds twice for one idempotency key, even concurrently', async () => {
        const under = await open();
        const paymentId = await paid(under, anOrderToPay());
        const first = await under.gateway.refund(paymentId, money(1_000_00), `refund:${paymentId}:1`);
        expect(await under.gateway.refund(paymentId, money(1_000_00), `refund:${paymentId}:1`)).toEqual(first);
        await Promise.all([1, 2, 3, 4].map(() => under.gateway.refund(paymentId, money(700_00), `refund:${paymentId}:2`)));
        expect(await under.gateway.fetchPayment(paymentId)).toMatchObject({ status: 'approved', refundedAmount: money(1_700_00) });
      });

      it('refuses to refund a declined payment, or a zero amount', async () => {
        const under = await open();
        const declinedId = await paid(under, anOrderToPay(), 'decline');
        await expect(under.gateway.refund(declinedId, null, `refund:${declinedId}:1`)).rejects.toMatchObject({
          code: 'PAYMENT.NOT_REFUNDABLE',
        });
        const approvedId = await paid(under, anOrderToPay());
        await expect(under.gateway.refund(approvedId, money(0), `refund:${approvedId}:1`)).rejects.toMatchObject({
          code: 'PAYMENT.REFUND_AMOUNT_INVALID',
        });
        expect(await under.gateway.fetchPayment(approvedId)).toMatchObject({ status: 'approved', refundedAmount: money(0) });
      });
    });
  });
}
