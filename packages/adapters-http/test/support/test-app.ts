import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  createCounterSaleUseCases,
  createInvoicingUseCases,
  createUseCases,
  DEFAULT_SHOP_SETTINGS,
  type Role,
  type SecretTokens,
  type UseCases,
} from '@mostrador/core';
import {
  createInMemoryPersistence,
  FakePasswordHasher,
  FixedClock,
  InMemoryExclusiveLocks,
  InMemoryImageStore,
  InMemoryInvoiceAuthorizer,
  type InMemoryUnitOfWork,
  SequentialIdGenerator,
} from '@mostrador/testkit/memory';
import type { FastifyInstance } from 'fastify';
import { type ConfiguredSigningKey, createHttpServer, type HttpServerDependencies, JoseTokenIssuer } from '../../src/index.js';

/** Refresh-token secrets as the app binds them (random, stored as SHA-256 hex): the HTTP tests check their shape. */
const randomSecretTokens: SecretTokens = {
  generate: () => randomBytes(32).toString('base64url'),
  digest: async (secret) => createHash('sha256').update(secret, 'utf8').digest('hex'),
};

export const ISSUER = 'https://api.mostrador.test';
export const AUDIENCE = 'mostrador-api';
/** Long enough for core's password rule. */
export const PASSWORD = 'correct horse battery';

export interface CallOptions {
  readonly token?: string;
  readonly json?: unknown;
  readonly body?: RequestInit['body'];
  readonly headers?: Record<string, string>;
}

export interface TestApp {
  readonly app: FastifyInstance;
  readonly baseUrl: string;
  readonly clock: FixedClock;
  readonly uow: InMemoryUnitOfWork;
  readonly useCases: UseCases;
  readonly tokens: JoseTokenIssuer;
  readonly images: InMemoryImageStore;
  call(method: string, path: string, options?: CallOptions): Promise<Response>;
  /** Creates an active staff user with `roles` (through the use case) and returns their email. */
  addStaff(roles: readonly Role[], email?: string): Promise<string>;
  login(email: string, password?: string): Promise<{ accessToken: string; refreshToken: string; expiresIn: number; tokenType: string }>;
  /** A signed-in user with `roles`: their access token. */
  tokenFor(roles: readonly Role[]): Promise<string>;
  close(): Promise<void>;
}

let emails = 0;

/**
 * The API over real HTTP on a free port, driven by core's use cases on the testkit's in-memory
 * adapters, the testkit's fake password hasher (hashing is the app's, not this adapter's) and the real jose issuer.
 */
export async function startTestApp(
  overrides: Partial<HttpServerDependencies> = {},
  options: { signingKeys?: readonly ConfiguredSigningKey[] } = {},
): Promise<TestApp> {
  const clock = new FixedClock('2025-03-10T12:00:00.000Z');
  const ids = new SequentialIdGenerator();
  const { uow, search } = createInMemoryPersistence({ clock });
  const passwords = new FakePasswordHasher();
  // Real refresh-token secrets (node:crypto), so the tests see what a client gets.
  const secrets = randomSecretTokens;
  const useCases = createUseCases({ uow, search, clock, ids, passwords, secrets, settings: DEFAULT_SHOP_SETTINGS });
  const tokens = new JoseTokenIssuer({
    issuer: ISSUER,
    audience: AUDIENCE,
    clock,
    ...(options.signingKeys ? { keys: options.signingKeys } : { settings: uow.repositories.settings }),
  });
  const images = new InMemoryImageStore();
  // Counter sales and invoicing (ARCA's numbering rules in memory; the adapters run against the emulator).
  const counterSales = createCounterSaleUseCases({ uow, search, clock, ids, passwords, secrets, settings: DEFAULT_SHOP_SETTINGS });
  const invoicing = createInvoicingUseCases({
    uow,
    authorizer: new InMemoryInvoiceAuthorizer(),
    locks: new InMemoryExclusiveLocks(),
    clock,
    ids,
    issuer: { ...DEFAULT_SHOP_SETTINGS.issuer, grossIncomeNumber: DEFAULT_SHOP_SETTINGS.issuer.cuit, activityStartDate: '2020-01-01' },
  });
  const app = await createHttpServer({ useCases, uow, clock, ids, tokens, images, logger: false, counterSales, invoicing, ...overrides });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  const call = (method: string, path: string, options: CallOptions = {}): Promise<Response> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.json);
    }
    return fetch(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  };

  const addStaff = async (roles: readonly Role[], email = `staff${++emails}@shop.test`): Promise<string> => {
    await useCases.staff.createUser({ kind: 'system' }, { email, name: `Staff ${email}`, password: PASSWORD, roles });
    return email;
  };

  const login = async (email: string, password = PASSWORD) => {
    const response = await call('POST', '/api/v1/auth/login', { json: { email, password } });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as { accessToken: string; refreshToken: string; expiresIn: number; tokenType: string };
  };

  return {
    app,
    baseUrl,
    clock,
    uow,
    useCases,
    tokens,
    images,
    call,
    addStaff,
    login,
    tokenFor: async (roles) => (await login(await addStaff(roles))).accessToken,
    close: () => app.close(),
  };
}

/** The parsed body of a problem response, after checking it is one. */
export async function problemOf(response: Response): Promise<{
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  requestId: string;
  errors?: { field: string | null; code: string; message: string; in?: string; row?: number }[];
  details?: Record<string, unknown>;
}> {
  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.startsWith('application/problem+json'))
    throw new Error(`expected a problem, got ${response.status} ${contentType}: ${await response.text()}`);
  return (await response.json()) as never;
}
