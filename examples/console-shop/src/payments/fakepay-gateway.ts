import {
  AdapterError,
  type CheckoutRequest,
  type CheckoutSession,
  type Clock,
  ConflictError,
  type Money,
  NotFoundError,
  type PaymentGateway,
  type ProviderPayment,
  ValidationError,
  type WebhookOutcome,
  type WebhookRequest,
} from '@mostrador/core';
import type { FakePayAnswer, FakePayPayment, FakePayProvider, FakePayRefusal } from './fakepay-provider.js';
import { checkSignature, FAKEPAY_SIGNATURE_HEADER } from './fakepay-signature.js';

export const FAKEPAY_PROVIDER = 'fakepay';

export interface FakePayGatewayOptions {
  /** FakePay's API (in a real gateway: an HTTP client of the provider's API). */
  readonly provider: FakePayProvider;
  /** The secret FakePay signs notifications with. */
  readonly webhookSecret: string;
  readonly clock?: Clock;
  /** How old a notification may be; older ones are refused as replays. Default 300 (5 minutes). */
  readonly toleranceSeconds?: number;
}

const systemClock: Clock = { now: () => new Date() };
const decoder = new TextDecoder('utf-8', { fatal: true });

const signatureInvalid = (why: string): AdapterError =>
  // The reason is for logs; nothing of the received signature or of the secret goes into it.
  new AdapterError('PAYMENT.SIGNATURE_INVALID', `fakepay notification refused: ${why}`, false, { provider: FAKEPAY_PROVIDER });

const malformed = (field: string): ValidationError =>
  new ValidationError('PAYMENT.WEBHOOK_MALFORMED', `fakepay notification: ${field} is missing or not valid`, { field });

/** FakePay's refusals as core's codes (see `PaymentGateway` in core's ports). */
const refused = (refusal: FakePayRefusal, paymentId: string): Error => {
  switch (refusal) {
    case 'payment_not_found':
      return new NotFoundError('payment', paymentId);
    case 'not_refundable':
      return new ConflictError('PAYMENT.NOT_REFUNDABLE', `fakepay payment ${paymentId} is not approved or already fully refunded`, {
        providerPaymentId: paymentId,
      });
    case 'exceeds_remaining':
      return new ConflictError('PAYMENT.REFUND_EXCEEDS_REMAINING', `the refund is more than what remains of fakepay payment ${paymentId}`, {
        providerPaymentId: paymentId,
      });
    case 'invalid_amount':
      return new ValidationError('PAYMENT.REFUND_AMOUNT_INVALID', 'a refund must be a positive amount in the payment currency', {
        providerPaymentId: paymentId,
      });
  }
};

const toProviderPayment = (payment: FakePayPayment): ProviderPayment => ({
  providerPaymentId: payment.id,
  orderId: payment.orderId,
  status: payment.status,
  statusDetail: payment.statusDetail,
  amount: payment.amount,
  refundedAmount: payment.refunded,
});

const unwrap = <T>(answer: FakePayAnswer<T>, paymentId: string): T => {
  if (!answer.ok) throw refused(answer.refusal, paymentId);
  return answer.value;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Core's `PaymentGateway` in front of FakePay. */
export class FakePayGateway implements PaymentGateway {
  readonly provider = FAKEPAY_PROVIDER;
  readonly #api: FakePayProvider;
  readonly #secret: string;
  readonly #clock: Clock;
  readonly #tolerance: number;

  constructor(options: FakePayGatewayOptions) {
    this.#api = options.provider;
    this.#secret = options.webhookSecret;
    this.#clock = options.clock ?? systemClock;
    this.#tolerance = options.toleranceSeconds ?? 300;
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    const checkout = this.#api.createCheckout({
      orderId: request.order.id,
      amount: request.order.total,
      expiresAt: request.expiresAt,
      idempotencyKey: request.idempotencyKey,
    });
    return { providerReference: checkout.reference, paymentUrl: checkout.url };
  }

  /** The signature first, over the exact bytes; only then is the body read, and only the signed bytes. */
  async parseWebhook(request: WebhookRequest): Promise<WebhookOutcome> {
    const now = Math.floor(this.#clock.now().getTime() / 1000);
    const check = checkSignature(this.#secret, request.headers[FAKEPAY_SIGNATURE_HEADER], request.rawBody, now, this.#tolerance);
    if (check !== 'valid') throw signatureInvalid(check === 'stale' ? 'older than the tolerance' : `signature ${check}`);

    let body: unknown;
    try {
      body = JSON.parse(decoder.decode(request.rawBody ?? new Uint8Array()));
    } catch {
      throw malformed('body');
    }
    if (!isRecord(body)) throw malformed('body');
    const { id, type, data } = body;
    if (typeof id !== 'string' || id === '') throw malformed('id');
    if (typeof type !== 'string') throw malformed('type');
    if (type !== 'payment.updated') return { kind: 'ignored', reason: `fakepay event ${type}` };
    if (!isRecord(data) || typeof data.paymentId !== 'string' || data.paymentId === '') throw malformed('data.paymentId');
    return { kind: 'payment', providerPaymentId: data.paymentId, eventId: id };
  }

  async fetchPayment(providerPaymentId: string): Promise<ProviderPayment> {
    return toProviderPayment(unwrap(this.#api.getPayment(providerPaymentId), providerPaymentId));
  }

  async refund(providerPaymentId: string, amount: Money | null, idempotencyKey: string): Promise<ProviderPayment> {
    return toProviderPayment(unwrap(this.#api.refund(providerPaymentId, amount, idempotencyKey), providerPaymentId));
  }
}
