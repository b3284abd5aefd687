import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How FakePay signs its notifications, the way real providers do (Stripe's scheme, close to
 * Mercado Pago's `x-signature`): the header `fakepay-signature: t=<unix seconds>,v1=<hex>`, where
 * v1 is HMAC-SHA256, keyed with the shop's webhook secret, of `<t>.` followed by the exact body
 * bytes. The timestamp is signed too, so an old notification cannot be made to look new.
 */
export const FAKEPAY_SIGNATURE_HEADER = 'fakepay-signature';

const encoder = new TextEncoder();

const digest = (secret: string, timestamp: number, rawBody: Uint8Array): Buffer =>
  createHmac('sha256', secret)
    .update(encoder.encode(`${timestamp}.`))
    .update(rawBody)
    .digest();

/** The header value for `rawBody` signed at `timestamp` (unix seconds). */
export const signNotification = (secret: string, rawBody: Uint8Array, timestamp: number): string =>
  `t=${timestamp},v1=${digest(secret, timestamp, rawBody).toString('hex')}`;

/** The header's parts, or null when it is not `t=<digits>,v1=<64 hex>`. */
export const parseSignatureHeader = (header: string): { timestamp: number; signature: Buffer } | null => {
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = parts.get('t') ?? '';
  const signature = parts.get('v1') ?? '';
  if (!/^\d{1,12}$/.test(timestamp) || !/^[0-9a-f]{64}$/i.test(signature)) return null;
  return { timestamp: Number(timestamp), signature: Buffer.from(signature, 'hex') };
};

export type SignatureCheck = 'valid' | 'missing' | 'malformed' | 'mismatch' | 'stale';

/**
 * Checks a notification's signature header against its body: `valid` only when the HMAC matches
 * (compared in constant time, so the answer's timing tells nothing about the expected value) and
 * the timestamp is within `toleranceSeconds` of `nowSeconds`, either way (a replayed notification
 * is refused once it is older than that).
 */
export const checkSignature = (
  secret: string,
  header: string | undefined,
  rawBody: Uint8Array | null,
  nowSeconds: number,
  toleranceSeconds: number,
): SignatureCheck => {
  if (!header || !rawBody) return 'missing';
  const parsed = parseSignatureHeader(header);
  if (!parsed) return 'malformed';
  const expected = digest(secret, parsed.timestamp, rawBody);
  if (!timingSafeEqual(expected, parsed.signature)) return 'mismatch';
  return Math.abs(nowSeconds - parsed.timestamp) > toleranceSeconds ? 'stale' : 'valid';
};
