import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { problemOf, startTestApp, type TestApp } from './support/test-app.js';

/**
 * Values a well-formed request may carry that storage cannot hold (PostgreSQL text refuses NUL;
 * `integer` columns end at 2^31 − 1): each is refused at the edge with a 422 naming the field,
 * never passed on to fail as a 502.
 */
let t: TestApp;
let manager: string;

beforeEach(async () => {
  t = await startTestApp();
  manager = await t.tokenFor(['owner']);
});
afterEach(async () => {
  await t.close();
});

const NUL = '\u0000';
const PRODUCT = { sku: 'YM-1', name: 'Yerba', vatRate: 2100, price: { amount: 100_000, currency: 'ARS' } };

const expectUnprocessable = async (response: Response, location: string, field: string, code: string): Promise<void> => {
  expect(response.status, await response.clone().text()).toBe(422);
  const problem = await problemOf(response);
  expect(problem.code).toBe('REQUEST.UNPROCESSABLE');
  expect(problem.errors).toContainEqual(expect.objectContaining({ in: location, field, code }));
};

const createProduct = async (fields: Record<string, unknown> = {}): Promise<string> => {
  const response = await t.call('POST', '/api/v1/products', { token: manager, json: { ...PRODUCT, ...fields } });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
};

describe('control characters in text', () => {
  test.each([
    ['name', { name: `Yerba${NUL}` }],
    ['description', { description: `a${NUL}b` }],
    ['sku', { sku: `YM${NUL}` }],
    ['attributes.origen', { attributes: { origen: `Misiones${NUL}` } }],
    ['translations.en.name', { translations: { en: { name: `Mate${NUL}` } } }],
  ])('a product %s with NUL is a 422 naming it, and nothing is created', async (field, fields) => {
    await expectUnprocessable(
      await t.call('POST', '/api/v1/products', { token: manager, json: { ...PRODUCT, ...fields } }),
      'body',
      field,
      'CONTROL_CHARACTER',
    );
    expect(await t.uow.repositories.products.list({}, { offset: 0, limit: 10 })).toMatchObject({ total: 0 });
  });

  test('an attribute name with a control character is refused by name too', async () => {
    const response = await t.call('POST', '/api/v1/products', {
      token: manager,
      json: { ...PRODUCT, attributes: { 'o\u0007rigen': 'x' } },
    });
    expect(response.status).toBe(422);
    expect((await problemOf(response)).errors![0]).toMatchObject({ in: 'body', code: 'CONTROL_CHARACTER' });
  });

  test('tab, line feed and carriage return remain allowed in text', async () => {
    const id = await createProduct({ description: 'Línea uno\r\nLínea\tdos' });
    const response = await t.call('GET', `/api/v1/products/${id}`, { token: manager });
    expect(((await response.json()) as { description: string }).description).toBe('Línea uno\r\nLínea\tdos');
  });

  test('a category name, a staff name and a tax legal name with NUL are 422s naming them', async () => {
    await expectUnprocessable(
      await t.call('POST', '/api/v1/categories', { token: manager, json: { slug: 'yerbas', name: `Yer${NUL}bas` } }),
      'body',
      'name',
      'CONTROL_CHARACTER',
    );
    await expectUnprocessable(
      await t.call('POST', '/api/v1/staff/users', {
        token: manager,
        json: { email: 'ana@shop.test', name: `Ana${NUL}`, password: 'a long enough password', roles: ['viewer'] },
      }),
      'body',
      'name',
      'CONTROL_CHARACTER',
    );
    await expectUnprocessable(
      await t.call('PUT', '/api/v1/customers/any/tax-profile', {
        token: manager,
        json: {
          documentType: 'CUIT',
          documentNumber: '20-12345678-6',
          ivaCondition: 'RESPONSABLE_INSCRIPTO',
          legalName: `ACME${NUL} SA`,
          address: 'Calle 1',
        },
      }),
      'body',
      'legalName',
      'CONTROL_CHARACTER',
    );
  });

  test('a stock note, a path parameter and a query parameter with NUL are 422s naming them', async () => {
    const id = await createProduct();
    await expectUnprocessable(
      await t.call('POST', `/api/v1/products/${id}/stock-adjustments`, { token: manager, json: { delta: 1, note: `recount${NUL}` } }),
      'body',
      'note',
      'CONTROL_CHARACTER',
    );
    await expectUnprocessable(await t.call('GET', '/api/v1/products/abc%00', { token: manager }), 'params', 'id', 'CONTROL_CHARACTER');
    await expectUnprocessable(await t.call('GET', '/api/v1/products?q=mate%00', { token: manager }), 'query', 'q', 'CONTROL_CHARACTER');
    await expectUnprocessable(
      await t.call('GET', '/api/v1/products?category=a%00', { token: manager }),
      'query',
      'category',
      'CONTROL_CHARACTER',
    );
    await expectUnprocessable(
      await t.call('POST', '/api/v1/auth/login', { json: { email: `a${NUL}@shop.test`, password: 'x' } }),
      'body',
      'email',
      'CONTROL_CHARACTER',
    );
  });
});

describe('integers beyond their column', () => {
  test('stockOnHand beyond int4 is a 422 naming it, on create and on patch', async () => {
    await expectUnprocessable(
      await t.call('POST', '/api/v1/products', { token: manager, json: { ...PRODUCT, stockOnHand: 3_000_000_000 } }),
      'body',
      'stockOnHand',
      'OUT_OF_RANGE',
    );
    const id = await createProduct();
    await expectUnprocessable(
      await t.call('PATCH', `/api/v1/products/${id}`, { token: manager, json: { stockOnHand: 3_000_000_000 } }),
      'body',
      'stockOnHand',
      'OUT_OF_RANGE',
    );
  });

  test('a stock delta beyond int4 is a 422 naming it', async () => {
    const id = await createProduct();
    await expectUnprocessable(
      await t.call('POST', `/api/v1/products/${id}/stock-adjustments`, { token: manager, json: { delta: 3_000_000_000, note: 'typo' } }),
      'body',
      'delta',
      'OUT_OF_RANGE',
    );
  });

  test('an adjustment that would take stock beyond int4 is a 422 naming delta, and stock is unchanged', async () => {
    const id = await createProduct({ stockOnHand: 2_000_000_000 });
    const response = await t.call('POST', `/api/v1/products/${id}/stock-adjustments`, {
      token: manager,
      json: { delta: 2_000_000_000, note: 'typo' },
    });
    expect(response.status).toBe(422);
    expect((await problemOf(response)).details).toMatchObject({ field: 'delta' });
    const product = (await (await t.call('GET', `/api/v1/products/${id}`, { token: manager })).json()) as { stockOnHand: number };
    expect(product.stockOnHand).toBe(2_000_000_000);
  });

  test('money beyond the safe integers is a 422 naming it; a business bound stays a 400', async () => {
    await expectUnprocessable(
      await t.call('POST', '/api/v1/products', { token: manager, json: { ...PRODUCT, price: { amount: 2 ** 60, currency: 'ARS' } } }),
      'body',
      'price.amount',
      'OUT_OF_RANGE',
    );
    const negative = await t.call('POST', '/api/v1/products', { token: manager, json: { ...PRODUCT, stockOnHand: -1 } });
    expect(negative.status).toBe(400);
    expect((await problemOf(negative)).errors![0]).toMatchObject({ field: 'stockOnHand', code: 'TOO_SMALL' });
  });
});
