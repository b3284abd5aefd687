import type { Product } from '@mostrador/core';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { productCsvHeader, productCsvLines, readProductCsvBytes, toCsvRowErrors } from '../csv/product-csv.js';
import { HttpProblem } from '../problems/problem.js';
import type { ApiRoutes } from '../routing/api-routes.js';
import type { RouteDeps } from './route-deps.js';

const ImportOutcome = z.object({ status: z.literal('imported'), created: z.number().int(), updated: z.number().int() });
const EXPORT_PAGE = 100;

export function productTransferRoutes(routes: ApiRoutes, { useCases, limits }: RouteDeps): void {
  const { catalog } = useCases;

  routes.add({
    method: 'POST',
    url: '/api/v1/products/import',
    access: 'catalog',
    summary: 'Create or update products from a CSV file',
    description:
      'Body: UTF-8 `text/csv`, or `multipart/form-data` with exactly one file (a second file is a 400). Header row with `sku` and any of ' +
      '`name,description,category,price,vat_rate,stock,active`, in any order; RFC 4180 quoting. A column left out leaves that field of an ' +
      'existing product alone (a new product takes the default; name, price and vat_rate it must have); an empty cell clears description ' +
      'and category, is refused for sku, name, price, vat_rate and stock, and leaves active as it is. price: `1234`, `1234.50`, `1234,50`, ' +
      '`1.234,50` or `1,234.50` (anything ambiguous, like `10.555` or `1,234`, is refused); vat_rate in percent (`21`, `10.5`); stock = ' +
      'units on hand; category = slug. The same rules as POST /products (description ≤ 5000 characters, no control characters). All rows ' +
      'or none: any broken row answers 422 with `errors: [{row, field, code, message}]` (row 1 = first data row, 0 = header) and imports ' +
      'nothing. On the embedded database a large file is written in slices so the shop keeps answering; if an order reserves stock ' +
      'meanwhile so that a row is no longer valid, the answer is 409 IMPORT.INTERRUPTED with `details.applied` (rows written): an ' +
      'import is idempotent, sending the same file again completes it. See docs/csv.md.',
    tags: ['products'],
    consumes: ['text/csv', 'multipart/form-data'],
    bodyLimit: limits.csvBytes,
    responses: {
      200: { description: 'Imported', schema: ImportOutcome },
      409: { description: 'Interrupted on the embedded database (problem with errors and applied)' },
      422: { description: 'Rejected rows (problem with errors)' },
    },
    handler: async ({ actor, request }) => {
      const read = readProductCsvBytes(await readCsvBody(request, limits.csvBytes));
      if (!read.ok) throw new HttpProblem(422, 'IMPORT.REJECTED', 'the file has errors; nothing was imported', { errors: read.errors });
      const result = await catalog.importProducts(actor, read.rows);
      if (result.status === 'rejected' && result.applied !== undefined)
        throw new HttpProblem(
          409,
          'IMPORT.INTERRUPTED',
          'stock changed while the file was being written; the rows before it were imported, send the same file again to finish',
          { errors: toCsvRowErrors(result.errors), details: { applied: result.applied } },
        );
      if (result.status === 'rejected')
        throw new HttpProblem(422, 'IMPORT.REJECTED', 'some rows are invalid; nothing was imported', {
          errors: toCsvRowErrors(result.errors),
        });
      return { status: 'imported' as const, created: result.created, updated: result.updated };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/products/export.csv',
    access: 'read',
    summary: 'Every product (active or not) as CSV, in the import format',
    tags: ['products'],
    responses: { 200: { description: 'CSV file', contentType: 'text/csv' } },
    handler: async ({ reply }) => {
      const categories = new Map((await catalog.listCategories()).map((category) => [category.id, category]));
      let csv = productCsvHeader();
      for (let offset = 0; ; offset += EXPORT_PAGE) {
        const page = await catalog.listProducts({ includeInactive: true }, { offset, limit: EXPORT_PAGE });
        const products: Product[] = page.items.map((view) => view.product);
        csv += productCsvLines(products, categories);
        if (page.items.length < EXPORT_PAGE || offset + page.items.length >= page.total) break;
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="products.csv"')
        .header('cache-control', 'no-store')
        .send(csv);
    },
  });
}

/** The uploaded CSV's bytes: the text/csv body, or the one file of a multipart body (a second file is refused, not ignored). */
async function readCsvBody(request: FastifyRequest, maxBytes: number): Promise<Uint8Array> {
  if (Buffer.isBuffer(request.body)) return request.body;
  if (typeof request.body === 'string') return Buffer.from(request.body, 'utf8');
  if (request.isMultipart()) {
    let file: { field: string; bytes: Buffer } | null = null;
    // Two files allowed to busboy, so that a second one is seen and refused instead of silently dropped.
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 2 } })) {
      if (part.type !== 'file') continue;
      if (file !== null) {
        throw new HttpProblem(400, 'REQUEST.INVALID', `send one CSV file; "${part.fieldname}" (${part.filename}) is a second file`, {
          errors: [{ in: 'body', field: part.fieldname, code: 'UPLOAD.TOO_MANY_FILES', message: 'only one file per import' }],
        });
      }
      file = { field: part.fieldname, bytes: await part.toBuffer() };
    }
    if (!file) throw new HttpProblem(400, 'REQUEST.INVALID', 'the multipart body has no file');
    return file.bytes;
  }
  throw new HttpProblem(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'send the CSV as text/csv or as a multipart/form-data file');
}
