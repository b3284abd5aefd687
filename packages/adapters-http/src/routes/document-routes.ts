import { Readable } from 'node:stream';
import { AdapterError, type DocumentRenderer, type InvoiceDocument } from '@mostrador/core';
import { z } from 'zod';
import { csvLine } from '../csv/csv.js';
import { Id, IdParams } from '../presenters/common.js';
import { CSV_COLUMNS, csvCells, periodOfDays, ReportDto, ReportParams, ReportQuery, toReportDto } from '../presenters/reports.js';
import type { ApiRoutes } from '../routing/api-routes.js';
import type { RouteDeps } from './route-deps.js';

const InvoicePdfQuery = z.strictObject({
  voucher: Id.optional().describe(
    'The id of one voucher of the order (an invoice or a credit note); default: its latest authorized invoice',
  ),
  lang: z.enum(['es', 'en']).default('es').describe('Language of the labels'),
});

const rendererOf = (renderer: DocumentRenderer | null): DocumentRenderer => {
  if (!renderer) throw new AdapterError('DOCUMENT.RENDERER_UNAVAILABLE', 'no document renderer is configured', true);
  return renderer;
};

const fileNameOf = (doc: InvoiceDocument): string =>
  `${doc.voucher.kind === 'invoice' ? 'factura' : doc.voucher.kind === 'credit-note' ? 'nota-credito' : 'nota-debito'}-${doc.voucher.letter}-${doc.voucher.number}.pdf`;

/** Documents: vouchers as PDF, reports as JSON, CSV (streamed) or PDF. */
export function documentRoutes(routes: ApiRoutes, { useCases, renderer }: RouteDeps): void {
  routes.add({
    method: 'GET',
    url: '/api/v1/orders/:id/invoice.pdf',
    access: 'read',
    summary: 'The order’s voucher as PDF (with the RG 4892 QR)',
    description:
      'The latest authorized invoice of the order, or the voucher named by `voucher`. 404 `INVOICE.NOT_FOUND` when the order has none; 409 `INVOICE.NOT_AUTHORIZED` for a voucher without a CAE; 503 `DOCUMENT.RENDERER_UNAVAILABLE` without a renderer.',
    tags: ['orders', 'documents'],
    params: IdParams,
    query: InvoicePdfQuery,
    responses: { 200: { description: 'The voucher', contentType: 'application/pdf' } },
    handler: async ({ actor, params, query, reply }) => {
      const doc = await useCases.documents.invoice(actor, params.id, {
        locale: query.lang,
        ...(query.voucher ? { invoiceId: query.voucher } : {}),
      });
      const pdf = await rendererOf(renderer).renderInvoice(doc);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${fileNameOf(doc)}"`)
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/reports/:name',
    access: 'reports',
    summary: 'A business report: sales by day, month, product or category; inventory; orders by status',
    description:
      'Days are calendar days in Argentina (UTC−03:00); `from` and `to` are both included. Sales count orders paid, invoiced, shipped or delivered, by the day they were placed; money is VAT included with `net` + `vat` split per line. ' +
      '`format=csv` streams the rows (money as decimal pesos); `json` adds totals; `pdf` is the printed report with its chart. ' +
      '422 `REPORT.PERIOD_REQUIRED` (field `from`), `REPORT.RANGE_INVALID` or `REPORT.RANGE_TOO_LONG` (field `to`).',
    tags: ['reports'],
    params: ReportParams,
    query: ReportQuery,
    responses: {
      200: { description: 'The report (JSON; or CSV or PDF as `format` asks)', schema: ReportDto },
    },
    handler: async ({ actor, params, query, reply }) => {
      const request = { name: params.name, period: periodOfDays(query.from, query.to), locale: query.lang };
      const file = `${params.name}${query.from ? `-${query.from}` : ''}${query.to ? `-${query.to}` : ''}`;
      if (query.format === 'json') return toReportDto(await useCases.reports.document(actor, request));
      if (query.format === 'pdf') {
        const doc = await useCases.reports.document(actor, request);
        const pdf = await rendererOf(renderer).renderReport(doc);
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${file}.pdf"`)
          .send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
      }
      // Checked (access, period) before the first byte; then rows go out as the database yields them.
      const rows = await useCases.reports.rows(actor, request);
      const name = params.name;
      async function* lines() {
        yield `${csvLine(CSV_COLUMNS[name])}\r\n`;
        for await (const row of rows) yield `${csvLine(csvCells(name, row))}\r\n`;
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file}.csv"`)
        .send(Readable.from(lines()));
    },
  });
}
