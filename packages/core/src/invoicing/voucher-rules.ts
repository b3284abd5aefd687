import { validateTaxProfile } from '../customers/tax-id.js';
import { DOCUMENT_TYPES, IVA_CONDITIONS, type IvaCondition, type TaxProfile } from '../customers/tax-profile.js';
import type { Money } from '../money/money.js';
import { ValidationError } from '../shared/errors.js';
import { type Invoice, VOUCHER_TYPES, type VoucherClass, type VoucherType } from './invoice.js';

export type VoucherKind = 'invoice' | 'debit-note' | 'credit-note';

/** What a voucher type is: an invoice (FACTURA_*), a credit note (NOTA_CREDITO_*) or a debit note (NOTA_DEBITO_*). */
export const voucherKindOf = (type: VoucherType): VoucherKind =>
  type.startsWith('NOTA_CREDITO') ? 'credit-note' : type.startsWith('NOTA_DEBITO') ? 'debit-note' : 'invoice';

/** The order's authorized invoice among its vouchers: the one its notes credit or debit; null when there is none. */
export const authorizedInvoiceOf = (vouchers: readonly Invoice[]): Invoice | null =>
  vouchers.find((voucher) => voucherKindOf(voucher.voucherType) === 'invoice' && voucher.status === 'authorized') ?? null;

/** Buyer conditions that receive a Factura A from a Responsable Inscripto (classes A, M, C in RG 5616). */
const CLASS_A_BUYERS: readonly IvaCondition[] = [
  'RESPONSABLE_INSCRIPTO',
  'MONOTRIBUTO',
  'MONOTRIBUTISTA_SOCIAL',
  'MONOTRIBUTO_TRABAJADOR_PROMOVIDO',
];
/** Issuers that never discriminate VAT: they always issue class C. */
const CLASS_C_ISSUERS: readonly IvaCondition[] = [
  'MONOTRIBUTO',
  'MONOTRIBUTISTA_SOCIAL',
  'MONOTRIBUTO_TRABAJADOR_PROMOVIDO',
  'SUJETO_EXENTO',
];

/**
 * Which letter to issue (arca.md "Which letter"). A Responsable Inscripto issues A to buyers
 * that are Responsable Inscripto or Monotributo (any kind) and B to everyone else, including an
 * unidentified consumidor final (`buyerCondition` null). Monotributistas and exentos always issue C.
 * Other issuer conditions cannot issue vouchers: `INVOICE.ISSUER_CONDITION_INVALID`.
 */
export const voucherClassFor = (issuerCondition: IvaCondition, buyerCondition: IvaCondition | null): VoucherClass => {
  if (issuerCondition === 'RESPONSABLE_INSCRIPTO') {
    return buyerCondition !== null && CLASS_A_BUYERS.includes(buyerCondition) ? 'A' : 'B';
  }
  if (CLASS_C_ISSUERS.includes(issuerCondition)) return 'C';
  throw new ValidationError('INVOICE.ISSUER_CONDITION_INVALID', `an issuer with IVA condition ${issuerCondition} cannot issue vouchers`, {
    issuerCondition,
  });
};

const assertClass = (voucherClass: VoucherClass): void => {
  if (voucherClass !== 'A' && voucherClass !== 'B' && voucherClass !== 'C') {
    throw new ValidationError('INVOICE.CLASS_INVALID', `voucher class must be A, B or C, got ${String(voucherClass)}`);
  }
};

/** FACTURA_A, FACTURA_B or FACTURA_C. */
export const invoiceTypeFor = (voucherClass: VoucherClass): VoucherType => {
  assertClass(voucherClass);
  return `FACTURA_${voucherClass}`;
};

/** NOTA_CREDITO_A, NOTA_CREDITO_B or NOTA_CREDITO_C. */
export const creditNoteTypeFor = (voucherClass: VoucherClass): VoucherType => {
  assertClass(voucherClass);
  return `NOTA_CREDITO_${voucherClass}`;
};

/** The letter of a voucher type, given by name (`FACTURA_B`) or by ARCA CbteTipo (6). */
export const voucherClassOf = (type: VoucherType | number): VoucherClass => {
  const name = typeof type === 'number' ? (Object.keys(VOUCHER_TYPES) as VoucherType[]).find((key) => VOUCHER_TYPES[key] === type) : type;
  const letter = name !== undefined && name in VOUCHER_TYPES ? name.slice(-1) : undefined;
  if (letter !== 'A' && letter !== 'B' && letter !== 'C') {
    throw new ValidationError('INVOICE.VOUCHER_TYPE_INVALID', `unknown voucher type ${String(type)}`, { type });
  }
  return letter;
};

/** The buyer fields of an ARCA voucher: DocTipo, DocNro, CondicionIVAReceptorId. */
export interface BuyerDocument {
  readonly docType: number;
  readonly docNumber: string;
  readonly ivaConditionId: number;
}

/**
 * How the buyer appears on a voucher of `total`. An unidentified consumidor final (null, or a
 * profile with document type OTHER and condition CONSUMIDOR_FINAL) is DocTipo 99, DocNro "0",
 * condition 5, allowed only while `total` is at or below `thresholdCents` (RG 5700/2025); above
 * it `INVOICE.BUYER_REQUIRED` is thrown. An identified buyer is validated (`validateTaxProfile`).
 */
export const buyerDocumentFor = (buyer: TaxProfile | null, total: Money, thresholdCents: number): BuyerDocument => {
  const anonymous = buyer === null || (buyer.documentType === 'OTHER' && buyer.ivaCondition === 'CONSUMIDOR_FINAL');
  if (anonymous) {
    if (total.amount > thresholdCents) {
      throw new ValidationError(
        'INVOICE.BUYER_REQUIRED',
        `a consumidor final must be identified on a voucher above ${thresholdCents} centavos (total ${total.amount})`,
        { total: total.amount, thresholdCents },
      );
    }
    return { docType: DOCUMENT_TYPES.OTHER, docNumber: '0', ivaConditionId: IVA_CONDITIONS.CONSUMIDOR_FINAL };
  }
  const profile = validateTaxProfile(buyer);
  return {
    docType: DOCUMENT_TYPES[profile.documentType],
    docNumber: profile.documentNumber,
    ivaConditionId: IVA_CONDITIONS[profile.ivaCondition],
  };
};

/** "PPPPP-NNNNNNNN": point of sale (1..99999) and voucher number (1..99999999), zero-padded. */
export const formatVoucherNumber = (pointOfSale: number, number: number): string => {
  if (!Number.isSafeInteger(pointOfSale) || pointOfSale < 1 || pointOfSale > 99_999) {
    throw new ValidationError('INVOICE.POINT_OF_SALE_INVALID', `point of sale must be an integer 1..99999, got ${pointOfSale}`);
  }
  if (!Number.isSafeInteger(number) || number < 1 || number > 99_999_999) {
    throw new ValidationError('INVOICE.NUMBER_INVALID', `voucher number must be an integer 1..99999999, got ${number}`);
  }
  return `${String(pointOfSale).padStart(5, '0')}-${String(number).padStart(8, '0')}`;
};
