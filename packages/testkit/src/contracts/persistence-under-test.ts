import type { ProductSearch, UnitOfWork } from '@mostrador/core';

/** What an adapter hands the contract suites: its ports, and a way to empty and close them. */
export interface PersistenceUnderTest {
  readonly uow: UnitOfWork;
  readonly search: ProductSearch;
  /** Removes every row (called before each test). */
  reset(): Promise<void>;
  /** Releases connections (called once after the suite). */
  close(): Promise<void>;
}

export type PersistenceFactory = () => Promise<PersistenceUnderTest>;

export interface RepositoriesCapabilities {
  /** Shown in the suite title, e.g. 'postgres' or 'pglite'. */
  readonly name?: string;
  /**
   * False for an adapter that cannot have two transactions open at once. Its concurrency tests
   * are then not registered. An adapter that queues transactions itself (one connection) still
   * passes them and should leave this true.
   */
  readonly concurrentTransactions?: boolean;
}

/** The suite's handle on the adapter: valid inside tests and hooks. */
export interface ContractContext {
  readonly persistence: () => PersistenceUnderTest;
}
