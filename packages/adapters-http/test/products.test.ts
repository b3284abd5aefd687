import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { jpegBytes, pngBytes, webpBytes } from './support/image-bytes.js';
import { problemOf, startTestApp, type TestApp } from './support/test-app.js';

interface ProductBody {
  id: string;
  sku: string;
  name: string;
  active: boolean;
  price: { amount: number; currency: string };
  effectivePrice: { amount: number; currency: string };
  onOffer: boolean;
  stockOnHand: number;
  available: number;
  images: { id: string; mimeType: string; width?: number; height?: number; url: string }[];
  discount: unknown;
  categoryId: string | null;
}

let t: TestApp;
let manager: string;

beforeEach(async () => {
  t = await startTestApp({ limits: { imageBytes: 4096 } });
  manager = await t.tokenFor(['manager']);
});
afterEach(async () => {
  await t.close();
});

const create = async (fields: Record<string, unknown>): Promise<ProductBody> => {
  const response = await t.call('POST', '/api/v1/products', {
    token: manager,
    json: { vatRate: 2100, stockOnHand: 5, price: { amount: 100_000, currency: 'ARS' }, ...fields },
  });
  if (response.status !== 201) throw new Error(`create failed ${response.status} ${await response.text()}`);
  return (await response.json()) as ProductBody;
};

const get = async (path: string): Promise<Record<string, unknown>> => {
  const response = await t.call('GET', path, { token: manager });
  expect(response.status, path).toBe(200);
  return (await response.json()) as Record<string, unknown>;
};

const names = (page: Record<string, unknown>): string[] => (page.items as ProductBody[]).map((p) => p.name);

describe('products', () => {
  test('create, read, patch and deactivate a product; money is integer centavos', async () => {
    const created = await create({ sku: 'MATE-1', name: 'Mate imperial', price: { amount: 2_599_990, currency: 'ARS' } });
    expect(created.price).toEqual({ amount: 2_599_990, currency: 'ARS' });
    expect(await get(`/api/v1/products/${created.id}`)).toMatchObject({ sku: 'MATE-1', stockOnHand: 5, available: 5, active: true });

    const patched = await t.call('PATCH', `/api/v1/products/${created.id}`, {
      token: manager,
      json: { name: 'Mate imperial de alpaca', stockOnHand: 7 },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ name: 'Mate imperial de alpaca', stockOnHand: 7, sku: 'MATE-1' });

    expect((await t.call('DELETE', `/api/v1/products/${created.id}`, { token: manager })).status).toBe(204);
    expect(await get(`/api/v1/products/${created.id}`)).toMatchObject({ active: false, available: 0 });
    expect(await get('/api/v1/products')).toMatchObject({ total: 0 });
    expect(await get('/api/v1/products?includeInactive=true')).toMatchObject({ total: 1 });
  });

  test('a duplicate sku is a 409 conflict', async () => {
    await create({ sku: 'DUP', name: 'Uno' });
    const response = await t.call('POST', '/api/v1/products', {
      token: manager,
      json: { sku: 'DUP', name: 'Dos', price: { amount: 1, currency: 'ARS' }, vatRate: 2100 },
    });
    expect(response.status).toBe(409);
    expect((await problemOf(response)).code).toBe('PRODUCT.SKU_TAKEN');
  });

  test('list filters: text search, category by slug, stock, offer, price range and paging', async () => {
    const category = (await (
      await t.call('POST', '/api/v1/categories', { token: manager, json: { slug: 'yerbas', name: 'Yerbas' } })
    ).json()) as { id: string };
    await create({ sku: 'Y1', name: 'Yerba suave', categoryId: category.id, price: { amount: 300_000, currency: 'ARS' } });
    await create({
      sku: 'Y2',
      name: 'Yerba barbacuá',
      categoryId: category.id,
      price: { amount: 500_000, currency: 'ARS' },
      stockOnHand: 0,
    });
    const bombilla = await create({ sku: 'B1', name: 'Bombilla de acero', price: { amount: 200_000, currency: 'ARS' } });
    await t.call('PUT', `/api/v1/products/${bombilla.id}/discount`, { token: manager, json: { kind: 'percent', basisPoints: 1000 } });

    // Plural on purpose: the in-memory search also tolerates it (and a 4-5 letter word hits a testkit typo-distance quirk).
    expect(names(await get('/api/v1/products?q=yerbas')).sort()).toEqual(['Yerba barbacuá', 'Yerba suave']);
    expect(names(await get('/api/v1/products?q=barbacua'))).toEqual(['Yerba barbacuá']);
    expect(names(await get('/api/v1/products?category=yerbas')).sort()).toEqual(['Yerba barbacuá', 'Yerba suave']);
    expect(names(await get('/api/v1/products?q=yerbas&inStock=true'))).toEqual(['Yerba suave']);
    expect(names(await get('/api/v1/products?onOffer=true'))).toEqual(['Bombilla de acero']);
    expect(names(await get('/api/v1/products?minPrice=180000&maxPrice=310000')).sort()).toEqual(['Bombilla de acero', 'Yerba suave']);

    const firstPage = await get('/api/v1/products?limit=2');
    expect(firstPage).toMatchObject({ total: 3, offset: 0, limit: 2 });
    expect(firstPage.items).toHaveLength(2);
    const secondPage = await get('/api/v1/products?limit=2&page=2');
    expect(secondPage).toMatchObject({ total: 3, offset: 2, limit: 2 });
    expect(names(secondPage)).not.toContain(names(firstPage)[0]);

    const unknownCategory = await t.call('GET', '/api/v1/products?category=nope', { token: manager });
    expect(unknownCategory.status).toBe(404);
  });

  test('a discount changes the effective price while it is valid, and can be removed', async () => {
    const product = await create({ sku: 'D1', name: 'Termo', price: { amount: 1_000_000, currency: 'ARS' } });
    const put = await t.call('PUT', `/api/v1/products/${product.id}/discount`, {
      token: manager,
      json: { kind: 'amount', amount: { amount: 150_000, currency: 'ARS' }, validFrom: null, validUntil: '2025-03-11T00:00:00-03:00' },
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({
      onOffer: true,
      effectivePrice: { amount: 850_000, currency: 'ARS' },
      discount: { kind: 'amount', validUntil: '2025-03-11T03:00:00.000Z' },
    });
    t.clock.advance({ days: 1 });
    manager = await t.tokenFor(['manager']); // the first token expired with the day
    expect(await get(`/api/v1/products/${product.id}`)).toMatchObject({ onOffer: false, effectivePrice: { amount: 1_000_000 } });
    const removed = await t.call('DELETE', `/api/v1/products/${product.id}/discount`, { token: manager });
    expect(await removed.json()).toMatchObject({ discount: null });
    const invalid = await t.call('PUT', `/api/v1/products/${product.id}/discount`, {
      token: manager,
      json: { kind: 'percent', basisPoints: 20_000 },
    });
    expect(invalid.status).toBe(400);
  });

  test('stock adjustments are audited and listed newest first with paging', async () => {
    const product = await create({ sku: 'S1', name: 'Canasta', stockOnHand: 10 });
    const adjusted = await t.call('POST', `/api/v1/products/${product.id}/stock-adjustments`, {
      token: manager,
      json: { delta: -3, note: 'rotos en el envío' },
    });
    expect(adjusted.status).toBe(200);
    expect(await adjusted.json()).toMatchObject({ stockOnHand: 7 });
    const movements = await get(`/api/v1/products/${product.id}/stock-movements`);
    expect(movements).toMatchObject({ total: 2 });
    expect(movements.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ delta: -3, reason: 'adjustment', note: 'rotos en el envío' }),
        expect.objectContaining({ delta: 10, reason: 'initial' }),
      ]),
    );

    const tooMuch = await t.call('POST', `/api/v1/products/${product.id}/stock-adjustments`, {
      token: manager,
      json: { delta: -100, note: 'oops' },
    });
    expect(tooMuch.status).toBeGreaterThanOrEqual(400);
    expect(tooMuch.status).toBeLessThan(500);
    expect(await get(`/api/v1/products/${product.id}`)).toMatchObject({ stockOnHand: 7 });
    expect((await t.call('GET', '/api/v1/products/nope/stock-movements', { token: manager })).status).toBe(404);
  });
});

describe('product images', () => {
  const upload = (productId: string, bytes: Uint8Array, type: string, filename = 'photo') => {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type }), filename);
    return t.call('POST', `/api/v1/products/${productId}/images`, { token: manager, body: form });
  };

  test('PNG, JPEG and WebP uploads are stored with their size, and served publicly with cache headers', async () => {
    const product = await create({ sku: 'IMG', name: 'Mate pintado' });
    const png = pngBytes(640, 480);
    const first = await upload(product.id, png, 'image/png', 'mate.png');
    expect(first.status).toBe(201);
    await upload(product.id, jpegBytes(800, 600), 'image/jpeg');
    const last = await upload(product.id, webpBytes(300, 200), 'application/octet-stream');
    const { images } = (await last.json()) as ProductBody;
    expect(images.map(({ mimeType, width, height }) => ({ mimeType, width, height }))).toEqual([
      { mimeType: 'image/png', width: 640, height: 480 },
      { mimeType: 'image/jpeg', width: 800, height: 600 },
      { mimeType: 'image/webp', width: 300, height: 200 },
    ]);

    const served = await fetch(`${t.baseUrl}${images[0]!.url}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(png);
    const again = await fetch(`${t.baseUrl}${images[0]!.url}`, { headers: { 'if-none-match': served.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect((await fetch(`${t.baseUrl}/api/v1/images/unknown`)).status).toBe(404);

    const removed = await t.call('DELETE', `/api/v1/products/${product.id}/images/${images[1]!.id}`, { token: manager });
    expect(((await removed.json()) as ProductBody).images.map((image) => image.mimeType)).toEqual(['image/png', 'image/webp']);
  });

  test('a file that claims to be an image but is not is refused with 415, and nothing is stored', async () => {
    const product = await create({ sku: 'LIE', name: 'Mate' });
    const text = new TextEncoder().encode('<?php system($_GET["c"]); ?>');
    const response = await upload(product.id, text, 'image/png', 'innocent.png');
    expect(response.status).toBe(415);
    expect((await problemOf(response)).code).toBe('IMAGE.UNSUPPORTED_TYPE');
    const mismatch = await upload(product.id, jpegBytes(10, 10), 'image/png');
    expect(mismatch.status).toBe(415);
    expect((await problemOf(mismatch)).code).toBe('IMAGE.TYPE_MISMATCH');
    expect(t.images.size).toBe(0);
    expect(await get(`/api/v1/products/${product.id}`)).toMatchObject({ images: [] });
  });

  test('an image over the size limit is a 413 problem and nothing is stored', async () => {
    const product = await create({ sku: 'BIG', name: 'Mate' });
    const response = await upload(product.id, pngBytes(4000, 3000, 8192), 'image/png');
    expect(response.status).toBe(413);
    expect((await problemOf(response)).code).toBe('REQUEST.TOO_LARGE');
    expect(t.images.size).toBe(0);
  });

  test('a JSON body where an upload is expected is a 415', async () => {
    const product = await create({ sku: 'JSON', name: 'Mate' });
    const response = await t.call('POST', `/api/v1/products/${product.id}/images`, { token: manager, json: { url: 'http://x' } });
    expect(response.status).toBe(415);
  });
});

describe('CSV import and export', () => {
  const importCsv = (csv: string, token = manager) =>
    t.call('POST', '/api/v1/products/import', { token, body: csv, headers: { 'content-type': 'text/csv' } });

  test('broken rows answer 422 with every row error, and nothing is imported', async () => {
    const csv = [
      'sku,name,description,category,price,vat_rate,stock,active',
      'OK-1,Yerba,,,"1.234,50",21,10,true',
      'BAD-PRICE,Mate,,,gratis,21,1,true',
      'BAD-VAT,Termo,,,1000,19,1,true',
      'SHORT,Bombilla,,1000,21',
      'OK-2,"Mate ""criollo"", grande","con\nsalto",,2500.00,10.5,3,false',
    ].join('\r\n');
    const response = await importCsv(csv);
    expect(response.status).toBe(422);
    const problem = await problemOf(response);
    expect(problem.code).toBe('IMPORT.REJECTED');
    expect(problem.errors).toEqual([expect.objectContaining({ row: 4, field: null, code: 'CSV.FIELD_COUNT' })]);

    const fixedShape = csv.replace('SHORT,Bombilla,,1000,21', 'SHORT,Bombilla,,,1000,21,1,true');
    const rejected = await importCsv(fixedShape);
    expect(rejected.status).toBe(422);
    expect((await problemOf(rejected)).errors).toEqual([
      expect.objectContaining({ row: 2, field: 'price', code: 'IMPORT.PRICE_INVALID' }),
      expect.objectContaining({ row: 3, field: 'vat_rate', code: 'IMPORT.VAT_INVALID' }),
    ]);
    expect(await get('/api/v1/products?includeInactive=true')).toMatchObject({ total: 0 });
  });

  test('an unclosed quote, an unknown column and a missing column are reported against the header or the row', async () => {
    const unclosed = await importCsv('sku,name,price,vat_rate,stock\nA,"Mate,100,21,1\n');
    expect((await problemOf(unclosed)).errors).toEqual([expect.objectContaining({ row: 1, code: 'CSV.MALFORMED' })]);
    // Only sku must be a column now: others left out leave the product alone (docs/csv.md).
    const columns = await importCsv('name,colour,price,stock\nMate,red,100,1\n');
    expect((await problemOf(columns)).errors).toEqual([
      expect.objectContaining({ row: 0, field: 'colour', code: 'CSV.UNKNOWN_COLUMN' }),
      expect.objectContaining({ row: 0, field: 'sku', code: 'CSV.MISSING_COLUMN' }),
    ]);
  });

  test('export then import into another shop gives the same catalog, quotes, line breaks and formulas included', async () => {
    await t.call('POST', '/api/v1/categories', { token: manager, json: { slug: 'mates', name: 'Mates' } });
    const categories = (await get('/api/v1/categories')).items as { id: string }[];
    await create({
      sku: 'M-1',
      name: 'Mate "torpedo", grande',
      description: 'Línea 1\nLínea 2, con coma',
      categoryId: categories[0]!.id,
      price: { amount: 1_234_550, currency: 'ARS' },
    });
    await create({ sku: 'M-2', name: '=HYPERLINK("http://evil")', vatRate: 1050, stockOnHand: 0, price: { amount: 99, currency: 'ARS' } });
    const inactive = await create({ sku: 'M-3', name: 'Bombilla', vatRate: 250, stockOnHand: 12 });
    await t.call('DELETE', `/api/v1/products/${inactive.id}`, { token: manager });

    const exported = await t.call('GET', '/api/v1/products/export.csv', { token: manager });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="products.csv"');
    const csv = await exported.text();
    expect(csv.split('\r\n')[0]).toBe('sku,name,description,category,price,vat_rate,stock,active');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain(',12345.50,21,5,true');

    const other = await startTestApp();
    try {
      const otherManager = await other.tokenFor(['manager']);
      await other.call('POST', '/api/v1/categories', { token: otherManager, json: { slug: 'mates', name: 'Mates' } });
      const form = new FormData();
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'products.csv');
      const imported = await other.call('POST', '/api/v1/products/import', { token: otherManager, body: form });
      expect(imported.status).toBe(200);
      expect(await imported.json()).toEqual({ status: 'imported', created: 3, updated: 0 });

      const reexported = await (await other.call('GET', '/api/v1/products/export.csv', { token: otherManager })).text();
      expect(reexported).toBe(csv);
      const bySku = Object.fromEntries(
        (
          (await (await other.call('GET', '/api/v1/products?includeInactive=true', { token: otherManager })).json()) as {
            items: ProductBody[];
          }
        ).items.map((p) => [p.sku, p]),
      );
      expect(bySku['M-2']!.name).toBe('=HYPERLINK("http://evil")');
      expect(bySku['M-3']!.active).toBe(false);
    } finally {
      await other.close();
    }

    const again = await importCsv(csv);
    expect(await again.json()).toEqual({ status: 'imported', created: 0, updated: 3 });
  });

  test('a viewer may export but not import', async () => {
    const viewer = await t.tokenFor(['viewer']);
    expect((await t.call('GET', '/api/v1/products/export.csv', { token: viewer })).status).toBe(200);
    expect((await importCsv('sku,name,price,vat_rate,stock\nA,B,1,21,1', viewer)).status).toBe(403);
  });
});
