import type { EntityManager, EntitySchema, ObjectLiteral } from 'typeorm';
import { atomically, translateError } from './sql.js';

/**
 * INSERT ... ON CONFLICT (conflict columns) DO UPDATE of every other column: "save replaces the
 * whole aggregate". Values go through TypeORM's column metadata (JSONB, timestamps, arrays).
 */
export const upsertRows = async <R extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntitySchema<R>,
  rows: readonly R[],
  conflictColumns: readonly string[] = ['id'],
): Promise<void> => {
  if (rows.length === 0) return;
  const metadata = manager.connection.getMetadata(entity);
  const overwrite = metadata.columns
    .filter((column) => column.isInsert && column.isUpdate && !conflictColumns.includes(column.databaseName))
    .map((column) => column.databaseName);
  try {
    await manager
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values([...rows] as never)
      .orUpdate(overwrite, [...conflictColumns])
      .updateEntity(false)
      .execute();
  } catch (error) {
    throw translateError(error);
  }
};

/** Plain INSERT of rows, returning how many went in (conflicts on `ignoreConflicts` are skipped). */
export const insertRows = async <R extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntitySchema<R>,
  rows: readonly R[],
  options: { ignoreConflicts?: boolean } = {},
): Promise<number> => {
  if (rows.length === 0) return 0;
  const metadata = manager.connection.getMetadata(entity);
  const primary = metadata.primaryColumns.map((column) => column.databaseName);
  try {
    let builder = manager
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values([...rows] as never)
      .updateEntity(false)
      .returning(primary.map((name) => `"${name}"`).join(', '));
    if (options.ignoreConflicts) builder = builder.orIgnore();
    const result = await builder.execute();
    return Array.isArray(result.raw) ? result.raw.length : 0;
  } catch (error) {
    throw translateError(error);
  }
};

/** Reads through TypeORM, translating database errors like writes do. */
export const reading = async <T>(read: () => Promise<T>): Promise<T> => {
  try {
    return await read();
  } catch (error) {
    throw translateError(error);
  }
};

/**
 * A write that may hit a unique constraint: inside a transaction it runs in a SAVEPOINT, so the
 * ConflictError it throws leaves the caller's transaction usable; in autocommit it runs as is.
 */
export const guarded = <T>(manager: EntityManager, write: (manager: EntityManager) => Promise<T>): Promise<T> =>
  manager.queryRunner?.isTransactionActive ? atomically(manager, write) : write(manager);

/**
 * Turns raw rows of a hand-written SELECT (columns under their database names) into entity rows
 * as TypeORM's find would hydrate them (column types, transformers).
 */
export const hydrateRows = <R extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntitySchema<R>,
  raws: readonly Record<string, unknown>[],
): R[] => {
  const metadata = manager.connection.getMetadata(entity);
  const driver = manager.connection.driver;
  return raws.map((raw) => {
    const row = {} as R;
    for (const column of metadata.columns) column.setEntityValue(row, driver.prepareHydratedValue(raw[column.databaseName], column));
    return row;
  });
};

const columnLists = new WeakMap<object, Map<string, string>>();

/**
 * The entity's mapped columns as a SELECT list over `alias` (`p.id, p.sku, ...`), for hand-written
 * SELECTs read back with `hydrateRows`. Naming them keeps unmapped columns (generated search
 * columns, a tsvector among them) off the wire, and keeps a prepared statement's result shape
 * fixed when a migration adds a column.
 */
export const selectColumns = <R extends ObjectLiteral>(manager: EntityManager, entity: EntitySchema<R>, alias: string): string => {
  const metadata = manager.connection.getMetadata(entity);
  let byAlias = columnLists.get(metadata);
  if (byAlias === undefined) {
    byAlias = new Map();
    columnLists.set(metadata, byAlias);
  }
  let list = byAlias.get(alias);
  if (list === undefined) {
    list = metadata.columns.map((column) => `${alias}.${column.databaseName}`).join(', ');
    byAlias.set(alias, list);
  }
  return list;
};
