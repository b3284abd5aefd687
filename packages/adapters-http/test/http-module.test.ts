import { createHmac } from 'node:crypto';
import {
  type Clock,
  createUseCases,
  DEFAULT_SHOP_SETTINGS,
  type IdGenerator,
  type ImageStore,
  type Startable,
  TOKENS,
  type Token,
  type UnitOfWork,
  type UseCases,
} from '@mostrador/core';
import { createInMemoryPersistence, FixedClock, InMemoryImageStore, SequentialIdGenerator } from '@mostrador/testkit/memory';
import { Container, type ServiceIdentifier } from 'inversify';
import { afterEach, describe, expect, test } from 'vitest';
import { HTTP_TOKENS, httpModule, JoseTokenIssuer, type MinimalRequest, ScryptPasswordHasher } from '../src/index.js';

const id = <T>(key: Token<T>): ServiceIdentifier<T> => key;

/** What the app's composition root does for the ports the HTTP module needs. */
function containerWithCore(): Container {
  const container = new Container();
  const clock = new FixedClock();
  const ids = new SequentialIdGenerator();
  const { uow, search } = createInMemoryPersistence({ clock });
  container.bind(id<Clock>(TOKENS.Clock)).toConstantValue(clock);
  container.bind(id<IdGenerator>(TOKENS.IdGenerator)).toConstantValue(ids);
  container.bind(id<UnitOfWork>(TOKENS.UnitOfWork)).toConstantValue(uow);
  container.bind(id<ImageStore>(TOKENS.ImageStore)).toConstantValue(new InMemoryImageStore());
  container
    .bind(id<UseCases>(TOKENS.UseCases))
    .toDynamicValue((context) =>
      createUseCases({ uow, search, clock, ids, passwords: context.get(id(TOKENS.PasswordHasher)), settings: DEFAULT_SHOP_SETTINGS }),
    )
    .inSingletonScope();
  return container;
}

const options = {
  host: '127.0.0.1',
  port: 0,
  issuer: 'https://api.test',
  audience: 'mostrador-api',
  logger: false as const,
  scrypt: { logN: 12 },
};
const started: Startable[] = [];
afterEach(async () => {
  for (const startable of started.splice(0).reverse()) await startable.stop();
});

describe('httpModule', () => {
  test('binds the token issuer, the password hasher and a Startable that serves the API until stopped', async () => {
    const container = containerWithCore();
    container.load(httpModule(options));
    expect(container.get(id(TOKENS.TokenIssuer))).toBeInstanceOf(JoseTokenIssuer);
    expect(container.get(id(TOKENS.TokenIssuer))).toBe(container.get(id(HTTP_TOKENS.JoseTokenIssuer)));
    expect(container.get(id(TOKENS.PasswordHasher))).toBeInstanceOf(ScryptPasswordHasher);

    const [startable] = container.getAll(id(TOKENS.Startable));
    expect(startable!.name).toBe('http');
    await startable!.start();
    started.push(startable!);
    const server = container.get(id(HTTP_TOKENS.Server));
    expect(server).toBe(startable);

    const useCases = container.get(id(TOKENS.UseCases));
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

  test('other adapters serve routes through the registry with the raw body and a minimal request, without Fastify', async () => {
    const container = containerWithCore();
    container.load(httpModule(options));
    const received: MinimalRequest[] = [];
    const secret = 'webhook-secret';
    container.get(id(HTTP_TOKENS.RouteRegistry)).registerRoute({
      method: 'POST',
      url: '/webhooks/payments/test',
      bodyLimit: 4096,
      handler: async (request) => {
        received.push(request);
        const expected = createHmac('sha256', secret)
          .update(request.rawBody ?? new Uint8Array())
          .digest('hex');
        if (request.headers['x-signature'] !== expected) return { status: 401, body: { error: 'bad signature' } };
        return { status: 200, headers: { 'x-handled-by': 'test' }, body: { ok: true } };
      },
    });
    const [startable] = container.getAll(id(TOKENS.Startable));
    await startable!.start();
    started.push(startable!);
    const { url } = container.get(id(HTTP_TOKENS.Server));

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

    expect(() =>
      container.get(id(HTTP_TOKENS.RouteRegistry)).registerRoute({ method: 'POST', url: '/late', handler: async () => ({ status: 204 }) }),
    ).toThrow(/before start/);
  });

  test("cors options reach the server: the API answers the listed origin, other adapters' webhooks stay without CORS", async () => {
    const container = containerWithCore();
    container.load(httpModule({ ...options, cors: { origins: ['https://admin.shop.example'], maxAgeSeconds: 120 } }));
    container
      .get(id(HTTP_TOKENS.RouteRegistry))
      .registerRoute({ method: 'POST', url: '/webhooks/test', handler: async () => ({ status: 204 }) });
    const [startable] = container.getAll(id(TOKENS.Startable));
    await startable!.start();
    started.push(startable!);
    const { url } = container.get(id(HTTP_TOKENS.Server));
    const preflight = { origin: 'https://admin.shop.example', 'access-control-request-method': 'POST' };

    const api = await fetch(`${url}/api/v1/auth/login`, { method: 'OPTIONS', headers: preflight });
    expect(api.status).toBe(204);
    expect(api.headers.get('access-control-allow-origin')).toBe('https://admin.shop.example');
    expect(api.headers.get('access-control-max-age')).toBe('120');
    const webhook = await fetch(`${url}/webhooks/test`, { method: 'POST', headers: { origin: 'https://admin.shop.example' } });
    expect(webhook.status).toBe(204);
    expect(webhook.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('the registry refuses parameterised and duplicate urls', () => {
    const container = containerWithCore();
    container.load(httpModule(options));
    const registry = container.get(id(HTTP_TOKENS.RouteRegistry));
    const handler = async () => ({ status: 204 });
    expect(() => registry.registerRoute({ method: 'POST', url: '/hooks/:id', handler })).toThrow(/literal path/);
    registry.registerRoute({ method: 'POST', url: '/hooks/a', handler });
    expect(() => registry.registerRoute({ method: 'POST', url: '/hooks/a', handler })).toThrow(/already registered/);
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
    const [startable] = container.getAll(id(TOKENS.Startable));
    await expect(startable!.start()).rejects.toThrow();
  });
});
