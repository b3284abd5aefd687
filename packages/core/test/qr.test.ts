import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ArcaQrInput, arcaQrPayload, arcaQrUrl } from '../src/invoicing/qr.js';
import { money } from '../src/money/money.js';
import { ValidationError } from '../src/shared/errors.js';

const PREFIX = 'https://www.afip.gob.ar/fe/qr/?p=';

const decode = (url: string): string => {
  expect(url.startsWith(PREFIX)).toBe(true);
  return Buffer.from(url.slice(PREFIX.length), 'base64').toString('utf8');
};

const base: ArcaQrInput = {
  issueDate: '2025-10-13',
  issuerCuit: '30000000007',
  pointOfSale: 10,
  voucherType: 'FACTURA_A',
  number: 94,
  total: money(12_100_00),
  buyer: { docType: 80, docNumber: '20000000001' },
  cae: '70417054367476',
};

describe('arcaQrPayload', () => {
  it('builds the exact RG 4892 JSON for an identified buyer', () => {
    const payload = arcaQrPayload(base);
    expect(JSON.stringify(payload)).toBe(
      '{"ver":1,"fecha":"2025-10-13","cuit":30000000007,"ptoVta":10,"tipoCmp":1,"nroCmp":94,' +
        '"importe":12100,"moneda":"PES","ctz":1,"tipoDocRec":80,"nroDocRec":20000000001,' +
        '"tipoCodAut":"E","codAut":70417054367476}',
    );
  });

  it('omits the buyer when anonymous and prints centavos as decimals', () => {
    const anonymous = arcaQrPayload({ ...base, voucherType: 6, number: 7, total: money(123456), buyer: { docType: 99, docNumber: '0' } });
    expect(JSON.stringify(anonymous)).toBe(
      '{"ver":1,"fecha":"2025-10-13","cuit":30000000007,"ptoVta":10,"tipoCmp":6,"nroCmp":7,' +
        '"importe":1234.56,"moneda":"PES","ctz":1,"tipoCodAut":"E","codAut":70417054367476}',
    );
    expect(arcaQrPayload({ ...base, buyer: null })).not.toHaveProperty('tipoDocRec');
    const { buyer: _omitted, ...withoutBuyer } = base;
    expect(arcaQrPayload(withoutBuyer)).not.toHaveProperty('nroDocRec');
    expect(arcaQrPayload({ ...base, total: money(5) }).importe).toBe(0.05);
    expect(JSON.stringify(arcaQrPayload({ ...base, total: money(10) }).importe)).toBe('0.1');
  });

  it('dates a Date in Argentine time (UTC−03:00) and accepts yyyymmdd', () => {
    expect(arcaQrPayload({ ...base, issueDate: new Date('2025-10-14T02:59:59Z') }).fecha).toBe('2025-10-13');
    expect(arcaQrPayload({ ...base, issueDate: new Date('2025-10-14T03:00:00Z') }).fecha).toBe('2025-10-14');
    expect(arcaQrPayload({ ...base, issueDate: '20251013' }).fecha).toBe('2025-10-13');
  });

  it.each([
    ['a short CAE', { cae: '123' }, 'INVOICE.CAE_INVALID'],
    ['a non-ARS total', { total: money(100, 'USD') }, 'INVOICE.CURRENCY_UNSUPPORTED'],
    ['a bad date', { issueDate: '13/10/2025' }, 'INVOICE.DATE_INVALID'],
    ['a bad CUIT', { issuerCuit: '30-00000000-7' }, 'INVOICE.QR_FIELD_INVALID'],
    ['an unknown voucher type', { voucherType: 'FACTURA_M' as never }, 'INVOICE.VOUCHER_TYPE_INVALID'],
  ] as const)('rejects %s', (_label, overrides, code) => {
    let caught: unknown;
    try {
      arcaQrPayload({ ...base, ...overrides } as ArcaQrInput);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).code).toBe(code);
  });
});

describe('arcaQrUrl', () => {
  it('is the ARCA URL with standard, padded base64 of the JSON', () => {
    const payload = arcaQrPayload(base);
    const url = arcaQrUrl(payload);
    const json = JSON.stringify(payload);
    expect(url).toBe(PREFIX + Buffer.from(json, 'utf8').toString('base64'));
    expect(JSON.parse(decode(url))).toEqual(payload);
    expect(url.slice(PREFIX.length)).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(url.slice(PREFIX.length).length % 4).toBe(0);
  });

  it('property: our base64 equals the platform one and decodes back, for every padding length', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99_999 }),
        fc.integer({ min: 1, max: 99_999_999 }),
        fc.integer({ min: 0, max: 1_000_000_000_00 }),
        fc.boolean(),
        (pointOfSale, number, cents, identified) => {
          const payload = arcaQrPayload({ ...base, pointOfSale, number, total: money(cents), buyer: identified ? base.buyer : null });
          const url = arcaQrUrl(payload);
          const encoded = url.slice(PREFIX.length);
          expect(encoded).toBe(Buffer.from(JSON.stringify(payload), 'utf8').toString('base64'));
          expect(atob(encoded)).toBe(JSON.stringify(payload));
          expect(JSON.parse(decode(url))).toEqual(payload);
          expect(Math.round(JSON.parse(decode(url)).importe * 100)).toBe(cents);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('encodes non-ASCII as UTF-8 (payloads are ASCII today, the encoder must not depend on it)', () => {
    const odd = { ...arcaQrPayload(base), fecha: 'año-ñ-€-😀' } as unknown as Parameters<typeof arcaQrUrl>[0];
    expect(decode(arcaQrUrl(odd))).toBe(JSON.stringify(odd));
  });
});
