import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * Mercado Pago signs each webhook: `x-signature: ts=<unix seconds>,v1=<hex>`, v1 being
 * HMAC-SHA256 with the application's webhook secret over `id:<data.id>;request-id:<x-request-id>;ts:<ts>;`
 * (parts without a value left out). Written here rather than with the SDK's validator so that the
 * comparison is constant-time and the id is normalised as Mercado Pago documents (lower case).
 */

export type SignatureCheck = 'valid' | 'missing' | 'malformed' | 'mismatch' | 'stale';

const manifest = (dataId: string | null, requestId: string | null, ts: string): string =>
  `${dataId ? `id:${dataId};` : ''}${requestId ? `request-id:${requestId};` : ''}ts:${ts};`;

/** `ts=…,v1=…` in any order, with spaces allowed around the parts. */
const parseHeader = (header: string): { ts: string; v1: string } | null => {
  const parts = new Map<string, string>();
  for (const part of header.split(',')) {
    const [key, ...rest] = part.split('=');
    if (key && rest.length > 0) parts.set(key.trim(), rest.join('=').trim());
  }
  const ts = parts.get('ts');
  const v1 = parts.get('v1');
  return ts && v1 && /^\d{1,13}$/.test(ts) && /^[0-9a-f]{64}$/i.test(v1) ? { ts, v1: v1.toLowerCase() } : null;
};

/**
 * Checks a notification's signature. `nowSeconds` and `toleranceSeconds` bound its age both ways
 * (a notification signed too long ago is a replay; one from the future, a forged clock).
 */
export function checkMercadoPagoSignature(input: {
  readonly secret: string;
  readonly header: string | undefined;
  readonly requestId: string | undefined;
  readonly dataId: string | null;
  readonly nowSeconds: number;
  readonly toleranceSeconds: number;
}): SignatureCheck {
  if (!input.header) return 'missing';
  const parsed = parseHeader(input.header);
  if (!parsed) return 'malformed';
  const dataId = input.dataId && /^[a-z0-9]+$/i.test(input.dataId) ? input.dataId.toLowerCase() : input.dataId;
  const expected = createHmac('sha256', input.secret)
    .update(manifest(dataId, input.requestId ?? null, parsed.ts))
    .digest();
  const given = Buffer.from(parsed.v1, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'mismatch';
  // Mercado Pago's ts is seconds; a value in milliseconds is read as such, not as the far future.
  const ts = Number(parsed.ts);
  const seconds = ts > 10_000_000_000 ? Math.floor(ts / 1000) : ts;
  return Math.abs(input.nowSeconds - seconds) > input.toleranceSeconds ? 'stale' : 'valid';
}
