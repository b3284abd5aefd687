import type { ShopSettings } from '../application/settings.js';
import type { DocumentType, IvaCondition } from '../customers/tax-profile.js';
import { type Money, money, subtract } from '../money/money.js';
import { netFromGross } from '../money/tax.js';
import type { VatRate } from '../money/vat.js';
import type { Order } from '../ordering/order.js';
import { argentinaDay } from '../shared/argentina-time.js';
import { ConflictError } from '../shared/errors.js';
import type { Locale } from '../shared/types.js';
import { type Invoice, VOUCHER_TYPES, type VoucherClass, type VoucherTotals, type VoucherType } from './invoice.js';
import { type ArcaQrPayload, arcaQrPayload, arcaQrUrl } from './qr.js';
import { buyerDocumentFor, formatVoucherNumber, type VoucherKind, voucherClassOf, voucherKindOf } from './voucher-rules.js';

export interface InvoiceDocumentLine {
  readonly sku: string;
  /** In the document's language when the order kept that translation. */
  readonly name: string;
  readonly quantity: number;
  /** Unit price after discount: net of VAT on class A, VAT included on B and C. */
  readonly unitPrice: Money;
  readonly vatRate: VatRate;
  /** Net of VAT on class A, VAT included on B and C. */
  readonly total: Money;
  /**
   * `refund`: a line of a credit note for part of an invoice — the credited amount at one VAT rate
   * (no product: `sku` and `name` are empty; the renderer words it). Absent on product lines.
   */
  readonly kind?: 'refund';
}

/** The voucher a credit (or debit) note refers to (ARCA's CbtesAsoc), printed on the note. */
export interface AssociatedVoucher {
  readonly type: VoucherType;
  readonly code: number;
  readonly letter: VoucherClass;
  readonly kind: VoucherKind;
  /** `PPPPP-NNNNNNNN`. */
  readonly number: string;
  readonly issueDate: string;
}

/**
 * A voucher as data, what `DocumentRenderer.renderInvoice` receives (arca.md §4: letter and code,
 * number, dates, issuer and buyer, lines, totals with the VAT breakdown for A, CAE and its due
 * date, the RG 4892 QR). Dates are calendar days (`YYYY-MM-DD`) as ARCA dates vouchers.
 */
export interface InvoiceDocument {
  readonly locale: Locale;
  readonly shop: { readonly name: string };
  readonly issuer: {
    readonly legalName: string;
    readonly cuit: string;
    readonly address: string;
    readonly ivaCondition: IvaCondition;
    /** Ingresos Brutos registration; the CUIT when the shop has not set another. */
    readonly grossIncome: string;
    /** Start of activities, `YYYY-MM-DD`; null when not configured. */
    readonly activityStart: string | null;
  };
  readonly voucher: {
    readonly type: VoucherType;
    /** ARCA CbteTipo, printed as "COD. 01". */
    readonly code: number;
    readonly letter: VoucherClass;
    readonly kind: VoucherKind;
    /** `PPPPP-NNNNNNNN`. */
    readonly number: string;
    readonly issueDate: string;
    readonly cae: string;
    readonly caeDueDate: string;
    /** On a credit note: the invoice it credits; null on an invoice. */
    readonly associated: AssociatedVoucher | null;
  };
  /** null: an unidentified consumidor final. */
  readonly buyer: {
    readonly name: string;
    readonly address: string;
    readonly ivaCondition: IvaCondition;
    readonly documentType: DocumentType;
    readonly documentNumber: string;
  } | null;
  readonly orderNumber: number;
  readonly lines: readonly InvoiceDocumentLine[];
  /** False on class A: lines are net and VAT is discriminated in `totals.vatBreakdown`. */
  readonly pricesIncludeVat: boolean;
  readonly totals: VoucherTotals;
  /** VAT contained in the prices of a B to a consumidor final (Ley 27.743); null otherwise. */
  readonly vatContained: Money | null;
  readonly qr: { readonly url: string; readonly payload: ArcaQrPayload };
}

/**
 * The lines of a credit note for part of an invoice: one per VAT rate of its breakdown (net on A,
 * VAT included on B), or one line for the whole on C; a leftover centavo of ImpTotConc is added to
 * the first line on B and C so the lines add up to the total.
 */
const refundLines = (invoice: Invoice, order: Order, pricesIncludeVat: boolean): InvoiceDocumentLine[] => {
  const { totals } = invoice;
  const line = (vatRate: VatRate, total: Money): InvoiceDocumentLine => ({
    sku: '',
    name: '',
    quantity: 1,
    unitPrice: total,
    vatRate,
    total,
    kind: 'refund',
  });
  if (totals.vatBreakdown.length === 0) return [line(order.lines[0]?.vatRate ?? 0, totals.total)];
  return totals.vatBreakdown.map((vat, index) => {
    const extra = pricesIncludeVat && index === 0 ? totals.nonTaxed.amount : 0;
    const amount = pricesIncludeVat ? vat.base.amount + vat.amount.amount + extra : vat.base.amount;
    return line(vat.rate, money(amount, totals.total.currency));
  });
};

/**
 * The printable voucher of an authorized invoice of `order`. Throws ConflictError
 * `INVOICE.NOT_AUTHORIZED` for a voucher without a CAE (pending or rejected): it has no legal
 * existence to print. A credit note names `associated` (the invoice it credits); one for part of
 * the invoice lists the credited amount per VAT rate instead of the order's products.
 */
export const invoiceDocumentOf = (
  invoice: Invoice,
  order: Order,
  settings: ShopSettings,
  locale: Locale,
  associated: Invoice | null = null,
): InvoiceDocument => {
  if (invoice.status !== 'authorized' || invoice.cae === null || invoice.caeDueDate === null) {
    throw new ConflictError('INVOICE.NOT_AUTHORIZED', `voucher ${invoice.id} has no CAE (status ${invoice.status})`, {
      invoiceId: invoice.id,
      status: invoice.status,
    });
  }
  const letter = voucherClassOf(invoice.voucherType);
  const pricesIncludeVat = letter !== 'A';
  const buyerDocument = buyerDocumentFor(invoice.buyer, invoice.totals.total, Number.MAX_SAFE_INTEGER);
  const payload = arcaQrPayload({
    issueDate: invoice.issueDate,
    issuerCuit: invoice.issuerCuit,
    pointOfSale: invoice.pointOfSale,
    voucherType: invoice.voucherType,
    number: invoice.number,
    total: invoice.totals.total,
    buyer: { docType: buyerDocument.docType, docNumber: buyerDocument.docNumber },
    cae: invoice.cae,
  });
  const anonymous = buyerDocument.docType === 99;
  const orderGross = order.lines.reduce((all, line) => all + line.total.amount, 0);
  const partial = voucherKindOf(invoice.voucherType) !== 'invoice' && invoice.totals.total.amount !== orderGross;
  const productLines = order.lines.map((line): InvoiceDocumentLine => {
    const unit = subtract(line.unitPrice, line.unitDiscount);
    return {
      sku: line.sku,
      name: line.translatedNames?.[locale] ?? line.name,
      quantity: line.quantity,
      unitPrice: pricesIncludeVat ? unit : netFromGross(unit, line.vatRate),
      vatRate: line.vatRate,
      total: pricesIncludeVat ? line.total : netFromGross(line.total, line.vatRate),
    };
  });
  const lines = partial ? refundLines(invoice, order, pricesIncludeVat) : productLines;
  return {
    locale,
    shop: { name: settings.shopName },
    issuer: {
      legalName: settings.issuer.legalName,
      cuit: invoice.issuerCuit,
      address: settings.issuer.address,
      ivaCondition: settings.issuer.ivaCondition,
      grossIncome: settings.issuer.grossIncome ?? invoice.issuerCuit,
      activityStart: settings.issuer.activityStart ?? null,
    },
    voucher: {
      type: invoice.voucherType,
      code: VOUCHER_TYPES[invoice.voucherType],
      letter,
      kind: voucherKindOf(invoice.voucherType),
      number: formatVoucherNumber(invoice.pointOfSale, invoice.number),
      issueDate: payload.fecha,
      cae: invoice.cae,
      caeDueDate: argentinaDay(invoice.caeDueDate),
      associated:
        associated && voucherKindOf(invoice.voucherType) !== 'invoice'
          ? {
              type: associated.voucherType,
              code: VOUCHER_TYPES[associated.voucherType],
              letter: voucherClassOf(associated.voucherType),
              kind: voucherKindOf(associated.voucherType),
              number: formatVoucherNumber(associated.pointOfSale, associated.number),
              issueDate: argentinaDay(associated.issueDate),
            }
          : null,
    },
    buyer:
      anonymous || invoice.buyer === null
        ? null
        : {
            name: invoice.buyer.legalName,
            address: invoice.buyer.address,
            ivaCondition: invoice.buyer.ivaCondition,
            documentType: invoice.buyer.documentType,
            documentNumber: invoice.buyer.documentNumber,
          },
    orderNumber: order.number,
    lines,
    pricesIncludeVat,
    totals: invoice.totals,
    vatContained:
      letter === 'B' && (invoice.buyer === null || invoice.buyer.ivaCondition === 'CONSUMIDOR_FINAL')
        ? money(invoice.totals.vat.amount, invoice.totals.vat.currency)
        : null,
    qr: { url: arcaQrUrl(payload), payload },
  };
};
