import { describe, expect, it } from 'vitest';
import { DEFAULT_SHOP_SETTINGS } from '../src/application/settings.js';
import { IVA_CONDITIONS, type IvaCondition, type TaxProfile } from '../src/customers/tax-profile.js';
import { VOUCHER_TYPES, type VoucherClass, type VoucherType } from '../src/invoicing/invoice.js';
import {
  buyerDocumentFor,
  creditNoteTypeFor,
  formatVoucherNumber,
  invoiceTypeFor,
  voucherClassFor,
  voucherClassOf,
  voucherKindOf,
} from '../src/invoicing/voucher-rules.js';
import { money } from '../src/money/money.js';
import { ValidationError } from '../src/shared/errors.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).code;
  }
  return undefined;
};

const ALL_CONDITIONS = Object.keys(IVA_CONDITIONS) as IvaCondition[];

describe('voucherClassFor (arca.md "Which letter")', () => {
  // Issuer Responsable Inscripto: A to 1, 6, 13, 16; B to 4, 5, 7, 8, 9, 10, 15 and to an anonymous buyer.
  const expectedFromRi: Record<IvaCondition, VoucherClass> = {
    RESPONSABLE_INSCRIPTO: 'A',
    MONOTRIBUTO: 'A',
    MONOTRIBUTISTA_SOCIAL: 'A',
    MONOTRIBUTO_TRABAJADOR_PROMOVIDO: 'A',
    SUJETO_EXENTO: 'B',
    CONSUMIDOR_FINAL: 'B',
    NO_CATEGORIZADO: 'B',
    PROVEEDOR_EXTERIOR: 'B',
    CLIENTE_EXTERIOR: 'B',
    IVA_LIBERADO: 'B',
    IVA_NO_ALCANZADO: 'B',
  };

  it('covers every buyer condition of the RG 5616 table', () => {
    expect(Object.keys(expectedFromRi).sort()).toEqual([...ALL_CONDITIONS].sort());
    // A-class buyers are exactly the ids 1, 6, 13, 16 of the table.
    const aIds = ALL_CONDITIONS.filter((c) => expectedFromRi[c] === 'A')
      .map((c) => IVA_CONDITIONS[c])
      .sort((a, b) => a - b);
    expect(aIds).toEqual([1, 6, 13, 16]);
  });

  it.each(ALL_CONDITIONS)('Responsable Inscripto issuer to %s', (buyer) => {
    expect(voucherClassFor('RESPONSABLE_INSCRIPTO', buyer)).toBe(expectedFromRi[buyer]);
  });

  it('Responsable Inscripto issuer to an anonymous consumidor final issues B', () => {
    expect(voucherClassFor('RESPONSABLE_INSCRIPTO', null)).toBe('B');
  });

  for (const issuer of ['MONOTRIBUTO', 'SUJETO_EXENTO', 'MONOTRIBUTISTA_SOCIAL', 'MONOTRIBUTO_TRABAJADOR_PROMOVIDO'] as const) {
    it(`${issuer} issuer always issues C`, () => {
      for (const buyer of [...ALL_CONDITIONS, null]) expect(voucherClassFor(issuer, buyer)).toBe('C');
    });
  }

  it.each(['CONSUMIDOR_FINAL', 'CLIENTE_EXTERIOR', 'NO_CATEGORIZADO'] as const)('an issuer who is %s cannot issue', (issuer) => {
    expect(codeOf(() => voucherClassFor(issuer, null))).toBe('INVOICE.ISSUER_CONDITION_INVALID');
  });
});

describe('voucher types', () => {
  it('maps classes to invoice and credit note types and back', () => {
    expect(invoiceTypeFor('A')).toBe('FACTURA_A');
    expect(invoiceTypeFor('B')).toBe('FACTURA_B');
    expect(invoiceTypeFor('C')).toBe('FACTURA_C');
    expect(creditNoteTypeFor('A')).toBe('NOTA_CREDITO_A');
    expect(creditNoteTypeFor('B')).toBe('NOTA_CREDITO_B');
    expect(creditNoteTypeFor('C')).toBe('NOTA_CREDITO_C');
    expect([invoiceTypeFor('A'), invoiceTypeFor('B'), invoiceTypeFor('C')].map((t) => VOUCHER_TYPES[t])).toEqual([1, 6, 11]);
    expect([creditNoteTypeFor('A'), creditNoteTypeFor('B'), creditNoteTypeFor('C')].map((t) => VOUCHER_TYPES[t])).toEqual([3, 8, 13]);
  });

  it.each(Object.entries(VOUCHER_TYPES) as [VoucherType, number][])('voucherClassOf(%s / %i)', (name, code) => {
    const expected = name.slice(-1);
    expect(voucherClassOf(name)).toBe(expected);
    expect(voucherClassOf(code)).toBe(expected);
  });

  it('voucherKindOf tells invoices, credit notes and debit notes apart, for every class', () => {
    const kinds = Object.fromEntries((Object.keys(VOUCHER_TYPES) as VoucherType[]).map((type) => [type, voucherKindOf(type)]));
    expect(kinds).toEqual({
      FACTURA_A: 'invoice',
      NOTA_DEBITO_A: 'debit-note',
      NOTA_CREDITO_A: 'credit-note',
      FACTURA_B: 'invoice',
      NOTA_DEBITO_B: 'debit-note',
      NOTA_CREDITO_B: 'credit-note',
      FACTURA_C: 'invoice',
      NOTA_DEBITO_C: 'debit-note',
      NOTA_CREDITO_C: 'credit-note',
    });
  });

  it('rejects unknown types and classes', () => {
    expect(codeOf(() => voucherClassOf(4))).toBe('INVOICE.VOUCHER_TYPE_INVALID');
    expect(codeOf(() => voucherClassOf('FACTURA_M' as VoucherType))).toBe('INVOICE.VOUCHER_TYPE_INVALID');
    expect(codeOf(() => invoiceTypeFor('M' as VoucherClass))).toBe('INVOICE.CLASS_INVALID');
  });
});

describe('buyerDocumentFor', () => {
  const threshold = DEFAULT_SHOP_SETTINGS.anonymousInvoiceThresholdCents; // ARS 10,000,000
  const anonymous = { docType: 99, docNumber: '0', ivaConditionId: 5 };

  it('an anonymous consumidor final below and at the threshold is DocTipo 99, DocNro 0, condition 5', () => {
    expect(threshold).toBe(10_000_000_00);
    expect(buyerDocumentFor(null, money(1), threshold)).toEqual(anonymous);
    expect(buyerDocumentFor(null, money(threshold - 1), threshold)).toEqual(anonymous);
    expect(buyerDocumentFor(null, money(threshold), threshold)).toEqual(anonymous);
  });

  it('above the threshold the buyer must be identified', () => {
    expect(codeOf(() => buyerDocumentFor(null, money(threshold + 1), threshold))).toBe('INVOICE.BUYER_REQUIRED');
    const unnamed: TaxProfile = {
      documentType: 'OTHER',
      documentNumber: '0',
      ivaCondition: 'CONSUMIDOR_FINAL',
      legalName: 'Juan',
      address: '',
    };
    expect(buyerDocumentFor(unnamed, money(threshold), threshold)).toEqual(anonymous);
    expect(codeOf(() => buyerDocumentFor(unnamed, money(threshold + 1), threshold))).toBe('INVOICE.BUYER_REQUIRED');
  });

  it('the threshold is configuration', () => {
    expect(buyerDocumentFor(null, money(500), 500)).toEqual(anonymous);
    expect(codeOf(() => buyerDocumentFor(null, money(501), 500))).toBe('INVOICE.BUYER_REQUIRED');
  });

  it('an identified buyer is sent with its document and condition, at any amount', () => {
    const dni: TaxProfile = {
      documentType: 'DNI',
      documentNumber: '17.254.359',
      ivaCondition: 'CONSUMIDOR_FINAL',
      legalName: 'Ana Pérez',
      address: '',
    };
    expect(buyerDocumentFor(dni, money(threshold + 1), threshold)).toEqual({ docType: 96, docNumber: '17254359', ivaConditionId: 5 });
    const company: TaxProfile = {
      documentType: 'CUIT',
      documentNumber: '30-50001091-2',
      ivaCondition: 'RESPONSABLE_INSCRIPTO',
      legalName: 'Empresa SA',
      address: 'Calle 1',
    };
    expect(buyerDocumentFor(company, money(100), threshold)).toEqual({ docType: 80, docNumber: '30500010912', ivaConditionId: 1 });
    const mono: TaxProfile = { ...company, documentNumber: '20172543597', ivaCondition: 'MONOTRIBUTO' };
    expect(buyerDocumentFor(mono, money(100), threshold)).toEqual({ docType: 80, docNumber: '20172543597', ivaConditionId: 6 });
  });

  it('an invalid buyer profile is refused', () => {
    const bad: TaxProfile = {
      documentType: 'CUIT',
      documentNumber: '30500010913',
      ivaCondition: 'RESPONSABLE_INSCRIPTO',
      legalName: 'X',
      address: '',
    };
    expect(codeOf(() => buyerDocumentFor(bad, money(100), threshold))).toBe('TAX.CUIT_INVALID');
  });
});

describe('formatVoucherNumber', () => {
  it('pads point of sale to 5 and number to 8 digits', () => {
    expect(formatVoucherNumber(1, 42)).toBe('00001-00000042');
    expect(formatVoucherNumber(99_999, 99_999_999)).toBe('99999-99999999');
    expect(formatVoucherNumber(12, 1)).toBe('00012-00000001');
  });

  it.each([
    [0, 1, 'INVOICE.POINT_OF_SALE_INVALID'],
    [100_000, 1, 'INVOICE.POINT_OF_SALE_INVALID'],
    [1.5, 1, 'INVOICE.POINT_OF_SALE_INVALID'],
    [1, 0, 'INVOICE.NUMBER_INVALID'],
    [1, 100_000_000, 'INVOICE.NUMBER_INVALID'],
    [1, -3, 'INVOICE.NUMBER_INVALID'],
  ])('rejects (%s, %s)', (pointOfSale, number, code) => {
    expect(codeOf(() => formatVoucherNumber(pointOfSale, number))).toBe(code);
  });
});
