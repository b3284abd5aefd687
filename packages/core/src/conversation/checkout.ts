import { toE164 } from '../customers/phone.js';
import { isValidCuit, isValidDni, normalizeCuit, validateTaxProfile } from '../customers/tax-id.js';
import type { IvaCondition, TaxProfile } from '../customers/tax-profile.js';
import { voucherClassFor } from '../invoicing/voucher-rules.js';
import type { ContactDetails, DeliveryDetails } from '../ordering/order.js';
import type { Catalog } from './i18n/catalogs.js';
import type { CheckoutAnswer, CheckoutDraft, CheckoutStep, CheckoutTaxProfile, InvoiceKind, PendingQuestion } from './state.js';

/*
 * The checkout as data: answers fill a draft, and the next step is the first question the draft
 * has not answered yet — so going back to change one answer returns straight to the summary.
 */

/** IVA conditions offered as buttons for each kind of invoice. */
export const IVA_OPTIONS: Readonly<Record<Exclude<InvoiceKind, 'final'>, readonly IvaCondition[]>> = {
  A: ['RESPONSABLE_INSCRIPTO', 'MONOTRIBUTO'],
  identified: ['CONSUMIDOR_FINAL', 'SUJETO_EXENTO', 'MONOTRIBUTO', 'RESPONSABLE_INSCRIPTO'],
};

export const nextCheckoutStep = (draft: CheckoutDraft): CheckoutStep => {
  if (draft.name === null) return 'name';
  if (draft.phone === null) return 'phone';
  if (draft.delivery === null) return 'delivery';
  if (draft.delivery === 'shipping' && draft.address === null) return 'address';
  if (draft.invoice === null) return 'invoice';
  if (draft.invoice !== 'final') {
    if (draft.documentNumber === null) return 'tax-id';
    if (draft.ivaCondition === null) return 'iva';
    if (draft.legalName === null) return 'legal-name';
    if (draft.taxAddress === null) return 'tax-address';
  }
  return 'confirm';
};

const TAX_FIELDS_CLEARED = { documentType: null, documentNumber: null, ivaCondition: null, legalName: null, taxAddress: null } as const;

/** Records an answer (already valid). Changing the kind of invoice forgets the tax data given for the other kind. */
export const applyCheckoutAnswer = (draft: CheckoutDraft, answer: CheckoutAnswer): CheckoutDraft => {
  switch (answer.field) {
    case 'name':
      return { ...draft, name: answer.value };
    case 'phone':
      return { ...draft, phone: answer.value };
    case 'delivery':
      return { ...draft, delivery: answer.value, address: answer.value === 'pickup' ? null : draft.address };
    case 'address':
      return { ...draft, address: answer.value };
    case 'invoice':
      return answer.value === draft.invoice ? draft : { ...draft, invoice: answer.value, ...TAX_FIELDS_CLEARED };
    case 'iva':
      return { ...draft, ivaCondition: answer.value };
    case 'legal-name':
      return { ...draft, legalName: answer.value };
    case 'tax-address':
      return { ...draft, taxAddress: answer.value };
    case 'tax-id': {
      const { documentType, documentNumber } = answer.value;
      if (documentType === draft.documentType && documentNumber === draft.documentNumber) return draft;
      // A DNI means a consumidor final; a CUIT needs the IVA question.
      return { ...draft, documentType, documentNumber, ivaCondition: documentType === 'DNI' ? 'CONSUMIDOR_FINAL' : null };
    }
    case 'tax-profile': {
      const profile = answer.value;
      return {
        ...draft,
        documentType: profile.documentType,
        documentNumber: profile.documentNumber,
        ivaCondition: profile.ivaCondition,
        legalName: profile.legalName,
        // A profile saved without an address (through the staff API) still gets the question.
        taxAddress: profile.address.trim() === '' ? null : profile.address,
      };
    }
  }
};

/**
 * The customer's saved tax profile, when the checkout may offer it for `invoice` as one tap: it
 * still passes core's validation (`validateTaxProfile`: the CUIT's check digit, a CUIT for the
 * conditions that need one, a legal name), it is a CUIT or a DNI, and its IVA condition is one the
 * invoice's question offers — a DNI only for "Factura con mis datos" as a consumidor final, and
 * for invoice A only a buyer the issuer gives a Factura A (`voucherClassFor`). Null otherwise.
 */
export const reusableTaxProfile = (
  saved: TaxProfile | null,
  invoice: InvoiceKind | null,
  issuerCondition: IvaCondition,
): CheckoutTaxProfile | null => {
  if (saved === null || invoice === null || invoice === 'final') return null;
  let profile: TaxProfile;
  try {
    profile = validateTaxProfile(saved);
  } catch {
    return null;
  }
  const { documentType, ivaCondition } = profile;
  if (documentType !== 'CUIT' && documentType !== 'DNI') return null;
  if (!IVA_OPTIONS[invoice].includes(ivaCondition)) return null;
  if (documentType === 'DNI' && (invoice !== 'identified' || ivaCondition !== 'CONSUMIDOR_FINAL')) return null;
  if (invoice === 'A') {
    if (documentType !== 'CUIT') return null;
    try {
      if (voucherClassFor(issuerCondition, ivaCondition) !== 'A') return null;
    } catch {
      return null;
    }
  }
  return { documentType, documentNumber: profile.documentNumber, ivaCondition, legalName: profile.legalName, address: profile.address };
};

export type ParsedAnswer = { readonly ok: true; readonly draft: CheckoutDraft } | { readonly ok: false; readonly error: string };

const collapse = (text: string): string => text.trim().replace(/\s+/g, ' ');

/** A phone as typed (or, with `shared`, as a channel's contact card carries it), in E.164 (`toE164`). */
export const normalizePhone = (text: string, origin: 'typed' | 'shared' = 'typed'): string | null => toE164(text, { origin });

/**
 * Whether a typed address can be one: at least two words, one of them a street number (or
 * "s/n", sin número). "Calle" or "Mitre" alone are not addresses.
 */
export const isPlausibleAddress = (text: string): boolean => {
  const words = collapse(text)
    .split(' ')
    .filter((word) => /[\p{L}\p{N}]/u.test(word));
  return words.length >= 2 && (/\d/.test(text) || /\bs\/?n\b/i.test(text));
};

const textAnswer = (text: string, min: number, max: number): string | null => {
  const value = collapse(text);
  return value.length >= min && value.length <= max ? value : null;
};

/**
 * Validates a typed answer to `question` and records it. A CUIT or DNI answer also sets the
 * document type; a DNI means a consumidor final, so the IVA question is skipped.
 */
export const answerCheckoutQuestion = (draft: CheckoutDraft, question: PendingQuestion, text: string, t: Catalog): ParsedAnswer => {
  const fail = (error: string): ParsedAnswer => ({ ok: false, error });
  const set = (answer: CheckoutAnswer): ParsedAnswer => ({ ok: true, draft: applyCheckoutAnswer(draft, answer) });
  switch (question) {
    case 'name': {
      const value = textAnswer(text, 2, 80);
      return value ? set({ field: 'name', value }) : fail(t.checkout.invalidName);
    }
    case 'phone': {
      const value = normalizePhone(text);
      return value ? set({ field: 'phone', value }) : fail(t.checkout.invalidPhone);
    }
    case 'address': {
      const value = textAnswer(text, 5, 200);
      if (value && !isPlausibleAddress(value)) return fail(t.flows.invalidDeliveryAddress);
      return value ? set({ field: 'address', value }) : fail(t.checkout.invalidAddress);
    }
    case 'legal-name': {
      const value = textAnswer(text, 2, 120);
      return value ? set({ field: 'legal-name', value }) : fail(t.checkout.invalidName);
    }
    case 'tax-address': {
      const value = textAnswer(text, 5, 200);
      if (value && !isPlausibleAddress(value)) return fail(t.flows.invalidTaxAddress);
      return value ? set({ field: 'tax-address', value }) : fail(t.checkout.invalidAddress);
    }
    case 'tax-id': {
      const typed = text.trim();
      if (isValidCuit(typed)) {
        // A DNI answered before implied consumidor final; a CUIT needs the question asked.
        const ivaCondition = draft.documentType === 'CUIT' ? draft.ivaCondition : null;
        return { ok: true, draft: { ...draft, documentType: 'CUIT', documentNumber: normalizeCuit(typed), ivaCondition } };
      }
      if (draft.invoice === 'identified' && isValidDni(typed)) {
        return {
          ok: true,
          draft: { ...draft, documentType: 'DNI', documentNumber: typed.replace(/\D/g, ''), ivaCondition: 'CONSUMIDOR_FINAL' },
        };
      }
      return fail(draft.invoice === 'A' ? t.checkout.invalidCuit : t.checkout.invalidTaxId);
    }
    case 'search':
    case 'campaign-text':
    case 'order-search':
    case 'cancel-reason':
    case 'customer-note':
    case 'stock-delta':
      return fail(t.errors.generic);
  }
};

/** "20-12345678-6" for a CUIT, "DNI 12345678" for a DNI. */
export const describeDocument = (draft: { readonly documentType: string | null; readonly documentNumber: string | null }): string => {
  const number = draft.documentNumber ?? '';
  if (draft.documentType === 'CUIT' && number.length === 11) return `CUIT ${number.slice(0, 2)}-${number.slice(2, 10)}-${number.slice(10)}`;
  return `${draft.documentType ?? ''} ${number}`.trim();
};

export interface OrderDetailsFromDraft {
  readonly contact: ContactDetails;
  readonly delivery: DeliveryDetails;
  readonly billing: TaxProfile | null;
}

/** What the place-order use case needs, or null while a question is unanswered. */
export const orderDetailsFrom = (draft: CheckoutDraft): OrderDetailsFromDraft | null => {
  if (nextCheckoutStep(draft) !== 'confirm' || draft.name === null || draft.phone === null || draft.delivery === null) return null;
  const billing: TaxProfile | null =
    draft.invoice === 'final' || draft.invoice === null
      ? null
      : {
          documentType: draft.documentType ?? 'CUIT',
          documentNumber: draft.documentNumber ?? '',
          ivaCondition: draft.ivaCondition ?? 'CONSUMIDOR_FINAL',
          legalName: draft.legalName ?? '',
          address: draft.taxAddress ?? '',
        };
  return {
    contact: { name: draft.name, phone: draft.phone },
    delivery: { method: draft.delivery, address: draft.delivery === 'shipping' ? draft.address : null },
    billing,
  };
};
