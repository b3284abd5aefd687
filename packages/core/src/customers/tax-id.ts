import { ValidationError } from '../shared/errors.js';
import { ensurePlainText } from '../shared/input-bounds.js';
import type { DocumentType, IvaCondition, TaxProfile } from './tax-profile.js';

/*
 * Argentine tax identifiers. A CUIT/CUIL/CDI is 11 digits: a two-digit prefix (kind of person),
 * an 8-digit body (usually the DNI for people) and a mod-11 check digit.
 */

/** Prefixes ARCA assigns: 20/23/24/27 people, 30/33/34 companies, 50/51/55 some special entities. */
export const CUIT_PREFIXES = ['20', '23', '24', '27', '30', '33', '34', '50', '51', '55'] as const;
/** CUIL is for people only. */
const CUIL_PREFIXES: readonly string[] = ['20', '23', '24', '27'];
const CUIT_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

/** "20123456786", "20-12345678-6" or "20 12345678 6" (separators only at the canonical places). */
const CUIT_PATTERN = /^(\d{2})[-\s]?(\d{8})[-\s]?(\d)$/;

const cuitDigits = (value: string): string | null => {
  const match = CUIT_PATTERN.exec(value.trim());
  return match ? `${match[1]}${match[2]}${match[3]}` : null;
};

/**
 * The check digit for the first ten digits of a CUIT, or null when none exists.
 * r = Σ digit × weight (5,4,3,2,7,6,5,4,3,2) mod 11; digit = 11 − r; 11 becomes 0; 10 has no
 * valid digit (ARCA then assigns another prefix, 23 or 33).
 */
export const cuitCheckDigit = (firstTen: string): number | null => {
  if (!/^\d{10}$/.test(firstTen)) return null;
  let total = 0;
  for (let i = 0; i < 10; i += 1) total += Number(firstTen[i]) * (CUIT_WEIGHTS[i] ?? 0);
  const digit = 11 - (total % 11);
  if (digit === 11) return 0;
  if (digit === 10) return null;
  return digit;
};

const validDigits = (digits: string | null, prefixes: readonly string[]): digits is string =>
  digits !== null && prefixes.includes(digits.slice(0, 2)) && cuitCheckDigit(digits.slice(0, 10)) === Number(digits[10]);

/** Whether `value` is a well-formed CUIT with a known prefix and the right check digit. Dashes and spaces are allowed. */
export const isValidCuit = (value: string): boolean => validDigits(cuitDigits(value), CUIT_PREFIXES);

/** The 11 digits of a valid CUIT ("20-12345678-6" → "20123456786"); throws `TAX.CUIT_INVALID` otherwise. */
export const normalizeCuit = (value: string): string => {
  const digits = cuitDigits(value);
  if (!validDigits(digits, CUIT_PREFIXES)) throw new ValidationError('TAX.CUIT_INVALID', `"${value}" is not a valid CUIT`, { value });
  return digits;
};

/** "20123456786" → "20-12345678-6"; throws `TAX.CUIT_INVALID` for an invalid CUIT. */
export const formatCuit = (value: string): string => {
  const digits = normalizeCuit(value);
  return `${digits.slice(0, 2)}-${digits.slice(2, 10)}-${digits.slice(10)}`;
};

/** "12345678", "1234567" or dotted "12.345.678" / "1.234.567". */
const DNI_PATTERN = /^(?:\d{7,8}|\d{1,2}\.\d{3}\.\d{3})$/;

const dniDigits = (value: string): string | null => {
  const trimmed = value.trim();
  if (!DNI_PATTERN.test(trimmed)) return null;
  const digits = trimmed.replace(/\./g, '');
  return /^0+$/.test(digits) ? null : digits;
};

/** Whether `value` is a DNI number: 7 or 8 digits (optionally dotted), not all zeros. */
export const isValidDni = (value: string): boolean => {
  const digits = dniDigits(value);
  return digits !== null && digits.length >= 7 && digits.length <= 8;
};

/** Buyers registered as taxpayers, who must be identified by CUIT on a voucher. */
const CONDITIONS_REQUIRING_CUIT: readonly IvaCondition[] = [
  'RESPONSABLE_INSCRIPTO',
  'MONOTRIBUTO',
  'MONOTRIBUTISTA_SOCIAL',
  'MONOTRIBUTO_TRABAJADOR_PROMOVIDO',
  'SUJETO_EXENTO',
  'IVA_LIBERADO',
];

const normalizeDocumentNumber = (type: DocumentType, value: string): string => {
  const fail = (code: string, what: string): never => {
    throw new ValidationError(code, `"${value}" is not a valid ${what}`, { documentType: type, value });
  };
  switch (type) {
    case 'CUIT':
    case 'CDI': {
      const digits = cuitDigits(value);
      return validDigits(digits, CUIT_PREFIXES) ? digits : fail('TAX.CUIT_INVALID', type);
    }
    case 'CUIL': {
      const digits = cuitDigits(value);
      return validDigits(digits, CUIL_PREFIXES) ? digits : fail('TAX.CUIT_INVALID', type);
    }
    case 'DNI': {
      const digits = dniDigits(value);
      return digits !== null ? digits : fail('TAX.DNI_INVALID', type);
    }
    case 'PASAPORTE': {
      const compact = value.trim().toUpperCase();
      return /^[A-Z0-9]{6,20}$/.test(compact) ? compact : fail('TAX.DOCUMENT_INVALID', 'passport number');
    }
    case 'OTHER': {
      const compact = value.trim();
      if (compact === '') return '0';
      return /^\d{1,20}$/.test(compact) ? compact : fail('TAX.DOCUMENT_INVALID', 'document number');
    }
    default:
      return fail('TAX.DOCUMENT_INVALID', `document of type ${String(type)}`);
  }
};

/**
 * Checks a buyer's tax profile and returns it normalized (document digits only, names trimmed).
 * Throws `TAX.CUIT_INVALID` (CUIT, CUIL, CDI), `TAX.DNI_INVALID`, `TAX.DOCUMENT_INVALID`
 * (passport, other), `TAX.LEGAL_NAME_REQUIRED`, or `TAX.CONDITION_DOCUMENT_MISMATCH` when the IVA
 * condition needs a CUIT (Responsable Inscripto, the Monotributo kinds, Exento, IVA Liberado).
 */
export const validateTaxProfile = (profile: TaxProfile): TaxProfile => {
  ensurePlainText('legalName', profile.legalName);
  ensurePlainText('address', profile.address);
  const legalName = profile.legalName.trim().replace(/\s+/g, ' ');
  if (legalName === '') throw new ValidationError('TAX.LEGAL_NAME_REQUIRED', 'the legal name is required');
  if (CONDITIONS_REQUIRING_CUIT.includes(profile.ivaCondition) && profile.documentType !== 'CUIT') {
    throw new ValidationError(
      'TAX.CONDITION_DOCUMENT_MISMATCH',
      `a buyer with IVA condition ${profile.ivaCondition} must be identified by CUIT, got ${profile.documentType}`,
      { ivaCondition: profile.ivaCondition, documentType: profile.documentType },
    );
  }
  const documentNumber = normalizeDocumentNumber(profile.documentType, profile.documentNumber);
  return { ...profile, documentNumber, legalName, address: profile.address.trim() };
};
