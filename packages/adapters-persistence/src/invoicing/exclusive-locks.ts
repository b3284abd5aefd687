import type { ExclusiveLocks } from '@mostrador/core';
import type { DataSource } from 'typeorm';

/**
 * Locks per key: first among the callers of this process (a queue per key, so waiting callers hold
 * no connection), then, on PostgreSQL, a session advisory lock on a connection of its own held
 * while the work runs, so instances sharing the database take turns too. PostgreSQL releases an
 * advisory lock when its session ends, so a killed process never leaves a key locked. PGlite is one
 * process's database: the in-process queue is the whole lock.
 */
export class DatabaseExclusiveLocks implements ExclusiveLocks {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly kind: 'postgres' | 'pglite',
  ) {}

  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release = (): void => undefined;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return this.kind === 'postgres' ? await this.withAdvisoryLock(key, work) : await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  private async withAdvisoryLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
      }
    } finally {
      await runner.release();
    }
  }
}
