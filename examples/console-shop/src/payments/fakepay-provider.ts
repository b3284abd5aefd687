import type { Clock, Money, WebhookRequest } from '@mostrador/core';
import { FAKEPAY_SIGNATURE_HEADER, signNotification } from './fakepay-signature.js';

/*
 * FakePay, an in-process payment provider: what would run on a provider's servers, kept small and
 * honest so the gateway in front of it does everything a real gateway does (signature checks,
 * idempotency keys, re-reading payments, refund rules). Nothing is persisted: a restart forgets
 * every checkout and payment, as a sandbox would.
 */

export type FakePayPaymentStatus = 'approved' | 'rejected' | 'refunded';

/** A payment as FakePay's API returns it. */
export interface FakePayPayment {
  readonly id: string;
  readonly checkoutReference: string;
  /** The `orderId` the checkout was created with. */
  readonly orderId: string;
  readonly status: FakePayPaymentStatus;
  readonly statusDetail: string;
  readonly amount: Money;
  readonly refunded: Money;
}

export interface FakePayCheckout {
  readonly reference: string;
  readonly url: string;
  readonly orderId: string;
  readonly amount: Money;
  readonly expiresAt: Date;
}

/** A refused API call, as FakePay's API names it (the gateway maps these to core's codes). */
export type FakePayRefusal = 'payment_not_found' | 'not_refundable' | 'exceeds_remaining' | 'invalid_amount';

export type FakePayAnswer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly refusal: FakePayRefusal };

/** Why the checkout page refused the payer: no such checkout, past its expiry, or already paid. */
export class FakePayCheckoutError extends Error {
  override readonly name = 'FakePayCheckoutError';
  constructor(
    readonly reason: 'unknown' | 'expired' | 'paid',
    readonly checkout: string,
  ) {
    super(`FakePay checkout ${checkout} cannot take a payment: ${reason}`);
  }
}

/** Receives every notification FakePay sends, as the shop's webhook route would. */
export type FakePayListener = (notification: WebhookRequest) => Promise<unknown>;

export interface FakePayProviderOptions {
  /** The webhook secret FakePay shares with the shop: it signs every notification with it. */
  readonly webhookSecret: string;
  /** Where checkout pages live; a checkout's URL is this plus its reference. */
  readonly checkoutBaseUrl?: string;
  readonly clock?: Clock;
  /** Told when a listener fails (FakePay, like a real provider, does not stop for it). */
  readonly onDeliveryError?: (error: unknown) => void;
}

const DEFAULT_CHECKOUT_BASE_URL = 'https://pay.fakepay.test/checkout/';
const systemClock: Clock = { now: () => new Date() };
const encoder = new TextEncoder();

export class FakePayProvider {
  readonly #secret: string;
  readonly #baseUrl: string;
  readonly #clock: Clock;
  readonly #onDeliveryError: (error: unknown) => void;
  readonly #checkouts = new Map<string, FakePayCheckout>();
  readonly #checkoutsByKey = new Map<string, string>();
  readonly #payments = new Map<string, FakePayPayment>();
  /** Refund idempotency keys already used, per payment. */
  readonly #refundKeys = new Set<string>();
  readonly #listeners = new Set<FakePayListener>();
  #sequence = 0;

  constructor(options: FakePayProviderOptions) {
    if (options.webhookSecret.length < 16) throw new Error('FakePay needs a webhook secret of at least 16 characters');
    this.#secret = options.webhookSecret;
    this.#baseUrl = options.checkoutBaseUrl ?? DEFAULT_CHECKOUT_BASE_URL;
    this.#clock = options.clock ?? systemClock;
    this.#onDeliveryError = options.onDeliveryError ?? (() => {});
  }

  // ---- the API the gateway calls ----

  /** A checkout for `amount`; the same idempotency key returns the checkout it created first. */
  createCheckout(input: { orderId: string; amount: Money; expiresAt: Date; idempotencyKey: string }): FakePayCheckout {
    const known = this.#checkoutsByKey.get(input.idempotencyKey);
    const existing = known === undefined ? undefined : this.#checkouts.get(known);
    if (existing) return existing;
    const reference = this.#nextId('chk');
    const checkout: FakePayCheckout = {
      reference,
      url: `${this.#baseUrl}${reference}`,
      orderId: input.orderId,
      amount: input.amount,
      expiresAt: new Date(input.expiresAt),
    };
    this.#checkouts.set(reference, checkout);
    this.#checkoutsByKey.set(input.idempotencyKey, reference);
    return checkout;
  }

  getPayment(paymentId: string): FakePayAnswer<FakePayPayment> {
    const payment = this.#payments.get(paymentId);
    return payment ? { ok: true, value: payment } : { ok: false, refusal: 'payment_not_found' };
  }

  /**
   * Refunds `amount` (everything left when null) of an approved payment. A key already used for
   * this payment refunds nothing more and answers the payment as it is.
   */
  refund(paymentId: string, amount: Money | null, idempotencyKey: string): FakePayAnswer<FakePayPayment> {
    const payment = this.#payments.get(paymentId);
    if (!payment) return { ok: false, refusal: 'payment_not_found' };
    const keyOfThisPayment = `${paymentId}\u0000${idempotencyKey}`;
    if (this.#refundKeys.has(keyOfThisPayment)) return { ok: true, value: payment };
    if (payment.status !== 'approved') return { ok: false, refusal: 'not_refundable' };
    const remaining = payment.amount.amount - payment.refunded.amount;
    const asked = amount ?? { amount: remaining, currency: payment.amount.currency };
    if (!Number.isSafeInteger(asked.amount) || asked.amount <= 0 || asked.currency !== payment.amount.currency)
      return { ok: false, refusal: 'invalid_amount' };
    if (asked.amount > remaining) return { ok: false, refusal: 'exceeds_remaining' };

    const refunded = { amount: payment.refunded.amount + asked.amount, currency: payment.amount.currency };
    const whole = refunded.amount === payment.amount.amount;
    const updated: FakePayPayment = {
      ...payment,
      status: whole ? 'refunded' : 'approved',
      statusDetail: whole ? 'refunded' : 'partially_refunded',
      refunded,
    };
    this.#payments.set(paymentId, updated);
    this.#refundKeys.add(keyOfThisPayment);
    // A provider tells the shop about refunds too, a little later, whoever asked for them.
    const notification = this.#notification('payment.updated', { paymentId });
    setImmediate(() => void this.#deliver(notification));
    return { ok: true, value: updated };
  }

  // ---- the payer and the notifications ----

  /** The checkout a payment URL (or a bare reference) points at, or null. */
  checkout(urlOrReference: string): FakePayCheckout | null {
    const reference = urlOrReference.startsWith(this.#baseUrl) ? urlOrReference.slice(this.#baseUrl.length) : urlOrReference;
    return this.#checkouts.get(reference) ?? null;
  }

  /**
   * The payer, on the checkout page, approves or declines a payment of the checkout's amount.
   * FakePay then notifies every listener (awaited, as the page waits for the shop's answer) and
   * returns the signed notification it sent. Throws a FakePayCheckoutError when the checkout is
   * unknown, expired or already paid (a declined payment leaves it open for another try).
   */
  async pay(urlOrReference: string, decision: 'approve' | 'decline'): Promise<WebhookRequest> {
    const checkout = this.checkout(urlOrReference);
    if (!checkout) throw new FakePayCheckoutError('unknown', urlOrReference);
    if (this.#clock.now().getTime() > checkout.expiresAt.getTime()) throw new FakePayCheckoutError('expired', checkout.reference);
    const paid = [...this.#payments.values()].some(
      (payment) => payment.checkoutReference === checkout.reference && payment.status !== 'rejected',
    );
    if (paid) throw new FakePayCheckoutError('paid', checkout.reference);
    const payment: FakePayPayment = {
      id: this.#nextId('pay'),
      checkoutReference: checkout.reference,
      orderId: checkout.orderId,
      status: decision === 'approve' ? 'approved' : 'rejected',
      statusDetail: decision === 'approve' ? 'accredited' : 'declined_by_payer',
      amount: checkout.amount,
      refunded: { amount: 0, currency: checkout.amount.currency },
    };
    this.#payments.set(payment.id, payment);
    const notification = this.#notification('payment.updated', { paymentId: payment.id });
    await this.#deliver(notification);
    return notification;
  }

  /** A signed notification of no interest to a shop (FakePay checks the endpoint is alive). */
  ping(): WebhookRequest {
    return this.#notification('endpoint.ping', {});
  }

  /** Sends every notification to `listener` from now on; returns how to stop. */
  onNotification(listener: FakePayListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Signs `body` at `timestamp` (unix seconds) as FakePay does: for harnesses that replay or forge. */
  signedRequest(body: unknown, timestamp: number, secret = this.#secret): WebhookRequest {
    const rawBody = encoder.encode(JSON.stringify(body));
    return {
      headers: { 'content-type': 'application/json', [FAKEPAY_SIGNATURE_HEADER]: signNotification(secret, rawBody, timestamp) },
      query: {},
      body: JSON.parse(JSON.stringify(body)),
      rawBody,
    };
  }

  #notification(type: string, data: Readonly<Record<string, unknown>>): WebhookRequest {
    const created = Math.floor(this.#clock.now().getTime() / 1000);
    return this.signedRequest({ id: this.#nextId('evt'), type, created, data }, created);
  }

  async #deliver(notification: WebhookRequest): Promise<void> {
    for (const listener of this.#listeners) {
      try {
        await listener(notification);
      } catch (error) {
        this.#onDeliveryError(error);
      }
    }
  }

  #nextId(prefix: string): string {
    this.#sequence += 1;
    return `${prefix}_${String(this.#sequence).padStart(6, '0')}`;
  }
}
