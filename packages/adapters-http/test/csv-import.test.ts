import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { problemOf, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let manager: string;

beforeEach(async () => {
  t = await startTestApp();
  manager = await t.tokenFor(['manager']);
});
afterEach(async () => {
  await t.close();
});

const importCsv = (body: string | Uint8Array) =>
  t.call('POST', '/api/v1/products/import', { token: manager, body, headers: { 'content-type': 'text/csv' } });

const products = async (): Promise<Record<string, unknown>[]> => {
  const response = await t.call('GET', '/api/v1/products?includeInactive=true&limit=100', { token: manager });
  return ((await response.json()) as { items: Record<string, unknown>[] }).items;
};

describe('CSV import: only what the file gives changes', () => {
  test('sku,name,price,vat_rate,stock leaves description, category, attributes, translations, discount and the active flag alone', async () => {
    await t.call('POST', '/api/v1/categories', { token: manager, json: { slug: 'mates', name: 'Mates' } });
    const category = ((await (await t.call('GET', '/api/v1/categories', { token: manager })).json()) as { items: { id: string }[] })
      .items[0]!;
    const created = await t.call('POST', '/api/v1/products', {
      token: manager,
      json: {
        sku: 'MATE-1',
        name: 'Mate imperial',
        description: 'Calabaza forrada en cuero',
        categoryId: category.id,
        attributes: { origen: 'Uruguay' },
        translations: { en: { name: 'Imperial mate' } },
        discount: { kind: 'percent', basisPoints: 1000 },
        price: { amount: 2_000_000, currency: 'ARS' },
        vatRate: 2100,
        stockOnHand: 3,
        active: false,
      },
    });
    expect(created.status).toBe(201);
    const before = (await created.json()) as Record<string, unknown>;

    const response = await importCsv('sku,name,price,vat_rate,stock\r\nMATE-1,Mate imperial grande,25000.00,10.5,7\r\n');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'imported', created: 0, updated: 1 });

    const after = (await (await t.call('GET', `/api/v1/products/${before.id}`, { token: manager })).json()) as Record<string, unknown>;
    expect(after).toMatchObject({
      description: 'Calabaza forrada en cuero',
      categoryId: category.id,
      attributes: { origen: 'Uruguay' },
      translations: { en: { name: 'Imperial mate' } },
      discount: before.discount,
      images: before.images,
      active: false,
      name: 'Mate imperial grande',
      price: { amount: 2_500_000, currency: 'ARS' },
      vatRate: 1050,
      stockOnHand: 7,
    });
  });
});

describe('CSV import: the same rules as POST /products', () => {
  test('a description over 5000 characters, a NUL in a cell and an ambiguous price are refused naming row and column; nothing is imported', async () => {
    const csv = [
      'sku,name,description,price,vat_rate,stock',
      `LONG,Mate,${'x'.repeat(5_001)},100,21,1`,
      'NUL,Ma\u0000te,,100,21,1',
      'AMB,Termo,,10.555,21,1',
      'THOUSANDS,Bombilla,,"1,234",21,1',
      'OK,Yerba,,"1234,50",21,1',
    ].join('\r\n');
    const response = await importCsv(csv);
    expect(response.status).toBe(422);
    const problem = await problemOf(response);
    expect(problem.errors?.map((error) => [error.row, error.field, error.code])).toEqual([
      [1, 'description', 'IMPORT.DESCRIPTION_TOO_LONG'],
      [2, 'name', 'IMPORT.CONTROL_CHARACTER'],
      [3, 'price', 'IMPORT.PRICE_INVALID'],
      [4, 'price', 'IMPORT.PRICE_INVALID'],
    ]);
    expect(problem.errors?.[2]?.message).toContain('10.555');
    expect(await products()).toEqual([]);
  });

  test('bytes that are not UTF-8 are refused with their row and column, not stored as U+FFFD', async () => {
    const head = Buffer.from('sku,name,price,vat_rate,stock\r\nA-1,Mate,100,21,1\r\nA-2,Ca', 'utf8');
    const latin1 = Buffer.concat([head, Buffer.from([0xf1]), Buffer.from('a,100,21,1\r\n', 'utf8')]);
    const response = await importCsv(latin1);
    expect(response.status).toBe(422);
    const problem = await problemOf(response);
    expect(problem.errors).toEqual([expect.objectContaining({ row: 2, field: 'name', code: 'CSV.INVALID_UTF8' })]);
    expect(await products()).toEqual([]);

    const form = new FormData();
    form.append('file', new Blob([latin1], { type: 'text/csv' }), 'products.csv');
    const uploaded = await t.call('POST', '/api/v1/products/import', { token: manager, body: form });
    expect((await problemOf(uploaded)).errors).toEqual([expect.objectContaining({ row: 2, field: 'name', code: 'CSV.INVALID_UTF8' })]);

    const fine = await importCsv(Buffer.from('sku,name,price,vat_rate,stock\r\nA-2,Cañuela ✓,100,21,1\r\n', 'utf8'));
    expect(fine.status).toBe(200);
    expect((await products()).map((product) => product.name)).toEqual(['Cañuela ✓']);
  });

  test('a second uploaded file is refused naming it, and nothing is imported', async () => {
    const form = new FormData();
    form.append('file', new Blob(['sku,name,price,vat_rate,stock\r\nA-1,Mate,100,21,1\r\n'], { type: 'text/csv' }), 'a.csv');
    form.append('more', new Blob(['sku,name,price,vat_rate,stock\r\nB-1,Termo,100,21,1\r\n'], { type: 'text/csv' }), 'b.csv');
    const response = await t.call('POST', '/api/v1/products/import', { token: manager, body: form });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'more', code: 'UPLOAD.TOO_MANY_FILES' })]);
    expect(problem.detail).toContain('b.csv');
    expect(await products()).toEqual([]);
  });
});
