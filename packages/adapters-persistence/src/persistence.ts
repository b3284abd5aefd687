import type { AccessTicketStore, ExclusiveLocks, ImageStore, MaintenanceStore, ProductSearch, UnitOfWork } from '@mostrador/core';
import type { DataSource } from 'typeorm';
import { CategoryListCache } from './category-list-cache.js';
import { type ListenerTiming, pgliteCategoryListener, postgresCategoryListener } from './category-listener.js';
import { createDatabaseConnection, type DatabaseConnection, once } from './data-source.js';
import { TypeOrmImageStore } from './image-store.js';
import { TypeOrmAccessTicketStore } from './invoicing/access-ticket-store.js';
import { DatabaseExclusiveLocks } from './invoicing/exclusive-locks.js';
import { DatabaseJobQueue, type DatabaseJobQueueOptions } from './jobs/database-job-queue.js';
import { TypeOrmMaintenanceStore } from './jobs/maintenance-store.js';
import { type MigrationStatus, migrationStatus, runMigrations } from './migrations-runner.js';
import { type PersistenceOptions, resolvePersistenceOptions } from './options.js';
import { runAsBackground } from './pglite/serialized-pool.js';
import { PostgresProductSearch, type PostgresProductSearchOptions } from './search/postgres-product-search.js';
import { TypeOrmUnitOfWork } from './unit-of-work.js';

export interface Persistence {
  readonly kind: 'postgres' | 'pglite';
  readonly uow: UnitOfWork;
  readonly search: ProductSearch;
  readonly images: ImageStore;
  /** Pruning of old records for the housekeeping jobs. */
  readonly maintenance: MaintenanceStore;
  /** ARCA access tickets shared by every instance. */
  readonly accessTickets: AccessTicketStore;
  /** Locks across every instance sharing the database. */
  readonly locks: ExclusiveLocks;
  readonly dataSource: DataSource;
  /**
   * This instance's category list cache (ADR 0003, Session 5). Code writing categories with raw
   * SQL on `dataSource` calls `invalidate()` when the next list must show the write at once (on
   * PostgreSQL the trigger's notification clears it too, a few milliseconds later).
   */
  readonly categoryCache: Pick<CategoryListCache, 'invalidate' | 'listening' | 'holding'>;
  /** The embedded job queue over this database (a new one per call; the app makes one). */
  jobQueue(options?: DatabaseJobQueueOptions): DatabaseJobQueue;
  /** Applies pending migrations (idempotent: a second call applies nothing). Returns their names. */
  migrate(): Promise<string[]>;
  /** Which migrations are applied and pending. */
  status(): Promise<MigrationStatus>;
  /** Closes the pool (PGlite: closes the database files). Idempotent. */
  close(): Promise<void>;
}

export interface CreatePersistenceOptions extends PersistenceOptions {
  /** Tuning of the product search (typo threshold, clock). */
  readonly search?: PostgresProductSearchOptions;
  /**
   * PGlite: the longest background work (jobs, the outbox dispatch, housekeeping) waits for
   * foreground work and bulk writes before it is served anyway (default 2,000 ms; ADR 0003).
   */
  readonly backgroundMaxWaitMs?: number;
  /** PostgreSQL: the category change listener's reconnection backoff (100 ms doubling to 5 s) and heartbeat (10 s, answered within 5 s). */
  readonly categoryListenerTiming?: ListenerTiming;
  /**
   * Keeps the category list in memory, cleared on every change (default true; ADR 0003). Turn it
   * off behind a pooler in transaction mode (e.g. PgBouncer), which does not deliver the change
   * notifications the cache relies on: every list then reads the database.
   */
  readonly categoryCache?: boolean;
}

/** A Persistence whose database is not connected yet: `open()` connects (the DI module's Startable does it). */
export interface UnopenedPersistence extends Persistence {
  open(): Promise<void>;
  /** The underlying connection (PGlite pool and instance for diagnostics, bulk loads and tests). */
  readonly connection: DatabaseConnection;
}

/**
 * Rows per transaction of a bulk write on PGlite, which serves one transaction at a time: well under
 * a tenth of a second of writing on a quiet machine, so a request arriving during a 10,000-row
 * import waits for one slice, not the whole file. 250 rather than 500: on a loaded 2-core machine
 * it halved the p99 of concurrent requests and the longest event-loop stretch, and the import was
 * no slower (`pnpm bench import`, ADR 0003).
 */
const EMBEDDED_BULK_WRITE_ROWS = 250;
/**
 * Between two slices the import waits until the PGlite connection has been free for this long
 * (nobody holding or waiting), so a request's next statement, issued a few milliseconds after
 * its previous one, goes before the next slice…
 */
const EMBEDDED_SLICE_QUIET_MS = 4;
/** …but no longer than this, so an import still advances under constant traffic. */
const EMBEDDED_SLICE_WAIT_MS = 100;

/** Builds everything without connecting. Throws a ValidationError for bad options. */
export const buildPersistence = (options: CreatePersistenceOptions = {}): UnopenedPersistence => {
  const resolved = resolvePersistenceOptions(options);
  const connection = createDatabaseConnection(
    resolved,
    options.backgroundMaxWaitMs !== undefined ? { backgroundMaxWaitMs: options.backgroundMaxWaitMs } : {},
  );
  const { dataSource } = connection;
  const embedded = connection.kind === 'pglite';
  const categoryCache = new CategoryListCache();
  // Without a listener the cache never counts as subscribed, so every list reads the database.
  const categoryListener =
    options.categoryCache === false
      ? { start: async () => {}, stop: async () => {} }
      : resolved.kind === 'postgres'
        ? postgresCategoryListener(resolved.url, categoryCache, options.categoryListenerTiming)
        : pgliteCategoryListener(connection.pglite, categoryCache);
  return {
    kind: connection.kind,
    connection,
    dataSource,
    uow: new TypeOrmUnitOfWork(
      dataSource,
      connection.hold,
      embedded
        ? {
            rows: EMBEDDED_BULK_WRITE_ROWS,
            yieldBetweenSlices: async () => {
              await connection.pglitePool()?.whenQuiet(EMBEDDED_SLICE_QUIET_MS, EMBEDDED_SLICE_WAIT_MS);
            },
            runBulk: <T>(work: () => Promise<T>): Promise<T> => {
              const pool = connection.pglitePool();
              return pool ? pool.runBulk(work) : work();
            },
            runInBackground: runAsBackground,
          }
        : undefined,
      categoryCache,
    ),
    categoryCache,
    search: new PostgresProductSearch(dataSource, options.search),
    images: new TypeOrmImageStore(dataSource),
    maintenance: new TypeOrmMaintenanceStore(dataSource),
    // On PGlite the queue's claims, handlers and upkeep are background work (they yield to requests
    // and bulk writes); on PostgreSQL each borrower has its own connection anyway.
    jobQueue: (jobOptions) => new DatabaseJobQueue(dataSource, { ...(embedded ? { background: runAsBackground } : {}), ...jobOptions }),
    accessTickets: new TypeOrmAccessTicketStore(dataSource),
    locks: new DatabaseExclusiveLocks(dataSource, connection.kind),
    open: once(async () => {
      await connection.open();
      await categoryListener.start();
    }),
    migrate: () => runMigrations(dataSource),
    status: () => migrationStatus(dataSource),
    close: once(async () => {
      await categoryListener.stop();
      await connection.close();
    }),
  };
};

/**
 * Connects (PostgreSQL from `url`, else embedded PGlite in `dataDir`, default ./.mostrador/db,
 * `:memory:` for tests) and returns the adapters. Does not migrate: call `migrate()`.
 */
export const createPersistence = async (options: CreatePersistenceOptions = {}): Promise<Persistence> => {
  const persistence = buildPersistence(options);
  await persistence.open();
  return persistence;
};
