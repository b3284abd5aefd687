import { createHmac } from 'node:crypto';

/*
 * Mercado Pago's webhook signature: `x-signature: ts=<unix seconds>,v1=<hex>` where v1 is
 * HMAC-SHA256, keyed with the application's webhook secret, over the manifest
 * `id:<data.id>;request-id:<x-request-id>;ts:<ts>;` (a part with no value is left out).
 */

export interface SignatureParts {
  /** The notification's `data.id` (as in the `data.id` query parameter). */
  readonly dataId: string | null;
  /** The `x-request-id` header. */
  readonly requestId: string | null;
  /** Unix seconds. */
  readonly ts: number;
}

/** The signed manifest; parts without a value are left out, as Mercado Pago does. */
export const signatureManifest = ({ dataId, requestId, ts }: SignatureParts): string =>
  `${dataId ? `id:${dataId};` : ''}${requestId ? `request-id:${requestId};` : ''}ts:${ts};`;

/** The `x-signature` header value Mercado Pago sends for these parts. */
export const signMercadoPagoNotification = (parts: SignatureParts, secret: string): string =>
  `ts=${parts.ts},v1=${createHmac('sha256', secret).update(signatureManifest(parts)).digest('hex')}`;
