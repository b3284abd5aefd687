import type { Clock } from '@mostrador/core';
import { FakePayGateway } from './fakepay-gateway.js';
import { FakePayProvider } from './fakepay-provider.js';

export * from './fakepay-gateway.js';
export * from './fakepay-provider.js';
export * from './fakepay-route.js';
export * from './fakepay-signature.js';
export * from './fakepay-wiring.js';

export interface FakePayOptions {
  /** Shared by the provider (signs) and the gateway (verifies); at least 16 characters. */
  readonly webhookSecret: string;
  readonly checkoutBaseUrl?: string;
  readonly clock?: Clock;
  readonly toleranceSeconds?: number;
  readonly onDeliveryError?: (error: unknown) => void;
}

/**
 * The in-process provider and the gateway in front of it, sharing one secret:
 *
 *   const { provider, gateway } = createFakePay({ webhookSecret: randomBytes(32).toString('hex') });
 *   const route = fakePayWebhookRoute({ gateway, orders: useCases.orders });
 *   provider.onNotification(route.handler);         // deliver in process (or mount the route over HTTP)
 *   const session = await gateway.createCheckout({ order, ... });
 *   await provider.pay(session.paymentUrl, 'approve'); // the payer pays; the order becomes paid
 */
export const createFakePay = (options: FakePayOptions): { provider: FakePayProvider; gateway: FakePayGateway } => {
  const { webhookSecret, checkoutBaseUrl, clock, toleranceSeconds, onDeliveryError } = options;
  const provider = new FakePayProvider({ webhookSecret, checkoutBaseUrl, clock, onDeliveryError });
  const gateway = new FakePayGateway({ provider, webhookSecret, clock, toleranceSeconds });
  return { provider, gateway };
};
