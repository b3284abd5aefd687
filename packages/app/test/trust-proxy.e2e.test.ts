import { HTTP_TOKENS } from '@mostrador/adapters-http';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AppRuntime, compose } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { coreModule } from '../src/core-module.js';
import { httpModuleFromConfig, persistenceModuleFromConfig } from '../src/modules.js';
import { createTestDatabase, type TestDatabase } from './support/postgres-database.js';

/*
 * TRUST_PROXY end to end, as `mostrador start` composes the API: listening on 0.0.0.0 (as in a
 * container), failed logins are limited per client address (20 in 15 minutes). The tests connect
 * from 127.0.0.1 and claim other addresses in X-Forwarded-For; whether the claim counts decides
 * whether the 21st failure is refused.
 */

const PER_ADDRESS_LIMIT = 20;

let database: TestDatabase;
let runtime: AppRuntime | null = null;
let attempts = 0;

beforeAll(async () => {
  database = await createTestDatabase('trust_proxy');
});

afterEach(async () => {
  await runtime?.stop();
  runtime = null;
});

afterAll(async () => {
  await database?.drop();
});

/** The API composed from the configuration with TRUST_PROXY as given; its base URL over loopback. */
const startApi = async (trustProxy?: string): Promise<string> => {
  const config = loadConfig({
    DATABASE_URL: database.url,
    HOST: '0.0.0.0',
    PORT: '0',
    LOG_LEVEL: 'silent',
    ...(trustProxy === undefined ? {} : { TRUST_PROXY: trustProxy }),
  });
  // The reference modules, with cheap password hashing: every failed login hashes once.
  const core = coreModule({ logger: pino({ level: 'silent' }), passwordCost: { logN: 10 } });
  runtime = compose({ modules: [core, persistenceModuleFromConfig(config), httpModuleFromConfig(config)] });
  await runtime.start();
  const { port } = new URL(runtime.resolve(HTTP_TOKENS.Server).url);
  return `http://127.0.0.1:${port}`;
};

/** A failed login (a new unknown account each time, so no account reaches its own limit) claiming `forwardedFor`. */
const failLogin = async (baseUrl: string, forwardedFor: string): Promise<number> => {
  attempts += 1;
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ email: `nobody${attempts}@shop.test`, password: 'a wrong guess' }),
  });
  await response.body?.cancel();
  return response.status;
};

/** Statuses of `PER_ADDRESS_LIMIT + 1` failed logins, the i-th claiming `forwardedFor(i)`. */
const failuresPastTheLimit = async (baseUrl: string, forwardedFor: (i: number) => string): Promise<number[]> => {
  const statuses: number[] = [];
  for (let i = 0; i <= PER_ADDRESS_LIMIT; i += 1) statuses.push(await failLogin(baseUrl, forwardedFor(i)));
  return statuses;
};

const firstTwenty401ThenBlocked = [...Array<number>(PER_ADDRESS_LIMIT).fill(401), 429];

describe('TRUST_PROXY', () => {
  it('is off by default: X-Forwarded-For is ignored and failures are limited per connecting address', async () => {
    const baseUrl = await startApi();
    expect(await failuresPastTheLimit(baseUrl, (i) => `198.51.100.${i + 1}`)).toEqual(firstTwenty401ThenBlocked);
  });

  it('with an address list, believes X-Forwarded-For only from a listed proxy', async () => {
    const fromElsewhere = await startApi('10.0.0.0/8, 192.0.2.1');
    expect(await failuresPastTheLimit(fromElsewhere, (i) => `198.51.100.${i + 1}`)).toEqual(firstTwenty401ThenBlocked);
    await runtime?.stop();

    // Now the tests' own address is the listed proxy: each forwarded client has its own budget…
    const throughProxy = await startApi('127.0.0.1');
    expect(await failuresPastTheLimit(throughProxy, (i) => `198.51.100.${i + 1}`)).toEqual(Array<number>(PER_ADDRESS_LIMIT + 1).fill(401));
    // …and one client is still limited by its own forwarded address.
    expect(await failuresPastTheLimit(throughProxy, () => '203.0.113.7')).toEqual(firstTwenty401ThenBlocked);
  });

  it('with a hop count, believes only the address the trusted proxy appended, not what the client wrote before it', async () => {
    const baseUrl = await startApi('1');
    // The client forges a different address each time; the proxy appends the one it saw.
    expect(await failuresPastTheLimit(baseUrl, (i) => `198.51.100.${i + 1}, 203.0.113.7`)).toEqual(firstTwenty401ThenBlocked);
    // Another client behind the same proxy is not blocked.
    expect(await failLogin(baseUrl, '203.0.113.8')).toBe(401);
  });
});
