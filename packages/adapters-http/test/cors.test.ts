import { SequentialIdGenerator } from '@mostrador/testkit/memory';
import { afterEach, describe, expect, test } from 'vitest';
import { createHttpServer, HttpModuleOptionsSchema } from '../src/index.js';
import { PASSWORD, problemOf, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

const BACK_OFFICE = 'https://admin.shop.example';
const LOCAL_DEV = 'http://localhost:5173';
const STRANGER = 'https://evil.example';

const product = { sku: 'YERBA-1', name: 'Yerba mate 1 kg', price: { amount: 450_000, currency: 'ARS' }, vatRate: 2100, stockOnHand: 10 };

/** What a browser sends before a request it may not send without asking (JSON, Authorization). */
const preflight = (origin: string, method = 'POST', headers = 'authorization, content-type') => ({
  origin,
  'access-control-request-method': method,
  'access-control-request-headers': headers,
});

const corsHeadersOf = (response: Response): Record<string, string> =>
  Object.fromEntries([...response.headers.entries()].filter(([name]) => name.startsWith('access-control-')));

const listOf = (value: string | null): string[] => (value ?? '').split(',').map((item) => item.trim().toLowerCase());

const startWithCors = (origins: '*' | readonly string[] = [BACK_OFFICE, LOCAL_DEV]) =>
  startTestApp({
    cors: { origins },
    extraRoutes: (app) =>
      app.get('/api/v1/test/boom', async () => {
        throw new Error('database exploded: password=hunter2');
      }),
  });

describe('CORS preflight', () => {
  test('an allowed origin gets 204 with its exact origin, the methods, headers and a max age', async () => {
    t = await startWithCors();
    const response = await t.call('OPTIONS', '/api/v1/products', { headers: preflight(BACK_OFFICE) });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(BACK_OFFICE);
    expect(listOf(response.headers.get('vary'))).toContain('origin');
    expect(listOf(response.headers.get('access-control-allow-methods'))).toEqual(['get', 'head', 'post', 'put', 'patch', 'delete']);
    expect(listOf(response.headers.get('access-control-allow-headers'))).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'x-request-id']),
    );
    expect(response.headers.get('access-control-max-age')).toBe('600');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(await response.text()).toBe('');
  });

  test('every allowed origin is answered with itself, on any API path and method', async () => {
    t = await startWithCors();
    const response = await t.call('OPTIONS', '/api/v1/orders/some-id/status', { headers: preflight(LOCAL_DEV, 'PATCH') });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(LOCAL_DEV);
  });

  test('an unlisted origin gets a 403 problem without any allow header, so the browser blocks the call', async () => {
    t = await startWithCors();
    for (const origin of [STRANGER, 'https://admin.shop.example.evil.example', 'http://admin.shop.example', 'null']) {
      const response = await t.call('OPTIONS', '/api/v1/products', { headers: preflight(origin) });
      expect(response.status, origin).toBe(403);
      expect(corsHeadersOf(response), origin).toEqual({});
      expect(listOf(response.headers.get('vary'))).toContain('origin');
      expect(await problemOf(response)).toMatchObject({ status: 403, code: 'CORS.ORIGIN_NOT_ALLOWED', instance: '/api/v1/products' });
    }
  });

  test('the max age is configurable', async () => {
    t = await startTestApp({ cors: { origins: [BACK_OFFICE], maxAgeSeconds: 60 } });
    const response = await t.call('OPTIONS', '/api/v1/products', { headers: preflight(BACK_OFFICE) });
    expect(response.headers.get('access-control-max-age')).toBe('60');
  });
});

describe('CORS on actual requests', () => {
  test('a browser page on an allowed origin logs in and reads the answer, with the headers a client needs exposed', async () => {
    t = await startWithCors();
    const email = await t.addStaff(['manager']);
    const login = await t.call('POST', '/api/v1/auth/login', { json: { email, password: PASSWORD }, headers: { origin: BACK_OFFICE } });
    expect(login.status).toBe(200);
    expect(login.headers.get('access-control-allow-origin')).toBe(BACK_OFFICE);
    expect(listOf(login.headers.get('vary'))).toContain('origin');
    expect(login.headers.get('access-control-allow-credentials')).toBeNull();
    const exposed = listOf(login.headers.get('access-control-expose-headers'));
    expect(exposed).toEqual(expect.arrayContaining(['x-request-id', 'location', 'retry-after', 'www-authenticate', 'content-disposition']));
    const { accessToken } = (await login.json()) as { accessToken: string };

    const created = await t.call('POST', '/api/v1/products', { token: accessToken, json: product, headers: { origin: BACK_OFFICE } });
    expect(created.status).toBe(201);
    expect(created.headers.get('access-control-allow-origin')).toBe(BACK_OFFICE);
    expect(created.headers.get('location')).toMatch(/^\/api\/v1\/products\//);
  });

  test('a request from an unlisted origin is served without CORS headers (the browser keeps the answer from the page)', async () => {
    t = await startWithCors();
    const response = await t.call('GET', '/api/v1/auth/me', { headers: { origin: STRANGER } });
    expect(response.status).toBe(401);
    expect(corsHeadersOf(response)).toEqual({});
    expect(listOf(response.headers.get('vary'))).toContain('origin');
  });

  test('requests without Origin (servers, curl) are served as before, with Vary: Origin for shared caches', async () => {
    t = await startWithCors();
    const response = await t.call('GET', '/api/v1/auth/me');
    expect(response.status).toBe(401);
    expect(corsHeadersOf(response)).toEqual({});
    expect(listOf(response.headers.get('vary'))).toContain('origin');
  });
});

describe('CORS on problems', () => {
  const expectReadable = (response: Response) => {
    expect(response.headers.get('access-control-allow-origin')).toBe(BACK_OFFICE);
    expect(listOf(response.headers.get('access-control-expose-headers'))).toContain('x-request-id');
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  };

  test('401 without a token, with its WWW-Authenticate exposed', async () => {
    t = await startWithCors();
    const response = await t.call('GET', '/api/v1/products', { headers: { origin: BACK_OFFICE } });
    expect(response.status).toBe(401);
    expectReadable(response);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect((await problemOf(response)).code).toBe('AUTH.UNAUTHENTICATED');
  });

  test('403 for a role that may not act', async () => {
    t = await startWithCors();
    const token = await t.tokenFor(['viewer']);
    const response = await t.call('POST', '/api/v1/products', { token, json: product, headers: { origin: BACK_OFFICE } });
    expect(response.status).toBe(403);
    expectReadable(response);
    expect((await problemOf(response)).code).toBe('AUTH.FORBIDDEN');
  });

  test('404 for an unknown route and for an unknown product', async () => {
    t = await startWithCors();
    const route = await t.call('GET', '/api/v1/no-such-thing', { headers: { origin: BACK_OFFICE } });
    expect(route.status).toBe(404);
    expectReadable(route);
    const token = await t.tokenFor(['viewer']);
    const missing = await t.call('GET', '/api/v1/products/missing', { token, headers: { origin: BACK_OFFICE } });
    expect(missing.status).toBe(404);
    expectReadable(missing);
  });

  test('400 for malformed JSON and 413 for a body over the limit', async () => {
    t = await startTestApp({ cors: { origins: [BACK_OFFICE] }, limits: { bodyBytes: 2048 } });
    const token = await t.tokenFor(['manager']);
    const malformed = await t.call('POST', '/api/v1/products', {
      token,
      body: '{"sku": ',
      headers: { origin: BACK_OFFICE, 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expectReadable(malformed);
    const tooLarge = await t.call('POST', '/api/v1/products', {
      token,
      json: { ...product, description: 'x'.repeat(4096) },
      headers: { origin: BACK_OFFICE },
    });
    expect(tooLarge.status).toBe(413);
    expectReadable(tooLarge);
  });

  test('429 from the login limit, with Retry-After exposed', async () => {
    t = await startWithCors();
    const email = await t.addStaff(['viewer']);
    for (let attempt = 0; attempt < 5; attempt++) {
      const failed = await t.call('POST', '/api/v1/auth/login', {
        json: { email, password: 'wrong password!' },
        headers: { origin: BACK_OFFICE },
      });
      expect(failed.status).toBe(401);
      expectReadable(failed);
    }
    const locked = await t.call('POST', '/api/v1/auth/login', { json: { email, password: PASSWORD }, headers: { origin: BACK_OFFICE } });
    expect(locked.status).toBe(429);
    expectReadable(locked);
    expect(locked.headers.get('retry-after')).toBe('900');
    expect(listOf(locked.headers.get('access-control-expose-headers'))).toContain('retry-after');
  });

  test('500 from an unexpected failure, its message still hidden', async () => {
    t = await startWithCors();
    const response = await t.call('GET', '/api/v1/test/boom', { headers: { origin: BACK_OFFICE } });
    expect(response.status).toBe(500);
    expectReadable(response);
    const problem = await problemOf(response);
    expect(problem.code).toBe('INTERNAL');
    expect(JSON.stringify(problem)).not.toContain('hunter2');
    expect(response.headers.get('x-request-id')).toBe(problem.requestId);
  });
});

describe('CORS outside the API', () => {
  test('the JWKS (public keys) may be read from any origin, without Vary', async () => {
    t = await startWithCors();
    const response = await t.call('GET', '/.well-known/jwks.json', { headers: { origin: STRANGER } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(listOf(response.headers.get('vary'))).not.toContain('origin');
    const asked = await t.call('OPTIONS', '/.well-known/jwks.json', { headers: preflight(STRANGER, 'GET', 'x-custom') });
    expect(asked.status).toBe(204);
    expect(asked.headers.get('access-control-allow-origin')).toBe('*');
    expect(listOf(asked.headers.get('access-control-allow-methods'))).toEqual(['get', 'head']);
  });

  test('health probes and the API description send no CORS header, even to an allowed origin', async () => {
    t = await startWithCors();
    for (const path of ['/healthz', '/readyz', '/docs/json']) {
      const response = await t.call('GET', path, { headers: { origin: BACK_OFFICE } });
      expect(response.status, path).toBe(200);
      expect(corsHeadersOf(response), path).toEqual({});
    }
    const asked = await t.call('OPTIONS', '/healthz', { headers: preflight(BACK_OFFICE, 'GET') });
    expect(corsHeadersOf(asked)).toEqual({});
  });
});

describe('CORS off', () => {
  for (const [name, cors] of [
    ['not configured', undefined],
    ['an empty list', { origins: [] as string[] }],
  ] as const) {
    test(`${name}: no CORS header anywhere, preflights are unknown routes`, async () => {
      t = await startTestApp(cors ? { cors } : {});
      const asked = await t.call('OPTIONS', '/api/v1/products', { headers: preflight(BACK_OFFICE) });
      expect(asked.status).toBe(404);
      expect(corsHeadersOf(asked)).toEqual({});
      for (const path of ['/api/v1/products', '/api/v1/auth/me', '/.well-known/jwks.json', '/healthz']) {
        const response = await t.call('GET', path, { headers: { origin: BACK_OFFICE } });
        expect(corsHeadersOf(response), path).toEqual({});
        expect(response.headers.get('vary'), path).toBeNull();
      }
    });
  }
});

describe('CORS for any origin (demo)', () => {
  test('"*" answers every origin with *, no Vary and still no credentials', async () => {
    t = await startWithCors('*');
    const asked = await t.call('OPTIONS', '/api/v1/products', { headers: preflight(STRANGER) });
    expect(asked.status).toBe(204);
    expect(asked.headers.get('access-control-allow-origin')).toBe('*');
    const response = await t.call('GET', '/api/v1/auth/me', { headers: { origin: STRANGER } });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(listOf(response.headers.get('vary'))).not.toContain('origin');
  });
});

describe('CORS options', () => {
  test('createHttpServer refuses an origin a browser would never send', async () => {
    const base = await startTestApp();
    try {
      for (const origin of [
        'https://admin.shop.example/',
        'HTTPS://ADMIN.SHOP.EXAMPLE',
        'https://admin.shop.example:443',
        'admin.shop.example',
      ]) {
        await expect(
          createHttpServer({
            useCases: base.useCases,
            uow: base.uow,
            clock: base.clock,
            ids: new SequentialIdGenerator(),
            tokens: base.tokens,
            images: base.images,
            logger: false,
            cors: { origins: [origin] },
          }),
          origin,
        ).rejects.toThrow(/not an origin/);
      }
    } finally {
      await base.close();
    }
  });

  test('the module options accept origins or "*", and refuse anything else by name', () => {
    const options = { issuer: 'https://api.shop.example', audience: 'mostrador-api' };
    expect(HttpModuleOptionsSchema.parse({ ...options, cors: { origins: [BACK_OFFICE] } }).cors).toEqual({
      origins: [BACK_OFFICE],
      maxAgeSeconds: 600,
    });
    expect(HttpModuleOptionsSchema.parse({ ...options, cors: { origins: '*' } }).cors?.origins).toBe('*');
    const refused = HttpModuleOptionsSchema.safeParse({ ...options, cors: { origins: ['https://admin.shop.example/path'] } });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['cors', 'origins', 0]);
  });
});
