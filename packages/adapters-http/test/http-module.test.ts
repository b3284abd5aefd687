import { createHmac } from 'node:crypto';
import {
  bindToken,
  createUseCases,
  DEFAULT_SHOP_SETTINGS,
  type InboundRequest,
  type InboundRoute,
  resolveToken,
  type Startable,
  TOKENS,
} from '@mostrador/core';
import {
  createInMemoryPersistence,
  FakePasswordHasher,
  FakeSecretTokens,
  FixedClock,
  InMemoryImageStore,
  SequentialIdGenerator,
} from '@mostrador/testkit/memory';
import { Container, ContainerModule } from 'inversify';
import { afterEach, describe, expect, test } from 'vitest';
import { HTTP_TOKENS, httpModule, JoseTokenIssuer } from '../src/index.js';

/** What the app's core module binds for the ports the HTTP module needs. */
function containerWithCore(): Container {
  const container = new Container();
  const clock = new FixedClock();
  const ids = new SequentialIdGenerator();
  const { uow, search } = createInMemoryPersistence({ clock });
  const passwords = new FakePasswordHasher();
  bindToken(container, TOKENS.Clock).toConstantValue(clock);
  bindToken(container, TOKENS.IdGenerator).toConstantValue(ids);
  bindToken(container, TOKENS.UnitOfWork).toConstantValue(uow);
  bindToken(container, TOKENS.ImageStore).toConstantValue(new InMemoryImageStore());
  bindToken(container, TOKENS.UseCases).toConstantValue(
    createUseCases({ uow, search, clock, ids, passwords, secrets: new FakeSecretTokens(), settings: DEFAULT_SHOP_SETTINGS }),
  );
  return container;
}

/** Another adapter's module, as a payment provider or a channel writes it: its routes, no Fastify. */
const routesModule = (...routes: InboundRoute[]): ContainerModule =>
  new ContainerModule((load) => {
    for (const route of routes) bindToken(load, TOKENS.InboundRoute).toConstantValue(route);
  });

const startHttp = async (container: Container): Promise<string> => {
  const [startable] = container.getAll<Startable>(TOKENS.Startable);
  await startable!.start();
  started.push(startable!);
  return resolveToken(container, HTTP_TOKENS.Server).url;
};

const options = {
  host: '127.0.0.1',
  port: 0,
  issuer: 'https://api.test',
  audience: 'mostrador-api',
  logger: false as const,
};
const started: Startable[] = [];
afterEach(async () => {
  for (const startable of started.splice(0).reverse()) await startable.stop();
});

describe('httpModule', () => {
  test('binds the token issuer and a Startable (phase serve) that serves the API until stopped; the password hasher is left to the app', async () => {
    const container = containerWithCore();
    container.load(httpModule(options));
    expect(resolveToken(container, TOKENS.TokenIssuer)).toBeInstanceOf(JoseTokenIssuer);
    expect(resolveToken(container, TOKENS.TokenIssuer)).toBe(resolveToken(container, HTTP_TOKENS.JoseTokenIssuer));
    expect(container.isBound(TOKENS.PasswordHasher)).toBe(false);

    const [startable] = container.getAll<Startable>(TOKENS.Startable);
    expect(startable).toMatchObject({ name: 'http', phase: 'serve' });
    await startable!.start();
    started.push(startable!);
    const server = resolveToken(container, HTTP_TOKENS.Server);
    expect(server).toBe(startable);

    const useCases = resolveToken(container, TOKENS.UseCases);
    await useCases.staff.createUser(
      { kind: 'system' },
      { email: 'owner@shop.test', name: 'Owner', password: 'a long enough password', roles: ['owner'] },
    );
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@shop.test', password: 'a long enough password' }),
    });
    expect(login.status).toBe(200);

    const url = server.url;
    await startable!.stop();
    started.pop();
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  test('mounts every route bound under TOKENS.InboundRoute, handing it the raw body byte for byte and a framework-free request', async () => {
    const container = containerWithCore();
    const received: InboundRequest[] = [];
    const secret = 'webhook-secret';
    container.load(
      httpModule(options),
      routesModule(
        {
          method: 'POST',
          path: '/webhooks/payments/test',
          bodyLimit: 4096,
          handler: async (request) => {
            received.push(request);
            const expected = createHmac('sha256', secret)
              .update(request.rawBody ?? new Uint8Array())
              .digest('hex');
            if (request.headers['x-signature'] !== expected) return { status: 401, body: { error: 'bad signature' } };
            return { status: 200, headers: { 'x-handled-by': 'test' }, body: { ok: true } };
          },
        },
        {
          method: 'GET',
          path: '/webhooks/payments/test',
          handler: async (request) => ({ status: 200, body: request.query.challenge ?? '' }),
        },
      ),
    );
    const url = await startHttp(container);

    // Spacing a JSON re-serialization would lose: the signature is over these exact bytes.
    const raw = '{ "type": "payment",  "data": { "id": "123" } }';
    const signature = createHmac('sha256', secret).update(raw).digest('hex');
    const response = await fetch(`${url}/webhooks/payments/test?topic=payment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signature },
      body: raw,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-handled-by')).toBe('test');
    expect(await response.json()).toEqual({ ok: true });
    expect(received[0]).toMatchObject({ query: { topic: 'payment' }, body: { type: 'payment', data: { id: '123' } } });
    expect(new TextDecoder().decode(received[0]!.rawBody!)).toBe(raw);

    // Bytes that are not UTF-8 text reach the handler unchanged too.
    const binary = Uint8Array.from([0, 255, 128, 10, 13, 0x7b, 0xc3]);
    await fetch(`${url}/webhooks/payments/test`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: binary });
    expect([...received[1]!.rawBody!]).toEqual([...binary]);
    expect(received[1]!.body).toBeNull();

    const challenge = await fetch(`${url}/webhooks/payments/test?challenge=abc`);
    expect(await challenge.text()).toBe('abc');

    const forged = await fetch(`${url}/webhooks/payments/test`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': 'nope' },
      body: raw,
    });
    expect(forged.status).toBe(401);
    const tooBig = await fetch(`${url}/webhooks/payments/test`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(5000) }),
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers.get('content-type')).toContain('application/problem+json');
  });

  test("cors options reach the server: the API answers the listed origin, other adapters' webhooks stay without CORS", async () => {
    const container = containerWithCore();
    container.load(
      httpModule({ ...options, cors: { origins: ['https://admin.shop.example'], maxAgeSeconds: 120 } }),
      routesModule({ method: 'POST', path: '/webhooks/test', handler: async () => ({ status: 204 }) }),
    );
    const url = await startHttp(container);
    const preflight = { origin: 'https://admin.shop.example', 'access-control-request-method': 'POST' };

    const api = await fetch(`${url}/api/v1/auth/login`, { method: 'OPTIONS', headers: preflight });
    expect(api.status).toBe(204);
    expect(api.headers.get('access-control-allow-origin')).toBe('https://admin.shop.example');
    expect(api.headers.get('access-control-max-age')).toBe('120');
    const webhook = await fetch(`${url}/webhooks/test`, { method: 'POST', headers: { origin: 'https://admin.shop.example' } });
    expect(webhook.status).toBe(204);
    expect(webhook.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('a route bound twice, or with a parameterised path, fails the start naming the route, and nothing listens', async () => {
    const handler = async () => ({ status: 204 });
    const twice = containerWithCore();
    twice.load(
      httpModule(options),
      routesModule({ method: 'POST', path: '/hooks/a', handler }),
      routesModule({ method: 'POST', path: '/hooks/a', handler }),
    );
    const [duplicate] = twice.getAll<Startable>(TOKENS.Startable);
    await expect(duplicate!.start()).rejects.toThrow('inbound route POST /hooks/a is bound twice');
    expect(() => resolveToken(twice, HTTP_TOKENS.Server).url).toThrow(/not listening/);

    const parameterised = containerWithCore();
    parameterised.load(httpModule(options), routesModule({ method: 'POST', path: '/hooks/:id', handler }));
    const [startable] = parameterised.getAll<Startable>(TOKENS.Startable);
    await expect(startable!.start()).rejects.toThrow(/POST \/hooks\/:id: the path must be an absolute literal path/);

    // The same path under two methods is two routes.
    const methods = containerWithCore();
    methods.load(
      httpModule(options),
      routesModule(
        { method: 'POST', path: '/hooks/a', handler },
        { method: 'GET', path: '/hooks/a', handler: async () => ({ status: 200 }) },
      ),
    );
    const url = await startHttp(methods);
    expect((await fetch(`${url}/hooks/a`)).status).toBe(200);
    expect((await fetch(`${url}/hooks/a`, { method: 'POST' })).status).toBe(204);
  });

  test('options are validated when the module is created, with a readable message', () => {
    expect(() => httpModule({ ...options, issuer: '' })).toThrow(/issuer/);
    expect(() => httpModule({ ...options, port: 70_000 })).toThrow(/port/);
    expect(() => httpModule({ ...options, signingKeys: [{ privateKey: 'not a pem' }] })).toThrow(/PKCS#8/);
    expect(() => httpModule({ ...options, colour: 'blue' } as never)).toThrow(/colour/);
    expect(() => httpModule({ ...options, cors: { origins: ['https://admin.shop.example/'] } })).toThrow(
      /origin as browsers send it[\s\S]*cors\.origins\[0\]/,
    );
  });

  test('a configured key that cannot be read makes start fail, not the first login', async () => {
    const container = containerWithCore();
    container.load(
      httpModule({ ...options, signingKeys: [{ privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }] }),
    );
    const [startable] = container.getAll<Startable>(TOKENS.Startable);
    await expect(startable!.start()).rejects.toThrow();
  });
});
