import type { MercadoPagoGatewayOptions } from './mercadopago-gateway.js';

/** What the app configures (MP_ACCESS_TOKEN, MP_WEBHOOK_SECRET, MP_API_BASE_URL, ...). */
export interface MercadoPagoOptions {
  /** MP_ACCESS_TOKEN: the seller's access token (`APP_USR-…`, or `TEST-…` for test accounts). */
  readonly accessToken: string;
  /** MP_WEBHOOK_SECRET: the application's webhook secret ("Tus integraciones → Webhooks → Clave secreta"). */
  readonly webhookSecret: string;
  /** MP_API_BASE_URL: default `https://api.mercadopago.com`; tests and the demo point it at the emulator. */
  readonly apiBaseUrl?: string;
  /** The public URL of `POST /webhooks/mercadopago` sent as each preference's notification_url. */
  readonly notificationUrl?: string | null;
  /** Where the payer's browser returns after paying (e.g. the bot's t.me link). */
  readonly backUrl?: string | null;
  /** Default 300 (5 minutes). */
  readonly toleranceSeconds?: number;
  /** The SDK's retries on 429/5xx. Default 2. */
  readonly maxRetries?: number;
  /** Default 10 000 ms. */
  readonly timeoutMs?: number;
  /** Up to 22 characters on the payer's card statement. */
  readonly statementDescriptor?: string | null;
}

export const DEFAULT_MERCADOPAGO_API = 'https://api.mercadopago.com';

const invalid = (option: string, why: string): Error => new Error(`mercadopago option ${option} ${why}`);

const url = (option: string, value: string): string => {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw invalid(option, 'must be an absolute http(s) URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw invalid(option, 'must be an absolute http(s) URL');
  return value.replace(/\/+$/, '');
};

/** Validates the options now, naming the option (never its value: two of them are secrets). */
export function parseMercadoPagoOptions(options: MercadoPagoOptions): MercadoPagoGatewayOptions {
  if (typeof options.accessToken !== 'string' || !/^\S{8,512}$/.test(options.accessToken))
    throw invalid('accessToken (MP_ACCESS_TOKEN)', 'must be 8 to 512 characters without spaces');
  if (typeof options.webhookSecret !== 'string' || !/^\S{8,512}$/.test(options.webhookSecret))
    throw invalid('webhookSecret (MP_WEBHOOK_SECRET)', 'must be 8 to 512 characters without spaces');
  const tolerance = options.toleranceSeconds ?? 300;
  if (!Number.isInteger(tolerance) || tolerance < 1 || tolerance > 3600)
    throw invalid('toleranceSeconds', 'must be an integer from 1 to 3600');
  const retries = options.maxRetries ?? 2;
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) throw invalid('maxRetries', 'must be an integer from 0 to 10');
  const timeout = options.timeoutMs ?? 10_000;
  if (!Number.isInteger(timeout) || timeout < 100) throw invalid('timeoutMs', 'must be an integer of at least 100');
  const descriptor = options.statementDescriptor?.trim() || null;
  if (descriptor && descriptor.length > 22) throw invalid('statementDescriptor', 'has at most 22 characters');
  return {
    accessToken: options.accessToken,
    webhookSecret: options.webhookSecret,
    apiBaseUrl: url('apiBaseUrl (MP_API_BASE_URL)', options.apiBaseUrl ?? DEFAULT_MERCADOPAGO_API),
    notificationUrl: options.notificationUrl ? url('notificationUrl', options.notificationUrl) : null,
    backUrl: options.backUrl ? url('backUrl', options.backUrl) : null,
    toleranceSeconds: tolerance,
    maxRetries: retries,
    timeoutMs: timeout,
    statementDescriptor: descriptor,
  };
}
