/**
 * A place at a payment provider where the customer pays an order (Mercado Pago: a Checkout Pro
 * preference). One per attempt: reused while `open` and not expired; a new attempt (a new
 * idempotency key, a new session) only when the previous one lapsed.
 */
export interface PaymentCheckout {
  readonly id: string;
  readonly orderId: string;
  readonly provider: string;
  /** 1, 2, ... per (order, provider). */
  readonly attempt: number;
  /** Sent to the provider: a retried create returns the same session. `checkout:<orderId>:<provider>:<attempt>`. */
  readonly idempotencyKey: string;
  /** The provider's id of the session (the preference id). */
  readonly providerReference: string;
  readonly paymentUrl: string;
  /** After this it takes no payments (aligned with the order's reservation). */
  readonly expiresAt: Date;
  /** `open` until it lapses (`expired`) or its order stops waiting for payment (`closed`). */
  readonly status: 'open' | 'expired' | 'closed';
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export const checkoutIdempotencyKey = (orderId: string, provider: string, attempt: number): string =>
  `checkout:${orderId}:${provider}:${attempt}`;
