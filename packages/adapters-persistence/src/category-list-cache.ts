import type { Category } from '@mostrador/core';

/**
 * The category list, cached per persistence instance (one DataSource or PGlite database), for
 * `TypeOrmCategoryRepository.list()` only: it is read on most catalog screens and written rarely.
 *
 * Correctness never rests on a TTL:
 * - Every category write in this process clears the cache before its statement and counts as in
 *   flight until it is durable or gone (an autocommit statement: until it returns; a UnitOfWork
 *   transaction: until it commits or rolls back), then clears it again. While any write is in
 *   flight nothing is cached, and a read that started before a clear (generation change) is never
 *   cached, so a read that ran concurrently with an uncommitted write is not kept.
 * - Writes by anything else (another instance, raw SQL) reach the cache through the `categories`
 *   trigger's `pg_notify('mostrador_categories')`, which a listener turns into `invalidate()`.
 *   The cache is used only while that listener is subscribed (`listening`); while it is starting
 *   or reconnecting every list is read from the database.
 */
export class CategoryListCache {
  private generation = 0;
  private writesInFlight = 0;
  private listeningNow = false;
  private cached: readonly Category[] | null = null;

  /** Whether the change listener is subscribed, so the cache may be used. */
  get listening(): boolean {
    return this.listeningNow;
  }

  /** Whether a list is held right now (tests and diagnostics). */
  get holding(): boolean {
    return this.cached !== null;
  }

  /** The listener subscribed (true) or lost its subscription (false); either way clears. */
  setListening(listening: boolean): void {
    this.listeningNow = listening;
    this.invalidate();
  }

  /** Forgets the list; reads that started before this call will not be cached. */
  invalidate(): void {
    this.generation += 1;
    this.cached = null;
  }

  writeStarted(): void {
    this.writesInFlight += 1;
    this.invalidate();
  }

  writeEnded(): void {
    this.writesInFlight = Math.max(0, this.writesInFlight - 1);
    this.invalidate();
  }

  /**
   * The cached list (a new array of the cached categories, which are deeply frozen: a caller that
   * tried to change one would throw rather than change every later reader's copy), or null when
   * nothing usable is cached. Not a deep copy per read: on a catalog tap that copy cost more
   * than the rest of the category read.
   */
  get(): Category[] | null {
    if (!this.usable() || this.cached === null) return null;
    return [...this.cached];
  }

  /** Call before reading from the database; pass the answer to `offer`. */
  ticket(): number {
    return this.generation;
  }

  /** Keeps `list` (read after `ticket()` returned `ticket`) unless anything changed meanwhile. */
  offer(ticket: number, list: readonly Category[]): void {
    if (!this.usable() || ticket !== this.generation) return;
    this.cached = deepFreeze(structuredClone(list));
  }

  private usable(): boolean {
    return this.listeningNow && this.writesInFlight === 0;
  }
}

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
};

/** What a UnitOfWork transaction tracks about its category writes (the cache's in-flight count). */
export interface CategoryWriteScope {
  wroteCategories: boolean;
  /** The transaction has ended: a write through its repositories is not part of it (and fails), so it cannot hold the cache until an end that already passed. */
  ended: boolean;
}
