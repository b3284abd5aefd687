import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { ContractContext, PersistenceFactory, PersistenceUnderTest } from './persistence-under-test.js';

/** Creates the adapter once for the enclosing describe, empties it before each test, closes it after. */
export const usePersistence = (factory: PersistenceFactory): ContractContext => {
  let current: PersistenceUnderTest | null = null;
  beforeAll(async () => {
    current = await factory();
  });
  afterAll(async () => {
    await current?.close();
    current = null;
  });
  beforeEach(async () => {
    await current?.reset();
  });
  return {
    persistence: () => {
      if (!current) throw new Error('the persistence under test is not ready: call it inside a test or hook');
      return current;
    },
  };
};

/** Rejects with the thrown error, or fails when nothing was thrown. */
export const caught = async (run: () => Promise<unknown>): Promise<unknown> => {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw, and it did not');
};

/** Every item of every page, asking `limit` at a time. */
export const allPages = async <T>(
  read: (offset: number, limit: number) => Promise<{ items: readonly T[]; total: number }>,
  limit: number,
): Promise<T[]> => {
  const items: T[] = [];
  for (let offset = 0; ; offset += limit) {
    const page = await read(offset, limit);
    items.push(...page.items);
    if (page.items.length < limit) return items;
    if (offset > 100_000) throw new Error('paging did not end');
  }
};

export const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
