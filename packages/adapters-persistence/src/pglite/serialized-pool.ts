import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { PGlite, Results } from '@electric-sql/pglite';

/**
 * A node-postgres-shaped pool over ONE PGlite instance that lends its single connection to one
 * borrower at a time, from `connect()` until the borrower calls `release()`. Other borrowers
 * wait in FIFO order. TypeORM's PostgresDriver only needs `new Pool(options)`, `connect(cb)`,
 * `on('error')` and `end(cb)`, and a client with `query(sql, params?)` and `on/removeListener`.
 *
 * Why: PGlite is one backend session. If two TypeORM query runners share it at the same time
 * (what plain typeorm-pglite does), their BEGIN/COMMIT/ROLLBACK interleave: one transaction's
 * ROLLBACK undoes another's writes, and `FOR UPDATE` locks nothing (same session). Lending the
 * session exclusively makes each query runner behave like a real connection; concurrency on
 * PGlite becomes serial, which is correct (and fast enough for an embedded, single-process shop).
 *
 * Since everything shares that one connection, the pool also decides who goes next: foreground
 * borrowers (requests, chats, a bulk write such as a catalog import) in arrival order; background
 * borrowers (code run through `runAsBackground`: the embedded job queue's claims and handlers, the
 * outbox dispatch, housekeeping) only when no foreground borrower waits and no bulk write is in
 * progress, or once they have waited `backgroundMaxWaitMs`, so they are never starved (ADR 0003).
 */

type QueryCallback = (error: Error | null, result?: PgLikeResult) => void;
type ConnectCallback = (error: Error | null, client?: LentClient, release?: (error?: unknown) => void) => void;

/** The subset of pg's QueryResult that TypeORM reads. */
export interface PgLikeResult {
  readonly command: string;
  readonly rowCount: number;
  readonly rows: unknown[];
  readonly fields: readonly { name: string; dataTypeID: number }[];
}

const toPgResult = (result: Results, sql: string): PgLikeResult => {
  const fallbackCommand = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
  const command = (result as { command?: string }).command ?? fallbackCommand;
  return {
    command,
    rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length,
    rows: result.rows as unknown[],
    fields: result.fields,
  };
};

/** Runs one statement (with parameters: extended protocol) or a script (simple protocol, last result wins, as pg does). */
const runOn = async (db: PGlite, sql: string, params: readonly unknown[] | undefined): Promise<PgLikeResult> => {
  if (params !== undefined && params.length > 0) return toPgResult(await db.query(sql, params as unknown[]), sql);
  const results = await db.exec(sql);
  const last = results[results.length - 1];
  return last ? toPgResult(last, sql) : { command: '', rowCount: 0, rows: [], fields: [] };
};

/** The connection as lent to one borrower; refuses to work after it was given back. */
export class LentClient extends EventEmitter {
  private released = false;

  constructor(
    private readonly db: PGlite,
    readonly leaseId: number,
  ) {
    super();
  }

  markReleased(): void {
    this.released = true;
  }

  query(sql: string, params?: readonly unknown[] | QueryCallback, callback?: QueryCallback): Promise<PgLikeResult> {
    const cb = typeof params === 'function' ? params : callback;
    const values = typeof params === 'function' ? undefined : params;
    const promise = this.released
      ? Promise.reject(new Error('PGlite connection used after it was released (a query runner outlived its release)'))
      : runOn(this.db, sql, values);
    if (cb) {
      promise.then(
        (result) => cb(null, result),
        (error: unknown) => cb(error instanceof Error ? error : new Error(String(error))),
      );
    }
    return promise;
  }
}

interface Waiter {
  readonly grant: (client: LentClient) => void;
  readonly fail: (error: Error) => void;
  /** Asked from background work: served after foreground borrowers and bulk writes, within the bound. */
  readonly background: boolean;
  /** performance.now() when it asked. */
  readonly since: number;
}

export interface SerializedPoolStats {
  /** Leases granted so far. */
  readonly leases: number;
  /** Borrowers waiting now. */
  readonly waiting: number;
  /** Whether the connection is lent right now. */
  readonly busy: boolean;
  /** Most borrowers ever waiting at once (proves that contention happened). */
  readonly maxWaiting: number;
  /** Leases granted to background borrowers. */
  readonly backgroundLeases: number;
  /** …of which were granted only because they had waited `backgroundMaxWaitMs` (the starvation bound). */
  readonly backgroundOverdue: number;
  /** Bulk writes in progress now. */
  readonly bulk: number;
}

/** Whether the async context's database work is background (true) or foreground (false or unset). */
const priority = new AsyncLocalStorage<boolean>();

/**
 * Runs `work` as background work: on a serialized PGlite pool each connection it asks for waits
 * until no foreground borrower waits and no bulk write runs, or at most the pool's
 * `backgroundMaxWaitMs`. Everything `work` starts (timers, promises) inherits the mark. Harmless
 * elsewhere (PostgreSQL has a pool of real connections and ignores it).
 */
export const runAsBackground = <T>(work: () => Promise<T>): Promise<T> => priority.run(true, work);

/** Whether the current async context runs as background work. */
export const isBackground = (): boolean => priority.getStore() === true;

export interface SerializedPoolOptions {
  /** Closes the PGlite instance when the pool ends. */
  readonly closeDatabase: boolean;
  /**
   * The longest a background borrower waits for foreground work and bulk writes before it is
   * served in its arrival order like any other (default 2,000 ms).
   */
  readonly backgroundMaxWaitMs?: number;
}

/** Default of `SerializedPoolOptions.backgroundMaxWaitMs`. */
export const BACKGROUND_MAX_WAIT_MS = 2_000;

/** The async context of the code holding the lease, to detect a borrower asking for a second connection. */
const holder = new AsyncLocalStorage<{ pool: SerializedPGlitePool; leaseId: number }>();

/**
 * The pool proper. Constructed per PGlite instance through `serializedPGliteDriver(db)`, so two
 * databases in one process never share a pool (unlike typeorm-pglite's static singleton).
 */
export class SerializedPGlitePool extends EventEmitter {
  private current: LentClient | null = null;
  private readonly queue: Waiter[] = [];
  private nextLeaseId = 1;
  private ended = false;
  private stats = { leases: 0, maxWaiting: 0, backgroundLeases: 0, backgroundOverdue: 0 };
  /** performance.now() when the connection was last lent or given back. */
  private lastActivity = 0;
  /** Bulk writes in progress (`runBulk`): background borrowers wait while there is one. */
  private bulk = 0;
  /** Wakes `dispatch` when the oldest deferred background borrower reaches the bound. */
  private overdueTimer: ReturnType<typeof setTimeout> | null = null;
  /** A background borrower's turn, taken in the event loop's check phase (see `dispatch`). */
  private backgroundTurn: ReturnType<typeof setImmediate> | null = null;

  private readonly db: PGlite;
  private readonly closeDatabase: boolean;
  private readonly backgroundMaxWaitMs: number;

  constructor(database: PGlite | (() => PGlite), options: SerializedPoolOptions) {
    super();
    this.db = typeof database === 'function' ? database() : database;
    this.closeDatabase = options.closeDatabase;
    this.backgroundMaxWaitMs = Math.max(0, options.backgroundMaxWaitMs ?? BACKGROUND_MAX_WAIT_MS);
  }

  getStats(): SerializedPoolStats {
    return {
      leases: this.stats.leases,
      waiting: this.queue.length,
      busy: this.current !== null,
      maxWaiting: this.stats.maxWaiting,
      backgroundLeases: this.stats.backgroundLeases,
      backgroundOverdue: this.stats.backgroundOverdue,
      bulk: this.bulk,
    };
  }

  /**
   * Runs a bulk write (every read and slice of a catalog import): while it runs, background
   * borrowers wait (within their bound), so its slices and the requests between them are not
   * slowed by jobs, many of which the bulk write itself started. `work` runs as foreground work,
   * whoever calls it (a bulk write started by a job would otherwise wait for itself).
   */
  async runBulk<T>(work: () => Promise<T>): Promise<T> {
    this.bulk += 1;
    try {
      return await priority.run(false, work);
    } finally {
      this.bulk -= 1;
      this.dispatch();
    }
  }

  /** node-postgres style: callback gets (error, client, release); without a callback a promise of the client. */
  connect(callback?: ConnectCallback): Promise<LentClient> {
    const leased = this.acquire();
    if (callback) {
      leased.then(
        (client) => callback(null, client, (error?: unknown) => void this.release(client, error)),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }
    return leased;
  }

  /** A one-off statement on a short lease (pg's `pool.query`). */
  async query(sql: string, params?: readonly unknown[]): Promise<PgLikeResult> {
    const client = await this.acquire();
    try {
      return await client.query(sql, params);
    } finally {
      await this.release(client);
    }
  }

  /**
   * Runs `fn` holding the connection, marking the async context so that code inside `fn` that
   * asks this pool for another connection fails at once instead of waiting for itself forever.
   */
  runHolding<T>(client: LentClient, fn: () => Promise<T>): Promise<T> {
    return holder.run({ pool: this, leaseId: client.leaseId }, fn);
  }

  /**
   * Resolves once nobody holds or waits for the connection and nobody has for `quietMs`, or after
   * `atMostMs` whatever happens. Bulk work (a catalog import's slices) awaits it between its
   * transactions, so requests and jobs that want the database go first, including the second and
   * third statement of a request (which arrive a few milliseconds after its first one ended and
   * would otherwise queue behind the next slice). The bound keeps bulk work moving under constant
   * traffic. Background borrowers do not count: they wait for the bulk write, not it for them.
   */
  async whenQuiet(quietMs: number, atMostMs: number): Promise<void> {
    const started = performance.now();
    for (;;) {
      await new Promise<void>((resolve) => setTimeout(resolve, 1));
      const now = performance.now();
      if (this.ended || now - started >= atMostMs) return;
      if (this.current === null && !this.queue.some((waiter) => !waiter.background) && now - this.lastActivity >= quietMs) return;
    }
  }

  private acquire(): Promise<LentClient> {
    if (this.ended) return Promise.reject(new Error('the PGlite pool has been closed'));
    const held = holder.getStore();
    if (held && held.pool === this && this.current?.leaseId === held.leaseId) {
      return Promise.reject(
        new Error(
          'PGlite has a single connection and this code already holds it (inside a transaction): ' +
            'use the repositories handed to the transaction instead of the autocommit ones',
        ),
      );
    }
    return new Promise<LentClient>((grant, fail) => {
      this.queue.push({ grant, fail, background: isBackground(), since: performance.now() });
      this.dispatch();
      this.stats.maxWaiting = Math.max(this.stats.maxWaiting, this.queue.length);
    });
  }

  /**
   * Lends the free connection to the first waiter, in arrival order, that is foreground or has
   * waited the bound; failing that, to the first background waiter if no bulk write runs; else
   * wakes itself when the oldest background waiter reaches the bound.
   *
   * A background borrower is handed the connection only from the event loop's check phase
   * (`setImmediate`), after pending I/O has been polled: statements resolve in microtasks, so a
   * backlog of jobs handed the connection one after another directly would keep the loop from
   * ever reading an arriving request (measured: a request waited for 400 queued job statements,
   * 0.6 s after an import). Each hop lets a request in first, and costs a background statement
   * microseconds.
   */
  private dispatch(inCheckPhase = false): void {
    if (this.current !== null || this.ended || this.queue.length === 0) return;
    const now = performance.now();
    let index = this.queue.findIndex((waiter) => !waiter.background || now - waiter.since >= this.backgroundMaxWaitMs);
    if (index < 0 && this.bulk === 0) index = 0;
    if (index < 0) {
      // Only background borrowers wait, and a bulk write runs: the oldest is served at its bound.
      const due = this.queue[0]!.since + this.backgroundMaxWaitMs - now;
      if (this.overdueTimer !== null) clearTimeout(this.overdueTimer);
      this.overdueTimer = setTimeout(
        () => {
          this.overdueTimer = null;
          this.dispatch();
        },
        Math.max(1, Math.ceil(due)),
      );
      return;
    }
    if (this.queue[index]!.background && !inCheckPhase) {
      this.backgroundTurn ??= setImmediate(() => {
        this.backgroundTurn = null;
        this.dispatch(true);
      });
      return;
    }
    const [next] = this.queue.splice(index, 1) as [Waiter];
    const client = new LentClient(this.db, this.nextLeaseId++);
    this.current = client;
    this.stats.leases += 1;
    if (next.background) {
      this.stats.backgroundLeases += 1;
      if (now - next.since >= this.backgroundMaxWaitMs && (this.bulk > 0 || this.queue.some((waiter) => !waiter.background)))
        this.stats.backgroundOverdue += 1;
    }
    this.lastActivity = now;
    next.grant(client);
  }

  private async release(client: LentClient, _error?: unknown): Promise<void> {
    if (this.current !== client) return; // released twice: ignore
    client.markReleased();
    try {
      // A borrower that gives the session back mid-transaction must not hand its open
      // transaction (or an aborted one) to the next borrower.
      if (!this.db.closed && this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    } catch (error) {
      this.emit('error', error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.current = null;
      this.lastActivity = performance.now();
      this.dispatch();
    }
  }

  /** Waits for the current borrower, then closes the PGlite instance (when this pool owns it). */
  end(callback?: (error?: Error | null) => void): Promise<void> {
    this.ended = true;
    if (this.overdueTimer !== null) clearTimeout(this.overdueTimer);
    this.overdueTimer = null;
    if (this.backgroundTurn !== null) clearImmediate(this.backgroundTurn);
    this.backgroundTurn = null;
    const waiting = this.queue.splice(0);
    for (const waiter of waiting) waiter.fail(new Error('the PGlite pool has been closed'));
    const done = (async () => {
      if (this.closeDatabase && !this.db.closed) await this.db.close();
    })();
    if (callback)
      done.then(
        () => callback(null),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    return done;
  }
}

/**
 * What TypeORM's `postgres` driver accepts as its `driver` option: an object with a `Pool`
 * constructor. Every pool it creates lends the given PGlite instance serially. `db` may be a
 * getter, so the DataSource can be built before the database is opened (the pool is only
 * constructed by `DataSource.initialize()`).
 */
export interface SerializedPGliteDriver {
  readonly Pool: new (options?: unknown) => SerializedPGlitePool;
  /** The pool TypeORM created (after `initialize()`), for stats and tests. */
  readonly pool: () => SerializedPGlitePool | null;
}

export const serializedPGliteDriver = (
  db: PGlite | (() => PGlite),
  options: { closeDatabaseOnEnd: boolean; backgroundMaxWaitMs?: number },
): SerializedPGliteDriver => {
  let created: SerializedPGlitePool | null = null;
  class Pool extends SerializedPGlitePool {
    constructor(_options?: unknown) {
      super(db, {
        closeDatabase: options.closeDatabaseOnEnd,
        ...(options.backgroundMaxWaitMs !== undefined ? { backgroundMaxWaitMs: options.backgroundMaxWaitMs } : {}),
      });
      created = this;
    }
  }
  return { Pool, pool: () => created };
};
