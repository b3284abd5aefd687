import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cuitCheckDigit, formatCuit, isValidCuit, isValidDni, normalizeCuit, validateTaxProfile } from '../src/customers/tax-id.js';
import type { TaxProfile } from '../src/customers/tax-profile.js';
import { ValidationError } from '../src/shared/errors.js';

/** The algorithm, written again independently for the test: weights 5,4,3,2,7,6,5,4,3,2, mod 11. */
const checkDigitOracle = (firstTen: string): number | null => {
  const weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const s = weights.reduce((acc, w, i) => acc + w * Number(firstTen.charAt(i)), 0);
  const r = s % 11;
  if (r === 0) return 0;
  if (r === 1) return null;
  return 11 - r;
};

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).code;
  }
  return undefined;
};

const PREFIXES = ['20', '23', '24', '27', '30', '33', '34', '50', '51', '55'];

describe('CUIT', () => {
  it('accepts well-known valid CUITs (check digits verified by hand below)', () => {
    // 20-17254359-7: 2·5+0·4+1·3+7·2+2·7+5·6+4·5+3·4+5·3+9·2 = 136; 136 mod 11 = 4; 11 − 4 = 7.
    expect(isValidCuit('20-17254359-7')).toBe(true);
    // 30-50001091-2: 3·5+0+5·3+0+0+0+1·5+0+9·3+1·2 = 64; 64 mod 11 = 9; 11 − 9 = 2.
    expect(isValidCuit('30-50001091-2')).toBe(true);
    // The examples in ARCA's QR specification.
    expect(isValidCuit('30000000007')).toBe(true);
    expect(isValidCuit('20000000001')).toBe(true);
    // The demo issuer in DEFAULT_SHOP_SETTINGS.
    expect(isValidCuit('20111111112')).toBe(true);
  });

  it('the check digit follows 11 − r, with 11 → 0 and 10 → none', () => {
    expect(cuitCheckDigit('2017254359')).toBe(7);
    expect(cuitCheckDigit('3000000000')).toBe(7);
    expect(cuitCheckDigit('2012345678')).toBe(6);
    // r = 0 gives 11, i.e. check digit 0; r = 1 gives 10, i.e. no valid check digit.
    const zero = Array.from({ length: 1000 }, (_, i) => `20${String(i).padStart(8, '0')}`).find((t) => checkDigitOracle(t) === 0)!;
    expect(cuitCheckDigit(zero)).toBe(0);
    expect(isValidCuit(`${zero}0`)).toBe(true);
    const none = Array.from({ length: 1000 }, (_, i) => `20${String(i).padStart(8, '0')}`).find((t) => checkDigitOracle(t) === null)!;
    expect(cuitCheckDigit(none)).toBeNull();
    for (let digit = 0; digit <= 9; digit += 1) expect(isValidCuit(`${none}${digit}`)).toBe(false);
    expect(cuitCheckDigit('123')).toBeNull();
  });

  it('accepts dashes and spaces at the canonical places', () => {
    expect(isValidCuit('20172543597')).toBe(true);
    expect(isValidCuit('20 17254359 7')).toBe(true);
    expect(isValidCuit(' 20-17254359-7 ')).toBe(true);
    expect(normalizeCuit('20-17254359-7')).toBe('20172543597');
    expect(formatCuit('20172543597')).toBe('20-17254359-7');
    expect(formatCuit('30 50001091 2')).toBe('30-50001091-2');
  });

  it.each([
    ['wrong check digit', '20-17254359-8'],
    ['wrong check digit (the brief’s illustrative 20-12345678-3; the right digit is 6)', '20-12345678-3'],
    ['ten digits', '2017254359'],
    ['twelve digits', '201725435970'],
    ['empty', ''],
    ['letters', '20-1725435A-7'],
    ['misplaced dashes', '201-7254359-7'],
    ['dots', '20.17254359.7'],
    ['unknown prefix 21', `21-00000000-${checkDigitOracle('2100000000')}`],
    ['unknown prefix 10', `10-00000000-${checkDigitOracle('1000000000')}`],
    ['unknown prefix 99', `99-17254359-${checkDigitOracle('9917254359')}`],
  ])('rejects %s', (_label, value) => {
    expect(isValidCuit(value)).toBe(false);
    expect(codeOf(() => normalizeCuit(value))).toBe('TAX.CUIT_INVALID');
    expect(codeOf(() => formatCuit(value))).toBe('TAX.CUIT_INVALID');
  });

  it('property: every known prefix with the computed check digit is valid, every other last digit is not', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PREFIXES), fc.integer({ min: 0, max: 99_999_999 }), (prefix, body) => {
        const firstTen = `${prefix}${String(body).padStart(8, '0')}`;
        const check = checkDigitOracle(firstTen);
        expect(cuitCheckDigit(firstTen)).toBe(check);
        for (let digit = 0; digit <= 9; digit += 1) {
          expect(isValidCuit(`${firstTen}${digit}`)).toBe(digit === check);
        }
        if (check !== null) {
          const formatted = `${prefix}-${firstTen.slice(2)}-${check}`;
          expect(formatCuit(`${firstTen}${check}`)).toBe(formatted);
          expect(normalizeCuit(formatted)).toBe(`${firstTen}${check}`);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('property: changing any single digit of a valid CUIT makes it invalid', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PREFIXES),
        fc.integer({ min: 0, max: 99_999_999 }),
        fc.integer({ min: 2, max: 10 }),
        fc.integer({ min: 1, max: 9 }),
        (prefix, body, position, delta) => {
          const firstTen = `${prefix}${String(body).padStart(8, '0')}`;
          const check = checkDigitOracle(firstTen);
          fc.pre(check !== null);
          const valid = `${firstTen}${check}`;
          const digits = valid.split('');
          digits[position] = String((Number(digits[position]) + delta) % 10);
          expect(isValidCuit(digits.join(''))).toBe(false); // weights are non-zero mod 11, so one changed digit always shows
        },
      ),
    );
  });
});

describe('DNI', () => {
  it.each(['1234567', '12345678', '12.345.678', '1.234.567', ' 30123456 '])('accepts %s', (value) => {
    expect(isValidDni(value)).toBe(true);
  });
  it.each(['123456', '123456789', '00000000', '0000000', '12-345-678', '12.34.5678', 'abcdefg', ''])('rejects %s', (value) => {
    expect(isValidDni(value)).toBe(false);
  });
});

describe('validateTaxProfile', () => {
  const profile = (overrides: Partial<TaxProfile>): TaxProfile => ({
    documentType: 'CUIT',
    documentNumber: '30-50001091-2',
    ivaCondition: 'RESPONSABLE_INSCRIPTO',
    legalName: '  Ferretería   del Centro SA ',
    address: ' Av. Siempre Viva 742 ',
    ...overrides,
  });

  it('returns the profile normalized', () => {
    expect(validateTaxProfile(profile({}))).toEqual({
      documentType: 'CUIT',
      documentNumber: '30500010912',
      ivaCondition: 'RESPONSABLE_INSCRIPTO',
      legalName: 'Ferretería del Centro SA',
      address: 'Av. Siempre Viva 742',
    });
    expect(
      validateTaxProfile(profile({ documentType: 'DNI', documentNumber: '12.345.678', ivaCondition: 'CONSUMIDOR_FINAL' })).documentNumber,
    ).toBe('12345678');
    expect(
      validateTaxProfile(profile({ documentType: 'CUIL', documentNumber: '20-17254359-7', ivaCondition: 'CONSUMIDOR_FINAL' }))
        .documentNumber,
    ).toBe('20172543597');
    expect(
      validateTaxProfile(profile({ documentType: 'PASAPORTE', documentNumber: 'aab123456', ivaCondition: 'CLIENTE_EXTERIOR' }))
        .documentNumber,
    ).toBe('AAB123456');
  });

  it.each([
    ['a bad CUIT', profile({ documentNumber: '30-50001091-3' }), 'TAX.CUIT_INVALID'],
    [
      'a CUIL with a company prefix',
      profile({ documentType: 'CUIL', documentNumber: '30-50001091-2', ivaCondition: 'CONSUMIDOR_FINAL' }),
      'TAX.CUIT_INVALID',
    ],
    ['a bad DNI', profile({ documentType: 'DNI', documentNumber: '123', ivaCondition: 'CONSUMIDOR_FINAL' }), 'TAX.DNI_INVALID'],
    ['a zero DNI', profile({ documentType: 'DNI', documentNumber: '00000000', ivaCondition: 'CONSUMIDOR_FINAL' }), 'TAX.DNI_INVALID'],
    ['a blank legal name', profile({ legalName: '   ' }), 'TAX.LEGAL_NAME_REQUIRED'],
    ['a Responsable Inscripto with a DNI', profile({ documentType: 'DNI', documentNumber: '12345678' }), 'TAX.CONDITION_DOCUMENT_MISMATCH'],
    [
      'a Monotributista with a DNI',
      profile({ documentType: 'DNI', documentNumber: '12345678', ivaCondition: 'MONOTRIBUTO' }),
      'TAX.CONDITION_DOCUMENT_MISMATCH',
    ],
    [
      'a Monotributista social with a CUIL',
      profile({ documentType: 'CUIL', documentNumber: '20172543597', ivaCondition: 'MONOTRIBUTISTA_SOCIAL' }),
      'TAX.CONDITION_DOCUMENT_MISMATCH',
    ],
    [
      'an Exento with a passport',
      profile({ documentType: 'PASAPORTE', documentNumber: 'AAB123456', ivaCondition: 'SUJETO_EXENTO' }),
      'TAX.CONDITION_DOCUMENT_MISMATCH',
    ],
    [
      'a malformed passport',
      profile({ documentType: 'PASAPORTE', documentNumber: 'A-1', ivaCondition: 'CLIENTE_EXTERIOR' }),
      'TAX.DOCUMENT_INVALID',
    ],
  ])('rejects %s', (_label, value, code) => {
    expect(codeOf(() => validateTaxProfile(value))).toBe(code);
  });

  it('lets a consumidor final use CUIT, CUIL or DNI', () => {
    for (const [documentType, documentNumber] of [
      ['CUIT', '20172543597'],
      ['CUIL', '20172543597'],
      ['DNI', '17254359'],
    ] as const) {
      expect(() => validateTaxProfile(profile({ documentType, documentNumber, ivaCondition: 'CONSUMIDOR_FINAL' }))).not.toThrow();
    }
  });
});
