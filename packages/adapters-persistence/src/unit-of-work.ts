import type { Repositories, UnitOfWork } from '@mostrador/core';
import type { DataSource, QueryRunner } from 'typeorm';
import type { CategoryListCache, CategoryWriteScope } from './category-list-cache.js';
import { createTypeOrmRepositories } from './repositories/index.js';
import { translateError } from './repositories/sql.js';

/** Runs a transaction's work while it holds `runner`'s connection (PGlite marks the async context). */
export type HoldConnection = <T>(runner: QueryRunner, work: () => Promise<T>) => Promise<T>;

const runDirectly: HoldConnection = (_runner, work) => work();

/** How bulk writes and background work share a database that serves one borrower at a time (PGlite). */
export interface EmbeddedScheduling {
  readonly rows: number;
  readonly yieldBetweenSlices: () => Promise<void>;
  readonly runBulk: <T>(work: () => Promise<T>) => Promise<T>;
  readonly runInBackground: <T>(work: () => Promise<T>) => Promise<T>;
}

/**
 * `transaction(work)` is one QueryRunner transaction (READ COMMITTED) whose repositories are
 * bound to that runner's EntityManager: commit when work resolves, rollback when it throws,
 * release always. After the transaction ends its repositories refuse to work (the runner is
 * released). `repositories` are autocommit: every call is its own statement or small transaction.
 */
export class TypeOrmUnitOfWork implements UnitOfWork {
  readonly repositories: Repositories;

  constructor(
    private readonly dataSource: DataSource,
    private readonly hold: HoldConnection = runDirectly,
    bulk?: EmbeddedScheduling,
    private readonly categoryCache?: CategoryListCache,
  ) {
    this.repositories = createTypeOrmRepositories(dataSource.manager, categoryCache);
    this.bulkWriteRows = bulk?.rows;
    if (bulk) {
      this.yieldBetweenSlices = bulk.yieldBetweenSlices;
      this.runBulk = bulk.runBulk;
      this.runInBackground = bulk.runInBackground;
    }
  }

  readonly bulkWriteRows?: number;
  readonly yieldBetweenSlices?: () => Promise<void>;
  readonly runBulk?: <T>(work: () => Promise<T>) => Promise<T>;
  readonly runInBackground?: <T>(work: () => Promise<T>) => Promise<T>;

  async transaction<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    // A category write in this transaction stays in flight on the cache until the transaction has
    // ended (committed or rolled back): nothing is cached meanwhile, and the end clears again.
    const scope: CategoryWriteScope = { wroteCategories: false, ended: false };
    try {
      await runner.connect();
      await runner.startTransaction();
      let result: T;
      try {
        result = await this.hold(runner, () => work(createTypeOrmRepositories(runner.manager, this.categoryCache, scope)));
      } catch (error) {
        if (runner.isTransactionActive) {
          try {
            await runner.rollbackTransaction();
          } catch {
            // the original error matters more; release() discards the connection state anyway
          }
        }
        throw error;
      }
      await runner.commitTransaction();
      return result;
    } catch (error) {
      throw translateError(error);
    } finally {
      try {
        await runner.release();
      } finally {
        scope.ended = true;
        if (scope.wroteCategories) this.categoryCache?.writeEnded();
      }
    }
  }
}
