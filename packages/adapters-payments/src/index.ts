export { MERCADOPAGO_PROVIDER, MercadoPagoGateway, type MercadoPagoGatewayOptions } from './mercadopago/mercadopago-gateway.js';
export {
  MERCADOPAGO_GATEWAY,
  MERCADOPAGO_WEBHOOK_PATH,
  mercadoPagoModule,
  mercadoPagoWebhookRoute,
} from './mercadopago/module.js';
export { DEFAULT_MERCADOPAGO_API, type MercadoPagoOptions, parseMercadoPagoOptions } from './mercadopago/options.js';
export { checkMercadoPagoSignature, type SignatureCheck } from './mercadopago/webhook-signature.js';
