import { type InboundRoute, type Logger, type OrderUseCases, type PaymentGateway, paymentWebhookHandler } from '@mostrador/core';

export const FAKEPAY_WEBHOOK_PATH = '/webhooks/fakepay';

/**
 * FakePay's webhook as a framework-free route: bound under `TOKENS.InboundRoute`, whatever HTTP
 * adapter the app composes mounts it. Core's `paymentWebhookHandler` verifies the signature,
 * re-reads the payment and applies it to the order (401 forged or stale, 400 unreadable, 200
 * applied or already applied).
 */
export const fakePayWebhookRoute = (deps: {
  readonly gateway: PaymentGateway;
  readonly orders: Pick<OrderUseCases, 'applyPayment'>;
  readonly logger?: Logger;
}): InboundRoute => ({
  method: 'POST',
  path: FAKEPAY_WEBHOOK_PATH,
  handler: paymentWebhookHandler(deps),
  // A notification is a few hundred bytes; anything much larger is not FakePay.
  bodyLimit: 16 * 1024,
  summary: 'FakePay payment notifications (HMAC-SHA256 signed)',
});
