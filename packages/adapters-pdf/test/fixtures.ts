import {
  DEFAULT_SHOP_SETTINGS,
  type Invoice,
  type InvoiceDocument,
  invoiceDocumentOf,
  type Locale,
  money,
  type Order,
  type VoucherType,
  voucherClassOf,
  voucherTotals,
} from '@mostrador/core';
import { anInvoice, anOrder, anOrderLine } from '@mostrador/testkit/mothers';

/** A shop's order with lines at 21 % and 10.5 %, one discounted. */
export const anInvoicedOrder = (): Order =>
  anOrder({
    number: 4321,
    status: 'invoiced',
    lines: [
      anOrderLine({
        sku: 'YER-1KG',
        name: 'Yerba mate 1 kg',
        translatedNames: { en: 'Yerba mate 1 kg' },
        quantity: 2,
        unitPrice: money(450_000),
        vatRate: 2100,
      }),
      anOrderLine({
        sku: 'AZU-1KG',
        name: 'Azúcar <común> & "refinada"',
        quantity: 3,
        unitPrice: money(125_050),
        unitDiscount: money(5_050),
        vatRate: 1050,
      }),
      anOrderLine({ sku: 'TER-01', name: 'Termo acero inoxidable 1 l', quantity: 1, unitPrice: money(3_999_999), vatRate: 2100 }),
    ],
  });

/** An authorized voucher of `order`, totals computed as issuance computes them. */
export const anAuthorizedVoucher = (order: Order, voucherType: VoucherType, overrides: Partial<Invoice> = {}): Invoice =>
  anInvoice({
    orderId: order.id,
    voucherType,
    pointOfSale: 3,
    number: 1234,
    issueDate: new Date('2025-03-10T15:00:00Z'),
    buyer:
      voucherClassOf(voucherType) === 'A'
        ? {
            documentType: 'CUIT',
            documentNumber: '30712345671',
            ivaCondition: 'RESPONSABLE_INSCRIPTO',
            legalName: 'Distribuidora Sur S.A.',
            address: 'Belgrano 456, Rosario',
          }
        : null,
    totals: voucherTotals(order.lines, voucherClassOf(voucherType)),
    status: 'authorized',
    cae: '75123456789012',
    caeDueDate: new Date('2025-03-20T03:00:00Z'),
    ...overrides,
  });

export const SETTINGS = {
  ...DEFAULT_SHOP_SETTINGS,
  shopName: 'Almacén Don Ramón',
  issuer: { ...DEFAULT_SHOP_SETTINGS.issuer, legalName: 'Ramón Pérez', grossIncome: '901-123456-7', activityStart: '2019-04-01' },
};

export const invoiceDocument = (
  voucherType: VoucherType,
  locale: Locale = 'es',
  overrides: Partial<Invoice> = {},
): { doc: InvoiceDocument; voucher: Invoice } => {
  const order = anInvoicedOrder();
  const voucher = anAuthorizedVoucher(order, voucherType, overrides);
  return { doc: invoiceDocumentOf(voucher, order, SETTINGS, locale), voucher };
};
