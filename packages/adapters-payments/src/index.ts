export { MERCADOPAGO_PROVIDER, MercadoPagoGateway, type MercadoPagoGatewayOptions } from './mercadopago/mercadopago-gateway.js';
export { checkMercadoPagoSignature, type SignatureCheck } from './mercadopago/webhook-signature.js';
