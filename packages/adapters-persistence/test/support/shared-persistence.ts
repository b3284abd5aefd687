import type { PersistenceFactory, PersistenceUnderTest } from '@mostrador/testkit/contracts';
import { afterAll } from 'vitest';
import type { Persistence } from '../../src/index.js';
import { resetDatabase } from './databases.js';

/**
 * One database per test file, shared by every suite of the file: opened on first use, emptied
 * by each suite before each test (through `reset`), closed and dropped once at the end of the
 * file. The contract suites' `close()` is therefore a no-op.
 */
export const sharedPersistence = (open: () => Promise<{ persistence: Persistence; dispose(): Promise<void> }>) => {
  let opened: Promise<{ persistence: Persistence; dispose(): Promise<void> }> | null = null;
  const get = async (): Promise<Persistence> => {
    opened ??= open();
    return (await opened).persistence;
  };
  afterAll(async () => {
    if (opened) await (await opened).dispose();
  });
  const factory: PersistenceFactory = async (): Promise<PersistenceUnderTest> => {
    const persistence = await get();
    return {
      uow: persistence.uow,
      search: persistence.search,
      reset: () => resetDatabase(persistence),
      close: async () => {},
    };
  };
  return { factory, get };
};
