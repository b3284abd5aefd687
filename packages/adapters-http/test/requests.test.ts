import { afterEach, describe, expect, test } from 'vitest';
import { problemOf, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

const product = { sku: 'YERBA-1', name: 'Yerba mate 1 kg', price: { amount: 450_000, currency: 'ARS' }, vatRate: 2100, stockOnHand: 10 };

describe('request validation', () => {
  test('malformed JSON is a 400 REQUEST.MALFORMED_JSON problem', async () => {
    t = await startTestApp();
    const token = await t.tokenFor(['manager']);
    const response = await t.call('POST', '/api/v1/products', {
      token,
      body: '{"sku": "A", ',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ status: 400, code: 'REQUEST.MALFORMED_JSON', instance: '/api/v1/products' });
    expect(problem.type).toBe('urn:mostrador:problem:request.malformed-json');
  });

  test('wrong types answer 400 REQUEST.INVALID with one error per field, and nothing is created', async () => {
    t = await startTestApp();
    const token = await t.tokenFor(['manager']);
    const response = await t.call('POST', '/api/v1/products', {
      token,
      json: { ...product, price: { amount: 4500.5, currency: 'ARS' }, vatRate: 2000, stockOnHand: '10', name: undefined },
    });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.code).toBe('REQUEST.INVALID');
    const byField = Object.fromEntries(problem.errors!.map((error) => [error.field, error]));
    expect(Object.keys(byField).sort()).toEqual(['name', 'price.amount', 'stockOnHand', 'vatRate']);
    expect(byField.name).toMatchObject({ in: 'body', code: 'REQUIRED' });
    expect(byField['price.amount']).toMatchObject({ in: 'body', code: 'INVALID_TYPE' });
    expect(byField.vatRate!.message).toContain('2100');
    expect(await (await t.call('GET', '/api/v1/products', { token })).json()).toMatchObject({ total: 0 });
  });

  test('unknown fields in the body, nested objects and the query are refused by name', async () => {
    t = await startTestApp();
    const token = await t.tokenFor(['manager']);
    const body = await t.call('POST', '/api/v1/products', {
      token,
      json: { ...product, colour: 'green', price: { ...product.price, cents: true } },
    });
    expect(body.status).toBe(400);
    expect((await problemOf(body)).errors).toEqual([
      { in: 'body', field: 'price.cents', code: 'UNKNOWN_FIELD', message: 'unknown field "cents"' },
      { in: 'body', field: 'colour', code: 'UNKNOWN_FIELD', message: 'unknown field "colour"' },
    ]);
    const query = await t.call('GET', '/api/v1/products?colour=green', { token });
    expect(query.status).toBe(400);
    expect((await problemOf(query)).errors).toEqual([
      { in: 'query', field: 'colour', code: 'UNKNOWN_FIELD', message: 'unknown field "colour"' },
    ]);
  });

  test('pagination is bounded: limit above 100 is refused', async () => {
    t = await startTestApp();
    const token = await t.tokenFor(['viewer']);
    const response = await t.call('GET', '/api/v1/products?limit=101', { token });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors![0]).toMatchObject({ in: 'query', field: 'limit', code: 'TOO_BIG' });
  });

  test('a body over the limit is a 413 problem', async () => {
    t = await startTestApp({ limits: { bodyBytes: 2048 } });
    const token = await t.tokenFor(['manager']);
    const response = await t.call('POST', '/api/v1/products', { token, json: { ...product, description: 'x'.repeat(4096) } });
    expect(response.status).toBe(413);
    expect((await problemOf(response)).code).toBe('REQUEST.TOO_LARGE');
  });

  test('a content type the route cannot read is a 415 problem', async () => {
    t = await startTestApp();
    const token = await t.tokenFor(['manager']);
    const response = await t.call('POST', '/api/v1/products', {
      token,
      body: '<product/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(response.status).toBe(415);
    expect((await problemOf(response)).code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
  });

  test('a business rule broken by a well-formed request is a 422 with the domain code', async () => {
    t = await startTestApp();
    const token = await t.tokenFor(['manager']);
    const response = await t.call('POST', '/api/v1/products', { token, json: { ...product, sku: 'has spaces' } });
    expect(response.status).toBe(422);
    expect((await problemOf(response)).code).toBe('PRODUCT.SKU_INVALID');
  });
});

describe('problems', () => {
  test('an unknown route is a 404 problem', async () => {
    t = await startTestApp();
    const response = await t.call('GET', '/api/v1/nothing-here?x=1');
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({ code: 'ROUTE.NOT_FOUND', instance: '/api/v1/nothing-here', title: 'Not found' });
  });

  test('titles follow Accept-Language (en by default, es when preferred)', async () => {
    t = await startTestApp();
    const english = await t.call('GET', '/api/v1/auth/me', { headers: { 'accept-language': 'en-US,en;q=0.9,es;q=0.5' } });
    expect((await problemOf(english)).title).toBe('Unauthorized');
    const spanish = await t.call('GET', '/api/v1/auth/me', { headers: { 'accept-language': 'es-AR' } });
    expect((await problemOf(spanish)).title).toBe('No autenticado');
    const preferringSpanish = await t.call('GET', '/api/v1/auth/me', { headers: { 'accept-language': 'fr, es;q=0.8, en;q=0.5' } });
    expect((await problemOf(preferringSpanish)).title).toBe('No autenticado');
  });

  test('an API client that states no language we speak gets English titles', async () => {
    t = await startTestApp();
    // No header at all, as curl and most HTTP libraries send (Node's fetch sends `*`).
    const silent = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(silent.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    const anyLanguage = await t.call('GET', '/api/v1/auth/me');
    expect((await problemOf(anyLanguage)).title).toBe('Unauthorized');
    const french = await t.call('GET', '/api/v1/auth/me', { headers: { 'accept-language': 'fr-FR' } });
    expect((await problemOf(french)).title).toBe('Unauthorized');
  });

  test('an unexpected error is a 500 problem that reveals nothing of it', async () => {
    t = await startTestApp({
      extraRoutes: (app) =>
        app.get('/boom', async () => {
          throw new Error('connection to postgres://admin:hunter2@db failed');
        }),
    });
    const response = await t.call('GET', '/boom');
    expect(response.status).toBe(500);
    const text = await response.clone().text();
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('postgres');
    expect(await problemOf(response)).toMatchObject({ code: 'INTERNAL', status: 500 });
  });

  test('a not-found entity is a 404 problem with the domain code', async () => {
    t = await startTestApp();
    const token = await t.tokenFor(['viewer']);
    const response = await t.call('GET', '/api/v1/products/does-not-exist', { token });
    expect(response.status).toBe(404);
    expect((await problemOf(response)).code).toBe('PRODUCT.NOT_FOUND');
  });

  test('every error above is application/problem+json with the request id it was answered under', async () => {
    t = await startTestApp();
    const responses = await Promise.all([
      t.call('GET', '/nope'),
      t.call('GET', '/api/v1/auth/me'),
      t.call('POST', '/api/v1/auth/login', { body: '{', headers: { 'content-type': 'application/json' } }),
      t.call('POST', '/api/v1/auth/login', { json: { email: 'a@b.c' } }),
    ]);
    for (const response of responses) {
      const problem = await problemOf(response);
      expect(problem.requestId).toBe(response.headers.get('x-request-id'));
      expect(problem.status).toBe(response.status);
    }
  });
});

describe('request ids', () => {
  test('a sane x-request-id is honoured; a strange one is replaced', async () => {
    t = await startTestApp();
    const honoured = await t.call('GET', '/healthz', { headers: { 'x-request-id': 'lb-1234.abc' } });
    expect(honoured.headers.get('x-request-id')).toBe('lb-1234.abc');
    const replaced = await t.call('GET', '/healthz', { headers: { 'x-request-id': 'bad id\twith tabs' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const generated = await t.call('GET', '/healthz');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.headers.get('x-request-id')).not.toBe(replaced.headers.get('x-request-id'));
  });
});

describe('health', () => {
  test('/healthz is up; /readyz reads through the database by default', async () => {
    t = await startTestApp();
    expect(await (await t.call('GET', '/healthz')).json()).toEqual({ status: 'ok' });
    expect(await (await t.call('GET', '/readyz')).json()).toEqual({ status: 'ready' });
  });

  test('/readyz is 503 when the database does not answer', async () => {
    let databaseUp = false;
    t = await startTestApp({
      readiness: async () => {
        if (!databaseUp) throw new Error('ECONNREFUSED 127.0.0.1:5432');
        return true;
      },
    });
    const down = await t.call('GET', '/readyz');
    expect(down.status).toBe(503);
    expect((await problemOf(down)).code).toBe('SERVICE.NOT_READY');
    databaseUp = true;
    expect((await t.call('GET', '/readyz')).status).toBe(200);
    expect((await t.call('GET', '/healthz')).status).toBe(200);
  });
});

describe('API description', () => {
  test('/docs/json is an OpenAPI 3.1 document with the zod schemas and bearer security', async () => {
    t = await startTestApp();
    const response = await t.call('GET', '/docs/json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            security?: unknown;
            requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
            parameters?: { name: string; in: string }[];
          }
        >
      >;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    const login = doc.paths['/api/v1/auth/login']!.post!;
    expect(login.security).toBeUndefined();
    expect(login.requestBody!.content['application/json']!.schema).toMatchObject({
      type: 'object',
      required: ['email', 'password'],
      additionalProperties: false,
    });
    const createProduct = doc.paths['/api/v1/products']!.post!;
    expect(createProduct.security).toEqual([{ bearerAuth: [] }]);
    const price = (createProduct.requestBody!.content['application/json']!.schema.properties as Record<string, Record<string, unknown>>)
      .price!;
    expect(price).toMatchObject({ type: 'object', properties: { amount: { type: 'integer' } } });
    expect(doc.paths['/api/v1/products/{id}']!.get!.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path' })]),
    );
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/orders/{id}/status', '/api/v1/reports/sales-summary', '/.well-known/jwks.json', '/healthz']),
    );
  });

  test('/docs is a browsable page whose assets come from this server, not a CDN', async () => {
    t = await startTestApp();
    const page = await t.call('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source).not.toMatch(/^(https?:)?\/\//);
    const script = sources.find((source) => source.endsWith('swagger-ui-bundle.js'))!;
    const asset = await fetch(new URL(script, `${t.baseUrl}/docs/`));
    expect(asset.status).toBe(200);
    expect((await asset.text()).length).toBeGreaterThan(100_000);
  });
});

describe('routes without a query or body schema', () => {
  test('refuse query parameters and bodies they do not take', async () => {
    t = await startTestApp();
    const token = await t.tokenFor(['manager']);
    const created = (await (await t.call('POST', '/api/v1/products', { token, json: product })).json()) as { id: string };
    const query = await t.call('GET', `/api/v1/products/${created.id}?expand=all`, { token });
    expect(query.status).toBe(400);
    expect((await problemOf(query)).errors).toEqual([
      { in: 'query', field: 'expand', code: 'UNKNOWN_FIELD', message: 'unknown field "expand"' },
    ]);
    const body = await t.call('DELETE', `/api/v1/products/${created.id}`, { token, json: { hard: true } });
    expect(body.status).toBe(400);
    expect((await problemOf(body)).errors![0]).toMatchObject({ in: 'body', field: 'hard', code: 'UNKNOWN_FIELD' });
    expect((await t.call('DELETE', `/api/v1/products/${created.id}`, { token })).status).toBe(204);
  });
});
