import type { WebhookRequest } from '@mostrador/core';
import { type PaymentProviderHarness, paymentGatewayContract } from '@mostrador/testkit/contracts';
import { MercadoPagoEmulator, type SentNotification } from '@mostrador/testkit/mercadopago';
import { MercadoPagoGateway } from '../src/index.js';

export const asWebhookRequest = (notification: SentNotification): WebhookRequest => ({
  headers: notification.request.headers,
  query: notification.request.query,
  body: notification.request.body,
  rawBody: notification.request.rawBody,
});

/** Plays the payer on the emulator's checkout page and hands over the notification Mercado Pago then sends. */
export const mercadoPagoHarness = (emulator: MercadoPagoEmulator): PaymentProviderHarness => {
  const rebuild = (request: WebhookRequest, change: { secret?: string; ts?: number }): WebhookRequest => {
    const body = request.body as { id: number; type: string; action: string; data: { id: string } };
    return asWebhookRequest(
      emulator.buildNotification({
        topic: body.type,
        action: body.action,
        dataId: body.data.id,
        url: 'https://shop.example/webhooks/mercadopago',
        id: body.id,
        requestId: request.headers['x-request-id'] ?? '',
        ...change,
      }),
    );
  };
  return {
    async pay(session, decision) {
      const { paymentId } = await emulator.pay(session.paymentUrl, decision === 'approve' ? 'approve' : 'reject');
      const notification = emulator.notifications({ dataId: paymentId }).at(-1);
      if (!notification) throw new Error(`mercadopago sent no notification for payment ${paymentId}`);
      return asWebhookRequest(notification);
    },
    unrelatedNotification: async () =>
      asWebhookRequest(
        emulator.buildNotification({
          topic: 'merchant_order',
          action: 'merchant_order.updated',
          dataId: '31000000001',
          url: 'https://shop.example/webhooks/mercadopago',
        }),
      ),
    async forge(request, how) {
      switch (how) {
        case 'unsigned': {
          const { 'x-signature': _signature, ...headers } = request.headers;
          return { ...request, headers };
        }
        case 'wrong-secret':
          return rebuild(request, { secret: 'someone-elses-webhook-secret' });
        case 'altered': {
          // Another payment named in the query and the body, the original signature kept.
          const body = { ...(request.body as Record<string, unknown>), data: { id: '1329999999' } };
          return {
            ...request,
            query: { ...request.query, 'data.id': '1329999999' },
            body,
            rawBody: new TextEncoder().encode(JSON.stringify(body)),
          };
        }
      }
    },
    // Mercado Pago signs with its own clock: the same notification signed `seconds` earlier.
    later: async (request, seconds) => {
      const ts = Number(/ts=(\d+)/.exec(request.headers['x-signature'] ?? '')?.[1]);
      return rebuild(request, { ts: ts - seconds });
    },
  };
};

export const gatewayFor = (emulator: MercadoPagoEmulator, overrides: { webhookSecret?: string } = {}): MercadoPagoGateway =>
  new MercadoPagoGateway({
    accessToken: emulator.accessToken,
    webhookSecret: overrides.webhookSecret ?? emulator.webhookSecret,
    apiBaseUrl: emulator.baseUrl,
    notificationUrl: 'https://shop.example/webhooks/mercadopago',
    backUrl: null,
    toleranceSeconds: 300,
    maxRetries: 0,
    timeoutMs: 5_000,
    statementDescriptor: null,
  });

paymentGatewayContract(
  async () => {
    const emulator = new MercadoPagoEmulator({ webhookMode: 'record' });
    await emulator.start();
    return { gateway: gatewayFor(emulator), provider: mercadoPagoHarness(emulator), close: () => emulator.stop() };
  },
  { name: 'mercadopago (emulator)', toleranceSeconds: 300 },
);
