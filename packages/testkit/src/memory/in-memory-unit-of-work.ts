import type { Repositories, UnitOfWork } from '@mostrador/core';
import { AsyncMutex } from './async-mutex.js';
import { createInMemoryRepositories } from './in-memory-repositories.js';
import { copyTables, emptyTables, type MemorySequences, type MemoryTables, type TableAccess } from './memory-tables.js';

/**
 * A UnitOfWork over plain maps with real transaction semantics:
 * - a transaction works on a copy of the tables and swaps it in when the work resolves, so a
 *   commit is atomic and a rollback (the work throws) discards every write;
 * - transactions run one at a time (an async mutex), so no two can reserve the same last unit;
 * - `repositories` outside a transaction read the committed state and make each write its own
 *   small transaction (it waits for the one in progress);
 * - repositories handed to a transaction refuse to work after it ends.
 *
 * Like a database connection held twice, calling `transaction` (or writing through
 * `repositories`) from inside a transaction's work waits for that same transaction: a deadlock.
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  readonly repositories: Repositories;
  private committed: MemoryTables = emptyTables();
  private readonly mutex = new AsyncMutex();
  private readonly sequences: MemorySequences = { orderNumber: 0 };
  private counts = { committed: 0, rolledBack: 0 };

  constructor() {
    const autoCommit: TableAccess = {
      read: () => this.committed,
      write: (change) =>
        this.mutex.run(async () => {
          const draft = copyTables(this.committed);
          const result = change(draft);
          this.committed = draft;
          return result;
        }),
    };
    this.repositories = createInMemoryRepositories(autoCommit, this.sequences);
  }

  transaction<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      const draft = copyTables(this.committed);
      let open = true;
      const ensureOpen = (): MemoryTables => {
        if (!open) throw new Error('these repositories belong to a transaction that has ended');
        return draft;
      };
      const access: TableAccess = {
        read: ensureOpen,
        write: async (change) => change(ensureOpen()),
      };
      try {
        const result = await work(createInMemoryRepositories(access, this.sequences));
        this.committed = draft;
        this.counts.committed += 1;
        return result;
      } catch (error) {
        this.counts.rolledBack += 1;
        throw error;
      } finally {
        open = false;
      }
    });
  }

  /** How many transactions committed and rolled back (for tests about atomicity). */
  get transactionCounts(): { readonly committed: number; readonly rolledBack: number } {
    return { ...this.counts };
  }

  /** Empties every table (after the transaction in progress, if any). */
  reset(): Promise<void> {
    return this.mutex.run(async () => {
      this.committed = emptyTables();
      this.sequences.orderNumber = 0;
      this.counts = { committed: 0, rolledBack: 0 };
    });
  }
}
