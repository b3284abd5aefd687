import { type DataSource, MigrationExecutor } from 'typeorm';

export interface MigrationStatus {
  /** Applied migrations, oldest first. */
  readonly applied: readonly string[];
  /** Known to this code but not applied yet, in order. */
  readonly pending: readonly string[];
}

/** Any 64-bit key: serializes concurrent `migrate` runs (several instances starting at once). */
const MIGRATION_LOCK_KEY = 727274000;

/**
 * Applies pending migrations in one transaction, holding an advisory lock so two processes
 * starting together do not race. Returns the names it applied ([] when up to date).
 */
export const runMigrations = async (dataSource: DataSource): Promise<string[]> => {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'all';
      const applied = await executor.executePendingMigrations();
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
};

/** Which migrations are applied and which are pending, without changing anything. */
export const migrationStatus = async (dataSource: DataSource): Promise<MigrationStatus> => {
  const executor = new MigrationExecutor(dataSource);
  const executed = await executor.getExecutedMigrations();
  const appliedNames = new Set(executed.map((migration) => migration.name));
  const all = dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name);
  // TypeORM lists executed migrations newest first; the status promises oldest first.
  const oldestFirst = [...executed].sort((a, b) => a.timestamp - b.timestamp || (a.id ?? 0) - (b.id ?? 0));
  return {
    applied: oldestFirst.map((migration) => migration.name),
    pending: all.filter((name) => !appliedNames.has(name)),
  };
};
