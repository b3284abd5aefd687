import { bindToken, type InboundRoute, type PaymentUseCases, resolveToken, TOKENS, type Token } from '@mostrador/core';
import { ContainerModule } from 'inversify';
import { MERCADOPAGO_PROVIDER, MercadoPagoGateway } from './mercadopago-gateway.js';
import { type MercadoPagoOptions, parseMercadoPagoOptions } from './options.js';

/** The gateway as its concrete class; the app finds it, as every gateway, under `TOKENS.PaymentGateway`. */
export const MERCADOPAGO_GATEWAY = Symbol.for('mostrador.mercadopago.MercadoPagoGateway') as Token<MercadoPagoGateway>;

/** Where Mercado Pago's webhooks arrive; the preferences' notification_url must reach it. */
export const MERCADOPAGO_WEBHOOK_PATH = '/webhooks/mercadopago';

/** Mercado Pago's notifications are a few hundred bytes. */
const WEBHOOK_BODY_LIMIT = 64 * 1024;

/**
 * The webhook as a framework-free route: verified by the gateway, acknowledged at once, applied
 * from the `payments.sync` queue (see `PaymentUseCases.receiveWebhook`).
 */
export const mercadoPagoWebhookRoute = (payments: Pick<PaymentUseCases, 'receiveWebhook'>): InboundRoute => ({
  method: 'POST',
  path: MERCADOPAGO_WEBHOOK_PATH,
  bodyLimit: WEBHOOK_BODY_LIMIT,
  summary: 'Mercado Pago webhook: payment notifications, authenticated by the x-signature HMAC (401 otherwise)',
  handler: (request) => payments.receiveWebhook(MERCADOPAGO_PROVIDER, request),
});

/**
 * The registration entry point: validates the options now (naming a bad one, never showing a
 * secret), binds the gateway under `TOKENS.PaymentGateway` (multi-bound: a shop may bind several
 * providers) and `POST /webhooks/mercadopago` under `TOKENS.InboundRoute`.
 */
export function mercadoPagoModule(options: MercadoPagoOptions): ContainerModule {
  const resolved = parseMercadoPagoOptions(options);
  return new ContainerModule((load) => {
    bindToken(load, MERCADOPAGO_GATEWAY)
      .toDynamicValue((context) => new MercadoPagoGateway({ ...resolved, clock: resolveToken(context, TOKENS.Clock) }))
      .inSingletonScope();
    bindToken(load, TOKENS.PaymentGateway).toService(MERCADOPAGO_GATEWAY);
    bindToken(load, TOKENS.InboundRoute)
      .toDynamicValue((context) => mercadoPagoWebhookRoute(resolveToken(context, TOKENS.UseCases).payments))
      .inSingletonScope();
  });
}
