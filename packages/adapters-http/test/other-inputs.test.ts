import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { jpegBytes, pngBytes, webpBytes } from './support/image-bytes.js';
import { problemOf, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let manager: string;

beforeEach(async () => {
  t = await startTestApp({ limits: { imageBytes: 4096 } });
  manager = await t.tokenFor(['manager']);
});
afterEach(async () => {
  await t.close();
});

const createProduct = async (fields: Record<string, unknown> = {}): Promise<string> => {
  const response = await t.call('POST', '/api/v1/products', {
    token: manager,
    json: { sku: 'YM-1', name: 'Yerba', vatRate: 2100, price: { amount: 100_000, currency: 'ARS' }, ...fields },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
};

describe('amount discounts', () => {
  test('an amount larger than the price is a 422 naming discount.amount, and the product keeps its price', async () => {
    const id = await createProduct();
    const response = await t.call('PUT', `/api/v1/products/${id}/discount`, {
      token: manager,
      json: { kind: 'amount', amount: { amount: 100_001, currency: 'ARS' } },
    });
    expect(response.status).toBe(422);
    const problem = await problemOf(response);
    expect(problem.code).toBe('DISCOUNT.INVALID');
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'discount.amount', code: 'DISCOUNT.INVALID' })]);
    const product = (await (await t.call('GET', `/api/v1/products/${id}`, { token: manager })).json()) as Record<string, unknown>;
    expect(product).toMatchObject({ discount: null, effectivePrice: { amount: 100_000 } });
  });

  test('on create too: a product is never made free by an amount discount beyond its price', async () => {
    const response = await t.call('POST', '/api/v1/products', {
      token: manager,
      json: {
        sku: 'YM-2',
        name: 'Yerba',
        vatRate: 2100,
        price: { amount: 500, currency: 'ARS' },
        discount: { kind: 'amount', amount: { amount: 5_000, currency: 'ARS' } },
      },
    });
    expect(response.status).toBe(422);
    expect((await problemOf(response)).errors).toEqual([expect.objectContaining({ field: 'discount.amount' })]);
  });
});

describe('stock adjustments below zero', () => {
  test('the refusal speaks of the units on hand and available, not of "0 units reserved"', async () => {
    const id = await createProduct({ stockOnHand: 3 });
    const response = await t.call('POST', `/api/v1/products/${id}/stock-adjustments`, {
      token: manager,
      json: { delta: -5, note: 'rotura' },
    });
    expect(response.status).toBe(409);
    const problem = await problemOf(response);
    expect(problem.detail).toContain('below zero');
    expect(problem.detail).toContain('3 units on hand');
    expect(problem.detail).toContain('3 available');
    expect(problem.detail).not.toContain('reserved');
    expect(problem.details).toMatchObject({ stockOnHand: 3, reserved: 0, available: 3 });
  });
});

describe('image headers are decoded, not only their first bytes', () => {
  const upload = (productId: string, bytes: Uint8Array, type = 'application/octet-stream') => {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type }), 'photo');
    return t.call('POST', `/api/v1/products/${productId}/images`, { token: manager, body: form });
  };

  const refusedAs = async (response: Response, status: number, code: string): Promise<void> => {
    expect(response.status, await response.clone().text()).toBe(status);
    expect((await problemOf(response)).code).toBe(code);
  };

  test('a 3-byte "JPEG" and a JPEG without a frame header are refused as malformed; nothing is stored', async () => {
    const id = await createProduct();
    await refusedAs(await upload(id, new Uint8Array([0xff, 0xd8, 0xff]), 'image/jpeg'), 422, 'IMAGE.MALFORMED');
    const noFrame = jpegBytes(10, 10).subarray(0, 20); // SOI and APP0 only
    const response = await upload(id, noFrame);
    await refusedAs(response.clone(), 422, 'IMAGE.MALFORMED');
    expect((await problemOf(response)).errors).toEqual([expect.objectContaining({ field: 'file' })]);
    await refusedAs(await upload(id, jpegBytes(0, 10)), 422, 'IMAGE.MALFORMED');
    expect(t.images.size).toBe(0);
  });

  test('a PNG whose IHDR checksum does not match, or that is truncated, is refused as malformed', async () => {
    const id = await createProduct();
    const corrupted = pngBytes(64, 64);
    corrupted[17] = 0x7f; // width changed after the CRC was computed
    await refusedAs(await upload(id, corrupted), 422, 'IMAGE.MALFORMED');
    await refusedAs(await upload(id, pngBytes(64, 64).subarray(0, 24)), 422, 'IMAGE.MALFORMED');
    expect(t.images.size).toBe(0);
  });

  test('absurd dimensions (4294967295×4294967295, a side over 20000, over 100 MP) are refused and never published', async () => {
    const id = await createProduct();
    const absurd = pngBytes(64, 64);
    const view = new DataView(absurd.buffer);
    view.setUint32(16, 0xffffffff);
    view.setUint32(20, 0xffffffff);
    view.setUint32(29, crc32(absurd.subarray(12, 29)));
    await refusedAs(await upload(id, absurd), 422, 'IMAGE.MALFORMED');
    await refusedAs(await upload(id, pngBytes(20_001, 10)), 422, 'IMAGE.DIMENSIONS_TOO_LARGE');
    await refusedAs(await upload(id, pngBytes(15_000, 15_000)), 422, 'IMAGE.DIMENSIONS_TOO_LARGE');
    await refusedAs(await upload(id, jpegBytes(30_000, 100)), 422, 'IMAGE.DIMENSIONS_TOO_LARGE');
    expect(t.images.size).toBe(0);
    const product = (await (await t.call('GET', `/api/v1/products/${id}`, { token: manager })).json()) as { images: unknown[] };
    expect(product.images).toEqual([]);
  });

  test('well-formed images at the limits are accepted with their size', async () => {
    const id = await createProduct();
    expect((await upload(id, pngBytes(20_000, 5_000))).status).toBe(201);
    expect((await upload(id, jpegBytes(640, 480), 'image/jpeg')).status).toBe(201);
    expect((await upload(id, webpBytes(300, 200))).status).toBe(201);
    expect(t.images.size).toBe(3);
  });

  test('If-None-Match on a missing image is a 404 problem, not a 304', async () => {
    const response = await fetch(`${t.baseUrl}/api/v1/images/missing`, { headers: { 'if-none-match': '"missing"' } });
    expect(response.status).toBe(404);
    expect((await problemOf(response)).code).toBe('IMAGE.NOT_FOUND');
  });
});

describe('long ids', () => {
  test('an id longer than 128 characters is a 414 problem+json, not the framework body', async () => {
    const response = await t.call('GET', `/api/v1/products/${'a'.repeat(129)}`, { token: manager });
    expect(response.status).toBe(414);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ status: 414, code: 'REQUEST.URI_TOO_LONG' });
    expect(problem.requestId).toBe(response.headers.get('x-request-id'));
    const image = await fetch(`${t.baseUrl}/api/v1/images/${'a'.repeat(300)}`);
    expect(image.status).toBe(414);
    expect((await problemOf(image)).code).toBe('REQUEST.URI_TOO_LONG');
  });

  test('ids up to 128 characters reach the route (the router no longer stops at 100)', async () => {
    const response = await t.call('GET', `/api/v1/products/${'a'.repeat(128)}`, { token: manager });
    expect(response.status).toBe(404);
    expect((await problemOf(response)).code).toBe('PRODUCT.NOT_FOUND');
  });

  test('a malformed percent-encoding in the path is a 400 problem', async () => {
    const response = await t.call('GET', '/api/v1/products/%E0%A4%A', { token: manager });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).code).toBe('REQUEST.INVALID');
  });
});

describe('CSV export and import of formula-looking text', () => {
  test('names starting with quotes and a formula character survive export → import unchanged, and stay neutralised', async () => {
    const names = ["'=SUM(A1:A2)", "''+1", '=HYPERLINK("x")', "'hola", '-5 grados', '@casa', "'@casa"];
    for (const [index, name] of names.entries()) await createProduct({ sku: `F-${index}`, name });
    const exported = await t.call('GET', '/api/v1/products/export.csv', { token: manager });
    const csv = await exported.text();
    // No cell begins with a formula character once the CSV is read.
    expect(csv).toContain(",''=SUM(A1:A2),");
    expect(csv).toContain(",'''+1,");
    expect(csv).toContain(",'hola,");

    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'products.csv');
    const imported = await t.call('POST', '/api/v1/products/import', { token: manager, body: form });
    expect(imported.status, await imported.clone().text()).toBe(200);
    const page = (await (await t.call('GET', '/api/v1/products?limit=100', { token: manager })).json()) as {
      items: { sku: string; name: string }[];
    };
    const bySku = Object.fromEntries(page.items.map((product) => [product.sku, product.name]));
    expect(names.map((_, index) => bySku[`F-${index}`])).toEqual(names);
  });
});
