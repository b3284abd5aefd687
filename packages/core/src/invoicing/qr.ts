import type { Money } from '../money/money.js';
import { argentinaDay } from '../shared/argentina-time.js';
import { ValidationError } from '../shared/errors.js';
import { VOUCHER_TYPES, type VoucherType } from './invoice.js';

/** The JSON encoded in the QR code of every voucher (RG 4892/2020), keys in ARCA's order. */
export interface ArcaQrPayload {
  readonly ver: 1;
  /** Issue date, YYYY-MM-DD. */
  readonly fecha: string;
  readonly cuit: number;
  readonly ptoVta: number;
  readonly tipoCmp: number;
  readonly nroCmp: number;
  /** Voucher total in currency units (pesos), as a decimal number. */
  readonly importe: number;
  readonly moneda: 'PES';
  readonly ctz: 1;
  /** Only when the buyer is identified. */
  readonly tipoDocRec?: number;
  readonly nroDocRec?: number;
  /** "E": authorized with a CAE. */
  readonly tipoCodAut: 'E';
  readonly codAut: number;
}

export interface ArcaQrInput {
  /**
   * Issue date. A string is taken as the calendar date (`YYYY-MM-DD` or ARCA's `yyyymmdd`); a Date
   * is read in Argentine time (UTC−03:00, no daylight saving), the zone ARCA dates vouchers in.
   */
  readonly issueDate: Date | string;
  readonly issuerCuit: string | number;
  readonly pointOfSale: number;
  /** By name (`FACTURA_B`) or CbteTipo (6). */
  readonly voucherType: VoucherType | number;
  readonly number: number;
  /** In ARS (MonId PES, MonCotiz 1). */
  readonly total: Money;
  /** The buyer's DocTipo/DocNro; omitted from the payload when absent or anonymous (DocTipo 99 or DocNro 0). */
  readonly buyer?: { readonly docType: number; readonly docNumber: string | number } | null;
  /** The 14-digit CAE. */
  readonly cae: string;
}

const qrDate = (date: Date | string): string => {
  if (typeof date === 'string') {
    const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(date.trim());
    if (!match) throw new ValidationError('INVOICE.DATE_INVALID', `"${date}" is not a YYYY-MM-DD date`);
    return `${match[1]}-${match[2]}-${match[3]}`;
  }
  if (Number.isNaN(date.getTime())) throw new ValidationError('INVOICE.DATE_INVALID', 'the issue date is not a valid date');
  return argentinaDay(date);
};

const positiveInteger = (value: string | number, what: string, maxDigits: number): number => {
  const text = String(value).trim();
  if (!new RegExp(`^\\d{1,${maxDigits}}$`).test(text) || Number(text) <= 0) {
    throw new ValidationError(
      'INVOICE.QR_FIELD_INVALID',
      `${what} must be a positive integer of up to ${maxDigits} digits, got "${text}"`,
      { field: what },
    );
  }
  return Number(text);
};

/** Builds the RG 4892 QR payload of an authorized voucher. */
export const arcaQrPayload = (input: ArcaQrInput): ArcaQrPayload => {
  if (input.total.currency !== 'ARS') {
    throw new ValidationError('INVOICE.CURRENCY_UNSUPPORTED', `QR payloads are built for ARS vouchers only, got ${input.total.currency}`);
  }
  if (!Number.isSafeInteger(input.total.amount) || input.total.amount < 0) {
    throw new ValidationError(
      'INVOICE.QR_FIELD_INVALID',
      `the total must be a non-negative integer of centavos, got ${input.total.amount}`,
    );
  }
  const tipoCmp = typeof input.voucherType === 'number' ? input.voucherType : VOUCHER_TYPES[input.voucherType];
  if (tipoCmp === undefined || !Number.isSafeInteger(tipoCmp) || tipoCmp <= 0) {
    throw new ValidationError('INVOICE.VOUCHER_TYPE_INVALID', `unknown voucher type ${String(input.voucherType)}`);
  }
  if (!/^\d{14}$/.test(input.cae)) throw new ValidationError('INVOICE.CAE_INVALID', `a CAE has 14 digits, got "${input.cae}"`);

  const buyer = input.buyer;
  const identified = buyer != null && buyer.docType !== 99 && /^\d+$/.test(String(buyer.docNumber).trim()) && Number(buyer.docNumber) > 0;
  return {
    ver: 1,
    fecha: qrDate(input.issueDate),
    cuit: positiveInteger(input.issuerCuit, 'cuit', 11),
    ptoVta: positiveInteger(input.pointOfSale, 'ptoVta', 5),
    tipoCmp,
    nroCmp: positiveInteger(input.number, 'nroCmp', 8),
    // Integer centavos / 100 is the double nearest the exact decimal, so JSON prints e.g. 1234.56.
    importe: input.total.amount / 100,
    moneda: 'PES',
    ctz: 1,
    ...(identified
      ? { tipoDocRec: positiveInteger(buyer.docType, 'tipoDocRec', 2), nroDocRec: positiveInteger(buyer.docNumber, 'nroDocRec', 15) }
      : {}),
    tipoCodAut: 'E',
    codAut: Number(input.cae),
  };
};

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (RFC 4648 §4, with `=` padding) of bytes. Core cannot use Buffer. */
const base64 = (bytes: Uint8Array): string => {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] ?? 0;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    const chunk = (b0 << 16) | ((b1 ?? 0) << 8) | (b2 ?? 0);
    out += BASE64_ALPHABET[(chunk >> 18) & 63];
    out += BASE64_ALPHABET[(chunk >> 12) & 63];
    out += b1 === undefined ? '=' : BASE64_ALPHABET[(chunk >> 6) & 63];
    out += b2 === undefined ? '=' : BASE64_ALPHABET[chunk & 63];
  }
  return out;
};

export const ARCA_QR_BASE_URL = 'https://www.afip.gob.ar/fe/qr/?p=';

/** The URL printed as a QR code: ARCA's base URL + base64 of the payload's JSON (UTF-8). */
export const arcaQrUrl = (payload: ArcaQrPayload): string =>
  `${ARCA_QR_BASE_URL}${base64(new TextEncoder().encode(JSON.stringify(payload)))}`;
