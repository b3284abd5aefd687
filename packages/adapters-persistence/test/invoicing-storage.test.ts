import { accessTicketStoreContract, exclusiveLocksContract } from '@mostrador/testkit/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersistence, type Persistence } from '../src/index.js';
import { createTestDatabase, openPGliteInMemory, type TestDatabase } from './support/databases.js';

/*
 * The ARCA storage ports on PostgreSQL (two Persistence instances on one database, as two app
 * instances would be) and on PGlite (one process: the same instance twice).
 */

let postgres: Promise<{ database: TestDatabase; a: Persistence; b: Persistence }> | null = null;
const openPostgresPair = () => {
  postgres ??= (async () => {
    const database = await createTestDatabase();
    const a = await createPersistence({ url: database.url });
    await a.migrate();
    const b = await createPersistence({ url: database.url });
    return { database, a, b };
  })();
  return postgres;
};

let pglite: ReturnType<typeof openPGliteInMemory> | null = null;
const openPglite = () => {
  pglite ??= openPGliteInMemory();
  return pglite;
};

// Opening the databases is the slow part (PGlite creates its cluster): done before the tests, with the hook's time.
beforeAll(async () => {
  await openPostgresPair();
  await openPglite();
}, 120_000);

afterAll(async () => {
  if (postgres) {
    const { database, a, b } = await postgres;
    await a.close();
    await b.close();
    await database.drop();
  }
  if (pglite) await (await pglite).dispose();
});

accessTicketStoreContract(async () => (await openPostgresPair()).a.accessTickets, { name: 'postgres' });
exclusiveLocksContract(
  async () => {
    const { a, b } = await openPostgresPair();
    return [a.locks, b.locks] as const;
  },
  { name: 'postgres' },
);
accessTicketStoreContract(async () => (await openPglite()).persistence.accessTickets, { name: 'pglite' });
exclusiveLocksContract(
  async () => {
    const { persistence } = await openPglite();
    return [persistence.locks, persistence.locks] as const;
  },
  { name: 'pglite' },
);

describe('exclusive locks on PostgreSQL', () => {
  it('a ticket saved by one instance is read by the other', async () => {
    const { a, b } = await openPostgresPair();
    const ticket = { token: 't', sign: 's', expiresAt: new Date('2026-12-07T00:00:00Z') };
    await a.accessTickets.save('homologation:wsfe:shared', ticket);
    expect(await b.accessTickets.get('homologation:wsfe:shared')).toEqual(ticket);
  });

  it('a lock whose holder lost its session is free again (PostgreSQL ends a dead session’s advisory locks)', async () => {
    const { database, b } = await openPostgresPair();
    const doomed = await createPersistence({ url: database.url });
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const held = doomed.locks.withLock('k:dies', async () => {
      entered();
      await new Promise(() => undefined);
    });
    void held.catch(() => undefined);
    await inside;
    await doomed.dataSource.query('SELECT 1');
    // Terminate the other instance's sessions, as a killed process's connections end.
    await b.dataSource.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_advisory_lock%'",
    );
    expect(await b.locks.withLock('k:dies', async () => 'free')).toBe('free');
    await doomed.close().catch(() => undefined);
  });
});
