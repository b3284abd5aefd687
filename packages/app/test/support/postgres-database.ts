import { randomBytes } from 'node:crypto';
import { createPersistence } from '@mostrador/adapters-persistence';

/** The server the app's end-to-end tests create their databases on. */
export const BASE_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh PostgreSQL database of one test file, dropped (even with open connections) when done. */
export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** Runs one statement on the base database (CREATE/DROP DATABASE cannot run inside the test's own). */
const onServer = async (sql: string): Promise<void> => {
  const admin = await createPersistence({ url: BASE_DATABASE_URL });
  try {
    await admin.dataSource.query(sql);
  } finally {
    await admin.close();
  }
};

/** Creates `<prefix>_<random>` on the test server. */
export const createTestDatabase = async (prefix: string): Promise<TestDatabase> => {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await onServer(`CREATE DATABASE ${name}`);
  const url = new URL(BASE_DATABASE_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
};
