import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPersistence, type Persistence } from '../../src/index.js';

/** Tables emptied between tests, children first. */
const TABLES = [
  'campaign_recipients',
  'campaigns',
  'stock_alerts',
  'notification_log',
  'customer_identities',
  'customers',
  'carts',
  'orders',
  'payments',
  'payment_checkouts',
  'invoices',
  'staff_users',
  'refresh_tokens',
  'stock_movements',
  'outbox',
  'settings',
  'conversations',
  'processed_updates',
  'images',
  'products',
  'search_words',
  'categories',
  'arca_access_tickets',
];

/** Empties every table and rewinds the sequences, as the contract suites expect before each test. */
export const resetDatabase = async (persistence: Persistence): Promise<void> => {
  await persistence.dataSource.query(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY`);
  await persistence.dataSource.query(`ALTER SEQUENCE order_number_seq RESTART WITH 1`);
  // Raw SQL: on PostgreSQL the trigger's notification would clear the category cache a moment later.
  persistence.categoryCache.invalidate();
};

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/**
 * A fresh database `mostrador_t_<random>` on the test server. PostgreSQL is part of every
 * development and CI machine: when it is unreachable this fails loudly (never skips).
 */
export const createTestDatabase = async (): Promise<TestDatabase> => {
  const name = `mostrador_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (error) {
    const where = new URL(TEST_DATABASE_URL).host;
    const hint = process.env.CI
      ? 'CI must start PostgreSQL before the tests (.ci/run does).'
      : 'Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';
    throw new Error(`PostgreSQL is unreachable at ${where} (TEST_DATABASE_URL): ${(error as Error).message}. ${hint}`);
  }
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(TEST_DATABASE_URL, name),
    name,
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
};

/** A migrated Persistence on a fresh PostgreSQL database, and how to dispose of both. */
export const openPostgres = async (): Promise<{ persistence: Persistence; database: TestDatabase; dispose(): Promise<void> }> => {
  const database = await createTestDatabase();
  const persistence = await createPersistence({ url: database.url });
  await persistence.migrate();
  return {
    persistence,
    database,
    dispose: async () => {
      await persistence.close();
      await database.drop();
    },
  };
};

/** A migrated Persistence on PGlite in memory. */
export const openPGliteInMemory = async (): Promise<{ persistence: Persistence; dispose(): Promise<void> }> => {
  const persistence = await createPersistence({ dataDir: ':memory:' });
  await persistence.migrate();
  return { persistence, dispose: () => persistence.close() };
};
