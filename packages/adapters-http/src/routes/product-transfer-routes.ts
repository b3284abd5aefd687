import type { Product } from '@mostrador/core';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { productCsvHeader, productCsvLines, readProductCsv, toCsvRowErrors } from '../csv/product-csv.js';
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
      'Body: `text/csv`, or `multipart/form-data` with one file. Header row `sku,name,description,category,price,vat_rate,stock,active` ' +
      '(any order; description, category and active optional). RFC 4180 quoting. price like `1234.50` or `1.234,50`; vat_rate in percent ' +
      '(`21`, `10.5`); stock = units on hand; category = slug. All rows or none: any broken row answers 422 with ' +
      '`errors: [{row, field, code, message}]` (row 1 = first data row) and imports nothing.',
    tags: ['products'],
    consumes: ['text/csv', 'multipart/form-data'],
    bodyLimit: limits.csvBytes,
    responses: { 200: { description: 'Imported', schema: ImportOutcome }, 422: { description: 'Rejected rows (problem with errors)' } },
    handler: async ({ actor, request }) => {
      const text = await readCsvBody(request, limits.csvBytes);
      const read = readProductCsv(text);
      if (!read.ok) throw new HttpProblem(422, 'IMPORT.REJECTED', 'the file has errors; nothing was imported', { errors: read.errors });
      const result = await catalog.importProducts(actor, read.rows);
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

async function readCsvBody(request: FastifyRequest, maxBytes: number): Promise<string> {
  if (typeof request.body === 'string') return request.body;
  if (request.isMultipart()) {
    const file = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
    if (!file) throw new HttpProblem(400, 'REQUEST.INVALID', 'the multipart body has no file');
    return (await file.toBuffer()).toString('utf8');
  }
  throw new HttpProblem(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'send the CSV as text/csv or as a multipart/form-data file');
}
