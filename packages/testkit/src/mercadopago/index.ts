/**
 * Mercado Pago emulator: the REST API the official SDK talks to, a sandbox checkout page, and
 * webhooks signed as Mercado Pago signs them, with faults on demand.
 */
export type { MpErrorBody, MpItem, MpMerchantOrder, MpNotificationBody, MpPayment, MpPreference, MpRefund } from './api-shapes.js';
export {
  type CheckoutDecision,
  MercadoPagoEmulator,
  type MercadoPagoEmulatorOptions,
  type SentNotification,
  type WebhookFault,
} from './emulator.js';
export { type SignatureParts, signatureManifest, signMercadoPagoNotification } from './signature.js';
