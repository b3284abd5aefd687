import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { AdapterError } from '@mostrador/core';
import { DataSource, type QueryRunner } from 'typeorm';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';
import type { ResolvedPersistenceOptions } from './options.js';
import { type LentClient, type SerializedPGlitePool, serializedPGliteDriver } from './pglite/serialized-pool.js';
import { QuietSqlLogger, SqlLogger } from './sql-logger.js';
import type { HoldConnection } from './unit-of-work.js';

export const MIGRATIONS_TABLE = 'mostrador_migrations';

/**
 * A DataSource built synchronously (so DI bindings exist before anything connects) and opened
 * later. For PGlite, `open()` first opens the database, then the DataSource's serialized pool.
 */
export interface DatabaseConnection {
  readonly kind: 'postgres' | 'pglite';
  readonly dataSource: DataSource;
  /** How a transaction holds its connection (PGlite: marks the async context to catch self-deadlocks). */
  readonly hold?: HoldConnection;
  /** The serialized PGlite pool once open (tests and diagnostics). */
  readonly pglitePool: () => SerializedPGlitePool | null;
  /** The PGlite instance once open, when embedded (bulk loading, diagnostics). */
  readonly pglite: () => PGlite | null;
  open(): Promise<void>;
  close(): Promise<void>;
}

const common = (logging: boolean) => ({
  type: 'postgres' as const,
  entities: [...ENTITIES],
  migrations: [...MIGRATIONS],
  migrationsTableName: MIGRATIONS_TABLE,
  synchronize: false,
  migrationsRun: false,
  installExtensions: false,
  logger: logging ? new SqlLogger() : new QuietSqlLogger(),
});

/** Scrubs a password from a driver message, in case one ever quotes the URL. */
const scrub = (message: string, url: string): string => {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password ? message.split(password).join('***') : message;
  } catch {
    return message;
  }
};

/** Opens PGlite in `dataDir` (null = in memory) with pg_trgm and unaccent, int8 as strings like node-postgres. */
export const openPGlite = async (dataDir: string | null): Promise<PGlite> => {
  let directory: string | undefined;
  if (dataDir !== null) {
    directory = resolve(dataDir);
    mkdirSync(directory, { recursive: true });
  }
  return PGlite.create({
    ...(directory ? { dataDir: directory } : {}),
    extensions: { pg_trgm, unaccent },
    // node-postgres returns int8 as text; PGlite would return a lossy number. Same as pg here,
    // and the mappers convert to safe integers explicitly.
    parsers: { [types.INT8]: (value: string) => value },
  });
};

/** `action` run on the first call only; every call gets that one run's promise. */
export const once = (action: () => Promise<void>): (() => Promise<void>) => {
  let running: Promise<void> | null = null;
  return () => {
    running ??= action();
    return running;
  };
};

export const createDatabaseConnection = (
  options: ResolvedPersistenceOptions,
  embedded: { readonly backgroundMaxWaitMs?: number } = {},
): DatabaseConnection => {
  if (options.kind === 'postgres') {
    const dataSource = new DataSource({
      ...common(options.logging),
      url: options.url,
      applicationName: 'mostrador',
      connectTimeoutMS: 10_000,
      poolSize: 10,
    });
    return {
      kind: 'postgres',
      dataSource,
      pglitePool: () => null,
      pglite: () => null,
      open: once(async () => {
        try {
          await dataSource.initialize();
        } catch (error) {
          const message = scrub(error instanceof Error ? error.message : String(error), options.url);
          throw new AdapterError(
            'PERSISTENCE.UNREACHABLE',
            `could not connect to PostgreSQL at ${options.safeUrl} (DATABASE_URL): ${message}`,
            true,
          );
        }
      }),
      close: once(async () => {
        if (dataSource.isInitialized) await dataSource.destroy();
      }),
    };
  }

  let db: PGlite | null = null;
  const driver = serializedPGliteDriver(
    () => {
      if (db === null) throw new Error('the embedded database is not open yet');
      return db;
    },
    { closeDatabaseOnEnd: true, ...embedded },
  );
  const dataSource = new DataSource({ ...common(options.logging), driver, database: 'postgres', poolSize: 1 });
  const hold: HoldConnection = (runner: QueryRunner, work) => {
    const pool = driver.pool();
    const client = (runner as unknown as { databaseConnection?: LentClient }).databaseConnection;
    return pool && client ? pool.runHolding(client, work) : work();
  };
  let closed = false;
  return {
    kind: 'pglite',
    dataSource,
    hold,
    pglitePool: driver.pool,
    pglite: () => db,
    open: once(async () => {
      if (closed) throw new Error('the embedded database was closed');
      try {
        db = await openPGlite(options.dataDir);
      } catch (error) {
        throw new AdapterError(
          'PERSISTENCE.UNREACHABLE',
          `could not open the embedded database in ${options.dataDir ?? 'memory'} (MOSTRADOR_DATA_DIR): ${error instanceof Error ? error.message : String(error)}`,
          false,
        );
      }
      try {
        await dataSource.initialize();
      } catch (error) {
        await db.close().catch(() => undefined);
        throw error;
      }
    }),
    close: once(async () => {
      closed = true;
      if (dataSource.isInitialized) await dataSource.destroy();
      else if (db !== null && !db.closed) await db.close();
    }),
  };
};
