import { ARCA_QR_BASE_URL, DOCUMENT_TYPES, formatMoney, invoiceDocumentOf, money, VOUCHER_TYPES, voucherTotals } from '@mostrador/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WeasyPrintRenderer } from '../src/index.js';
import { anAuthorizedVoucher, anInvoicedOrder, invoiceDocument, SETTINGS } from './fixtures.js';
import { decodeQrCodes, pdfText } from './pdf-tools.js';

const renderer = new WeasyPrintRenderer({
  mode: 'auto',
  concurrency: 1,
  maxQueue: 16,
  timeoutMs: 60_000,
  python: '/usr/bin/python3',
  command: 'weasyprint',
  assets: { logo: null },
});

beforeAll(() => renderer.start(), 60_000);
afterAll(() => renderer.stop());

/** What the QR's URL carries: ARCA's base URL + base64 of the payload's JSON. */
const payloadOf = (url: string): Record<string, unknown> => {
  expect(url.startsWith(ARCA_QR_BASE_URL)).toBe(true);
  return JSON.parse(Buffer.from(url.slice(ARCA_QR_BASE_URL.length), 'base64').toString('utf8')) as Record<string, unknown>;
};

describe('invoice PDF (WeasyPrint)', () => {
  it('draws the RG 4892 QR: rasterized and decoded, every JSON field matches the voucher (factura A, identified buyer)', async () => {
    const { doc, voucher } = invoiceDocument('FACTURA_A');
    const pdf = await renderer.renderInvoice(doc);
    const codes = await decodeQrCodes(pdf);
    expect(codes).toHaveLength(1);
    const payload = payloadOf(codes[0] as string);
    expect(payload).toEqual({
      ver: 1,
      fecha: '2025-03-10',
      cuit: Number(voucher.issuerCuit),
      ptoVta: voucher.pointOfSale,
      tipoCmp: VOUCHER_TYPES[voucher.voucherType],
      nroCmp: voucher.number,
      importe: voucher.totals.total.amount / 100,
      moneda: 'PES',
      ctz: 1,
      tipoDocRec: DOCUMENT_TYPES.CUIT,
      nroDocRec: Number(voucher.buyer?.documentNumber),
      tipoCodAut: 'E',
      codAut: Number(voucher.cae),
    });
    // Key order is ARCA's.
    expect(Object.keys(payload)).toEqual([
      'ver',
      'fecha',
      'cuit',
      'ptoVta',
      'tipoCmp',
      'nroCmp',
      'importe',
      'moneda',
      'ctz',
      'tipoDocRec',
      'nroDocRec',
      'tipoCodAut',
      'codAut',
    ]);
  }, 60_000);

  it('prints what arca.md §4 lists: letter and code, number, dates, issuer, buyer, lines, VAT per rate, total, CAE and its due date', async () => {
    const { doc, voucher } = invoiceDocument('FACTURA_A');
    const text = await pdfText(await renderer.renderInvoice(doc));
    for (const expected of [
      'FACTURA',
      'COD. 01',
      '00003-00001234',
      'Fecha de emisión',
      '10/03/2025',
      'Ramón Pérez',
      '20-11111111-2',
      '901-123456-7',
      '01/04/2019',
      'Distribuidora Sur S.A.',
      '30-71234567-1',
      'Yerba mate 1 kg',
      'Azúcar <común> & "refinada"',
      'Importe neto gravado',
      'IVA 21 %',
      'IVA 10,5 %',
      formatMoney(voucher.totals.total, 'es'),
      formatMoney(voucher.totals.net, 'es'),
      'CAE N°: 75123456789012',
      'Fecha de Vto. de CAE: 20/03/2025',
      'Almacén Don Ramón',
    ]) {
      expect(text).toContain(expected);
    }
    for (const vat of voucher.totals.vatBreakdown) expect(text).toContain(formatMoney(vat.amount, 'es'));
    // The letter in its box, on the line above its code.
    const lines = text.split('\n');
    expect(lines[lines.findIndex((line) => line.includes('COD. 01')) - 1]?.trimEnd().endsWith('A')).toBe(true);
  }, 60_000);

  it('a factura B to a consumidor final shows the VAT contained (Ley 27.743) and a QR without buyer fields', async () => {
    const { doc, voucher } = invoiceDocument('FACTURA_B');
    const pdf = await renderer.renderInvoice(doc);
    const text = await pdfText(pdf);
    expect(text).toContain('COD. 06');
    expect(text).toContain('Consumidor Final');
    expect(text).toContain('Ley 27.743');
    expect(text).toContain(`IVA contenido: ${formatMoney(voucher.totals.vat, 'es')}`);
    const payload = payloadOf((await decodeQrCodes(pdf))[0] as string);
    expect(payload).toMatchObject({ tipoCmp: 6, importe: voucher.totals.total.amount / 100, codAut: 75123456789012 });
    expect(payload).not.toHaveProperty('tipoDocRec');
    expect(payload).not.toHaveProperty('nroDocRec');
  }, 60_000);

  it('a credit note in English: its own title, code and QR voucher type', async () => {
    const { doc } = invoiceDocument('NOTA_CREDITO_B', 'en', { number: 77 });
    const pdf = await renderer.renderInvoice(doc);
    const text = await pdfText(pdf);
    expect(text).toContain('CREDIT NOTE');
    expect(text).toContain('CODE 08');
    expect(text).toContain('00003-00000077');
    expect(text).toContain('CAE due date: 2025-03-20');
    expect(payloadOf((await decodeQrCodes(pdf))[0] as string)).toMatchObject({ tipoCmp: 8, nroCmp: 77 });
  }, 60_000);

  it('a partial credit note A names the invoice it credits and lists the credited amount per VAT rate', async () => {
    const order = anInvoicedOrder();
    const invoice = anAuthorizedVoucher(order, 'FACTURA_A');
    // $121.00 at 21 % and $110.50 at 10.5 % credited of a far larger invoice.
    const note = anAuthorizedVoucher(order, 'NOTA_CREDITO_A', {
      number: 12,
      cae: '75123456789099',
      totals: voucherTotals(
        [
          { total: money(12_100), vatRate: 2100 },
          { total: money(11_050), vatRate: 1050 },
        ],
        'A',
      ),
    });
    const doc = invoiceDocumentOf(note, order, SETTINGS, 'es', invoice);
    expect(doc.voucher.associated).toMatchObject({ number: '00003-00001234', letter: 'A', code: 1 });
    const pdf = await renderer.renderInvoice(doc);
    const text = await pdfText(pdf);
    expect(text).toContain('NOTA DE CRÉDITO');
    expect(text).toContain('COD. 03');
    expect(text).toMatch(/Comprobante asociado\s+FACTURA A 00003-00001234/);
    // Net per rate on an A: $100.00 at 21 % and $100.00 at 10.5 %, the products of the order not listed.
    expect(text.match(/Devolución parcial/g)).toHaveLength(2);
    expect(text).not.toContain('Yerba mate');
    expect(text).toMatch(/Total\s+\$ 231,50/);
    expect(payloadOf((await decodeQrCodes(pdf))[0] as string)).toMatchObject({ tipoCmp: 3, nroCmp: 12, importe: 231.5 });
  }, 60_000);
});
