import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  AdapterError,
  type CheckoutRequest,
  type CheckoutSession,
  type Clock,
  type Money,
  NotFoundError,
  type Order,
  type PaymentGateway,
  type PaymentStatus,
  type ProviderPayment,
  ValidationError,
  type WebhookOutcome,
  type WebhookRequest,
} from '../../src/index.js';

const TOLERANCE_SECONDS = 300;
const encoder = new TextEncoder();

/**
 * A minimal signed gateway for core's webhook tests (core's tests may not import the examples):
 * notifications carry `x-test-timestamp` and `x-test-signature` = HMAC-SHA256(secret, `<t>.<body>`).
 * `setPayment` plays the provider's records, which `fetchPayment` reads.
 */
export class SignedTestGateway implements PaymentGateway {
  readonly provider = 'testpay';
  readonly payments = new Map<string, ProviderPayment>();
  /** When set, `fetchPayment` throws it (the provider's API failing). */
  failFetch: Error | null = null;
  #events = 0;

  constructor(
    private readonly clock: Clock,
    private readonly secret = 'test-webhook-secret-0123456789',
  ) {}

  async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    return { providerReference: `chk-${request.idempotencyKey}`, paymentUrl: `https://pay.test/${request.order.id}` };
  }

  async parseWebhook(request: WebhookRequest): Promise<WebhookOutcome> {
    const timestamp = request.headers['x-test-timestamp'] ?? '';
    const signature = Buffer.from(request.headers['x-test-signature'] ?? '', 'hex');
    const expected = this.#sign(timestamp, request.rawBody ?? new Uint8Array());
    const now = Math.floor(this.clock.now().getTime() / 1000);
    if (
      !request.rawBody ||
      !/^\d+$/.test(timestamp) ||
      signature.length !== expected.length ||
      !timingSafeEqual(signature, expected) ||
      Math.abs(now - Number(timestamp)) > TOLERANCE_SECONDS
    )
      throw new AdapterError('PAYMENT.SIGNATURE_INVALID', 'testpay notification refused', false);
    const body = JSON.parse(new TextDecoder().decode(request.rawBody)) as { id?: string; topic?: string; paymentId?: string };
    if (body.topic !== 'payment') return { kind: 'ignored', reason: `topic ${body.topic}` };
    if (!body.id || !body.paymentId)
      throw new ValidationError('PAYMENT.WEBHOOK_MALFORMED', 'testpay notification: paymentId is missing', { field: 'paymentId' });
    return { kind: 'payment', providerPaymentId: body.paymentId, eventId: body.id };
  }

  async fetchPayment(providerPaymentId: string): Promise<ProviderPayment> {
    if (this.failFetch) throw this.failFetch;
    const payment = this.payments.get(providerPaymentId);
    if (!payment) throw new NotFoundError('payment', providerPaymentId);
    return payment;
  }

  async refund(): Promise<ProviderPayment> {
    throw new Error('refunds are not part of these tests');
  }

  /** The provider records a payment of `order` (its total unless `amount` is given). */
  setPayment(id: string, order: Order, status: PaymentStatus, amount: Money = order.total): ProviderPayment {
    const payment: ProviderPayment = {
      providerPaymentId: id,
      orderId: order.id,
      status,
      statusDetail: status === 'approved' ? 'accredited' : null,
      amount,
      refundedAmount: { amount: 0, currency: amount.currency },
    };
    this.payments.set(id, payment);
    return payment;
  }

  /** A notification as the provider sends it, signed `ageSeconds` ago with `secret` (the shop's unless given). */
  notification(body: Readonly<Record<string, unknown>>, options: { ageSeconds?: number; secret?: string } = {}): WebhookRequest {
    const full = { id: `evt-${++this.#events}`, ...body };
    const rawBody = encoder.encode(JSON.stringify(full));
    const timestamp = String(Math.floor(this.clock.now().getTime() / 1000) - (options.ageSeconds ?? 0));
    const signature = createHmac('sha256', options.secret ?? this.secret)
      .update(`${timestamp}.`)
      .update(rawBody)
      .digest('hex');
    return { headers: { 'x-test-timestamp': timestamp, 'x-test-signature': signature }, query: {}, body: full, rawBody };
  }

  /** The notification the provider sends when payment `paymentId` changes. */
  paymentNotification(paymentId: string, options: { ageSeconds?: number; secret?: string } = {}): WebhookRequest {
    return this.notification({ topic: 'payment', paymentId }, options);
  }

  #sign(timestamp: string, rawBody: Uint8Array): Buffer {
    return createHmac('sha256', this.secret).update(`${timestamp}.`).update(rawBody).digest();
  }
}
