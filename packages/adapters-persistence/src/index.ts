export { CategoryListCache } from './category-list-cache.js';
export { CATEGORIES_CHANNEL, type ListenerTiming } from './category-listener.js';
export { createDatabaseConnection, type DatabaseConnection, MIGRATIONS_TABLE, openPGlite } from './data-source.js';
export { ENTITIES } from './entities/index.js';
export { TypeOrmImageFingerprints } from './image-fingerprints.js';
export { TypeOrmImageStore } from './image-store.js';
export { TypeOrmAccessTicketStore } from './invoicing/access-ticket-store.js';
export { DatabaseExclusiveLocks } from './invoicing/exclusive-locks.js';
export { DatabaseJobQueue, type DatabaseJobQueueOptions } from './jobs/database-job-queue.js';
export { TypeOrmMaintenanceStore } from './jobs/maintenance-store.js';
export * from './migrations/index.js';
export { type MigrationStatus, migrationStatus, runMigrations } from './migrations-runner.js';
export { PERSISTENCE_TOKEN, type PersistenceModuleOptions, persistenceModule } from './module.js';
export {
  DEFAULT_DATA_DIR,
  MEMORY_DATA_DIR,
  type PersistenceOptions,
  type ResolvedPersistenceOptions,
  redactUrl,
  resolvePersistenceOptions,
} from './options.js';
export {
  buildPersistence,
  type CreatePersistenceOptions,
  createPersistence,
  type Persistence,
  type UnopenedPersistence,
} from './persistence.js';
export {
  BACKGROUND_MAX_WAIT_MS,
  isBackground,
  runAsBackground,
  type SerializedPGliteDriver,
  SerializedPGlitePool,
  type SerializedPoolOptions,
  type SerializedPoolStats,
  serializedPGliteDriver,
} from './pglite/serialized-pool.js';
export * from './repositories/index.js';
export { PostgresProductSearch, type PostgresProductSearchOptions } from './search/postgres-product-search.js';
export { SqlLogger } from './sql-logger.js';
export { TypeOrmUnitOfWork } from './unit-of-work.js';
