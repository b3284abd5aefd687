import {
  DEFAULT_SHOP_SETTINGS,
  type DocumentRenderer,
  formatMoney,
  invoiceDocumentOf,
  type Locale,
  money,
  type ReportDocument,
  voucherTotals,
} from '@mostrador/core';
import { describe, expect, it } from 'vitest';
import { anInvoice, anOrder, anOrderLine } from '../mothers/index.js';

export interface DocumentRendererCapabilities {
  /** Shown in the suite title. */
  readonly name?: string;
  /**
   * The text of a rendered PDF (e.g. poppler's pdftotext), to check what the documents say. Without
   * it only the PDF structure is checked.
   */
  readonly textOf?: (pdf: Uint8Array) => Promise<string>;
  /** Per test; real renderers take a while on a busy machine. Default 60 s. */
  readonly timeoutMs?: number;
}

const HOSTILE = '</td></tr></table><script>alert(1)</script> & "quoted"';

const isPdf = (bytes: Uint8Array): boolean => {
  const text = new TextDecoder('latin1').decode(bytes);
  return text.startsWith('%PDF-') && text.trimEnd().endsWith('%%EOF');
};

const invoiceFor = (locale: Locale, number: number, productName = 'Yerba mate 1 kg') => {
  const order = anOrder({
    lines: [
      anOrderLine({ sku: 'YER-1', name: productName, quantity: 2, unitPrice: money(450_000) }),
      anOrderLine({ sku: 'AZU-1', quantity: 1, unitPrice: money(120_000), vatRate: 1050 }),
    ],
  });
  const voucher = anInvoice({
    orderId: order.id,
    voucherType: 'FACTURA_B',
    number,
    totals: voucherTotals(order.lines, 'B'),
    status: 'authorized',
    cae: '71234567890123',
    caeDueDate: new Date('2025-03-20T03:00:00Z'),
  });
  return invoiceDocumentOf(voucher, order, { ...DEFAULT_SHOP_SETTINGS, shopName: 'Kiosco Contrato' }, locale);
};

const PERIOD = { from: new Date('2025-03-01T03:00:00Z'), to: new Date('2025-04-01T03:00:00Z') };
const figures = (orders: number, units: number, net: number, total: number) => ({
  orders,
  units,
  net: money(net),
  vat: money(total - net),
  total: money(total),
});

/** One report document of each kind, with rows (one named with markup) or empty. */
const reports = (locale: Locale, empty: boolean): ReportDocument[] => {
  const base = { locale, shop: 'Kiosco Contrato', generatedAt: new Date('2025-04-01T15:00:00Z') };
  const sales = figures(3, 7, 1_000_000, 1_210_000);
  const zero = figures(0, 0, 0, 0);
  return [
    {
      ...base,
      period: PERIOD,
      report: {
        name: 'sales-by-day',
        rows: empty
          ? []
          : [
              { period: '2025-03-02', ...figures(1, 2, 400_000, 484_000) },
              { period: '2025-03-09', ...figures(2, 5, 600_000, 726_000) },
            ],
        totals: empty ? zero : sales,
      },
    },
    {
      ...base,
      period: PERIOD,
      report: { name: 'sales-by-month', rows: empty ? [] : [{ period: '2025-03', ...sales }], totals: empty ? zero : sales },
    },
    {
      ...base,
      period: PERIOD,
      report: {
        name: 'sales-by-product',
        rows: empty ? [] : [{ productId: 'p1', sku: 'P-1', name: HOSTILE, categoryId: null, category: null, ...sales }],
        totals: empty ? zero : sales,
      },
    },
    {
      ...base,
      period: PERIOD,
      report: {
        name: 'sales-by-category',
        rows: empty ? [] : [{ categoryId: 'c1', category: 'Bebidas', ...sales }],
        totals: empty ? zero : sales,
      },
    },
    {
      ...base,
      period: null,
      report: {
        name: 'inventory',
        rows: empty
          ? []
          : [
              {
                productId: 'p1',
                sku: 'P-1',
                name: 'Yerba',
                categoryId: null,
                category: null,
                stockOnHand: 3,
                reserved: 1,
                available: 2,
                unitPrice: money(121_000),
                valuation: money(363_000),
                lowStock: true,
              },
            ],
        totals: { products: empty ? 0 : 1, units: empty ? 0 : 3, valuation: money(empty ? 0 : 363_000), lowStock: empty ? 0 : 1 },
        lowStockThreshold: 5,
      },
    },
    {
      ...base,
      period: PERIOD,
      report: {
        name: 'orders-by-status',
        rows: empty ? [] : [{ status: 'paid', orders: 3, total: money(1_210_000) }],
        totals: { orders: empty ? 0 : 3, total: money(empty ? 0 : 1_210_000) },
      },
    },
  ];
};

/**
 * The `DocumentRenderer` contract (ports/services.ts): a PDF for every invoice and report it is
 * given, in both languages, with or without rows; text from the data printed as text (never
 * markup); concurrent renders each get their own document.
 */
export function documentRendererContract(factory: () => Promise<DocumentRenderer>, capabilities: DocumentRendererCapabilities = {}): void {
  const timeout = capabilities.timeoutMs ?? 60_000;
  const textOf = capabilities.textOf;
  describe(`DocumentRenderer contract${capabilities.name ? ` (${capabilities.name})` : ''}`, () => {
    it(
      'renders an authorized invoice to a PDF showing its number, CAE and total',
      async () => {
        const renderer = await factory();
        const doc = invoiceFor('es', 42);
        const pdf = await renderer.renderInvoice(doc);
        expect(isPdf(pdf)).toBe(true);
        if (textOf) {
          const text = await textOf(pdf);
          expect(text).toContain('00001-00000042');
          expect(text).toContain('71234567890123');
          expect(text).toContain(formatMoney(doc.totals.total, 'es'));
          expect(text).toContain('Kiosco Contrato');
        }
      },
      timeout,
    );

    for (const locale of ['es', 'en'] as const) {
      it(
        `renders every report (${locale}), with rows and empty, with its totals`,
        async () => {
          const renderer = await factory();
          for (const empty of [false, true]) {
            for (const report of reports(locale, empty)) {
              const pdf = await renderer.renderReport(report);
              expect(isPdf(pdf), `${report.report.name} ${empty ? 'empty' : 'with rows'}`).toBe(true);
              if (textOf && !empty) {
                const text = await textOf(pdf);
                const total = 'valuation' in report.report.totals ? report.report.totals.valuation : report.report.totals.total;
                expect(text, report.report.name).toContain(formatMoney(total, locale));
              }
            }
          }
        },
        timeout * 2,
      );
    }

    it(
      'prints text from the data as text: markup in a name is neither run nor lost',
      async () => {
        const renderer = await factory();
        const invoice = await renderer.renderInvoice(invoiceFor('en', 7, HOSTILE));
        expect(isPdf(invoice)).toBe(true);
        const report = await renderer.renderReport(reports('es', false)[2] as ReportDocument);
        if (textOf) {
          // Narrow columns wrap long names: look for the pieces.
          for (const text of [await textOf(invoice), await textOf(report)]) {
            for (const piece of ['</td>', '<script>', 'alert(1)', '& "quoted"']) expect(text).toContain(piece);
          }
        }
      },
      timeout,
    );

    it(
      'renders concurrent requests, each into its own document',
      async () => {
        const renderer = await factory();
        const numbers = [101, 102, 103, 104, 105];
        const pdfs = await Promise.all(numbers.map((n) => renderer.renderInvoice(invoiceFor('es', n))));
        for (const [i, pdf] of pdfs.entries()) {
          expect(isPdf(pdf)).toBe(true);
          if (textOf) expect(await textOf(pdf)).toContain(`00001-00000${numbers[i]}`);
        }
      },
      timeout * 2,
    );
  });
}
