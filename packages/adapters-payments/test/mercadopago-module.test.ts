import { type InboundRoute, type PaymentGateway, TOKENS } from '@mostrador/core';
import { Container, type ServiceIdentifier } from 'inversify';
import { describe, expect, it } from 'vitest';
import { MERCADOPAGO_WEBHOOK_PATH, mercadoPagoModule, parseMercadoPagoOptions } from '../src/index.js';

const valid = { accessToken: 'TEST-1234567890-abcdef', webhookSecret: 'whsec-0123456789abcdef' };

describe('mercadoPagoModule', () => {
  it('binds the gateway (multi-bound) and the webhook route', () => {
    const container = new Container();
    container.bind(TOKENS.Clock as ServiceIdentifier).toConstantValue({ now: () => new Date() });
    container.bind(TOKENS.UseCases as ServiceIdentifier).toConstantValue({ payments: { receiveWebhook: async () => ({ status: 200 }) } });
    container.load(mercadoPagoModule(valid));
    const gateways = container.getAll<PaymentGateway>(TOKENS.PaymentGateway as ServiceIdentifier<PaymentGateway>);
    expect(gateways.map((gateway) => gateway.provider)).toEqual(['mercadopago']);
    const routes = container.getAll<InboundRoute>(TOKENS.InboundRoute as ServiceIdentifier<InboundRoute>);
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual([`POST ${MERCADOPAGO_WEBHOOK_PATH}`]);
  });

  it('defaults to the real API and 5 minutes of tolerance', () => {
    expect(parseMercadoPagoOptions(valid)).toMatchObject({ apiBaseUrl: 'https://api.mercadopago.com', toleranceSeconds: 300 });
  });

  it('refuses bad options naming the option, never showing the secrets', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...valid, accessToken: '' }, /MP_ACCESS_TOKEN/],
      [{ ...valid, webhookSecret: 'short' }, /MP_WEBHOOK_SECRET/],
      [{ ...valid, apiBaseUrl: 'ftp://x' }, /MP_API_BASE_URL/],
      [{ ...valid, toleranceSeconds: 0 }, /toleranceSeconds/],
    ];
    for (const [options, message] of cases) {
      const error = (() => {
        try {
          mercadoPagoModule(options as never);
        } catch (caught) {
          return caught as Error;
        }
        return null;
      })();
      expect(error?.message).toMatch(message);
      expect(error?.message).not.toContain(valid.webhookSecret);
      expect(error?.message).not.toContain(valid.accessToken);
    }
  });
});
