import { createHash } from 'node:crypto';
import { AdapterError, ConflictError, ValidationError } from '@mostrador/core';
import { type EntityManager, QueryFailedError } from 'typeorm';

/** Rows and affected-row count of one statement, whatever the command. */
export interface StatementResult<R> {
  readonly rows: R[];
  readonly affected: number;
}

/** How a statement is sent. */
export interface ExecuteOptions {
  /**
   * Prepare it once per connection and reuse its plan (a named statement of node-postgres), for
   * the few statements every chat update runs: planning costs the server more than running them.
   * Only for SQL texts from a small fixed set (the name is derived from the text, one per
   * connection each). Ignored inside a transaction and on PGlite, where it runs as usual.
   */
  readonly prepare?: boolean;
}

/** The node-postgres pool behind an autocommit manager, when there is one (PGlite's serialized pool has no `query`). */
interface PgPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

const pgPoolOf = (manager: EntityManager): PgPool | null => {
  const master = (manager.connection.driver as { master?: unknown }).master as
    | (Partial<PgPool> & { constructor?: { name?: string } })
    | undefined;
  // pg's Pool runs `query` on a borrowed client and gives it back, as a short-lived query runner does.
  return master !== undefined && typeof master.query === 'function' && typeof (master as { totalCount?: unknown }).totalCount === 'number'
    ? (master as PgPool)
    : null;
};

const statementNames = new Map<string, string>();

/** A stable name per SQL text: equal texts share one prepared statement on each connection. */
const statementName = (sql: string): string => {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `mostrador_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
    statementNames.set(sql, name);
  }
  return name;
};

/**
 * Runs one SQL statement through the manager's query runner (the transaction's), or through a
 * short-lived runner in autocommit mode. Parameters are positional ($1, $2...). With
 * `prepare`, an autocommit statement on PostgreSQL goes straight to the pool as a named
 * statement (TypeORM's logger still sees it), skipping the query runner.
 */
export const execute = async <R = Record<string, unknown>>(
  manager: EntityManager,
  sql: string,
  parameters: readonly unknown[] = [],
  options: ExecuteOptions = {},
): Promise<StatementResult<R>> => {
  const own = manager.queryRunner === undefined;
  const pool = options.prepare && own ? pgPoolOf(manager) : null;
  if (pool !== null) {
    const logger = manager.connection.logger;
    logger.logQuery(sql, [...parameters]);
    try {
      const result = await pool.query({ name: statementName(sql), text: sql, values: [...parameters] });
      const rows = (Array.isArray(result.rows) ? result.rows : []) as R[];
      return { rows, affected: typeof result.rowCount === 'number' ? result.rowCount : rows.length };
    } catch (error) {
      logger.logQueryError(error instanceof Error ? error : String(error), sql, [...parameters]);
      throw translateError(new QueryFailedError(sql, [...parameters], error as Error));
    }
  }
  const runner = manager.queryRunner ?? manager.dataSource.createQueryRunner();
  try {
    const result = await runner.query(sql, [...parameters], true);
    const rows = (Array.isArray(result.records) ? result.records : []) as R[];
    return { rows, affected: typeof result.affected === 'number' ? result.affected : rows.length };
  } catch (error) {
    throw translateError(error);
  } finally {
    if (own) await runner.release();
  }
};

/**
 * Runs `work` atomically: in its own transaction in autocommit mode, or inside a SAVEPOINT when
 * the manager already belongs to a transaction. A failed statement inside a savepoint does not
 * poison the caller's transaction, so a use case may catch e.g. INVOICE.NUMBER_TAKEN and go on,
 * as it could with the in-memory store.
 */
export const atomically = async <T>(manager: EntityManager, work: (manager: EntityManager) => Promise<T>): Promise<T> => {
  try {
    return await manager.transaction(work);
  } catch (error) {
    throw translateError(error);
  }
};

/** How a unique constraint's violation reads in the domain. */
const UNIQUE_CONFLICTS: Readonly<Record<string, { code: string; message: string }>> = {
  invoices_number_key: {
    code: 'INVOICE.NUMBER_TAKEN',
    message: 'an invoice with this issuer, point of sale, voucher type and number already exists',
  },
  staff_users_email_key: { code: 'STAFF.EMAIL_TAKEN', message: 'a staff user with this email already exists' },
  orders_pkey: { code: 'ORDER.CONCURRENT_UPDATE', message: 'the order was saved by someone else meanwhile' },
  orders_number_key: { code: 'ORDER.NUMBER_TAKEN', message: 'an order with this number already exists' },
  products_sku_key: { code: 'PRODUCT.SKU_TAKEN', message: 'a product with this SKU already exists' },
  categories_slug_key: { code: 'CATEGORY.SLUG_TAKEN', message: 'a category with this slug already exists' },
  payments_provider_key: { code: 'PAYMENT.DUPLICATE', message: 'this provider payment is already recorded' },
  refresh_tokens_hash_key: { code: 'AUTH.REFRESH_TOKEN_DUPLICATE', message: 'this refresh token is already stored' },
  customer_identities_pkey: { code: 'CUSTOMER.IDENTITY_DUPLICATE', message: 'the customer lists the same channel identity twice' },
};

/**
 * Values the database cannot hold: the caller's input, not a failing service. The use cases and
 * the HTTP schemas refuse them first; this is the last line, so a value that slipped through is
 * still a 422 and not a 502. Field names are unknown here; the message says what was wrong.
 */
const UNSTORABLE_VALUES: Readonly<Record<string, { code: string; message: string }>> = {
  // invalid_byte_sequence_for_encoding: NUL (0x00) in text, or bytes that are not UTF-8.
  '22021': { code: 'PERSISTENCE.INVALID_TEXT', message: 'a text value holds a character that cannot be stored (such as NUL)' },
  // untranslatable_character
  '22P05': { code: 'PERSISTENCE.INVALID_TEXT', message: 'a text value holds a character that cannot be stored (such as NUL)' },
  // numeric_value_out_of_range: beyond an integer or bigint column.
  '22003': { code: 'PERSISTENCE.OUT_OF_RANGE', message: 'a number is beyond the range its column can hold' },
};

/** SQLSTATE classes worth retrying: serialization/deadlock, connection, resources, shutdown. */
const RETRYABLE_CLASSES = ['40', '08', '53', '57'];

interface DriverErrorFields {
  readonly code?: string;
  readonly constraint?: string;
  readonly table?: string;
  readonly detail?: string;
}

const driverFields = (error: QueryFailedError): DriverErrorFields => {
  const driver = (error as { driverError?: DriverErrorFields }).driverError ?? {};
  const own = error as unknown as DriverErrorFields;
  return { code: driver.code ?? own.code, constraint: driver.constraint ?? own.constraint, table: driver.table ?? own.table };
};

/**
 * Database errors become domain errors with stable codes: unique violations a ConflictError
 * (e.g. `INVOICE.NUMBER_TAKEN`), a value storage cannot hold (NUL in text, an integer beyond its
 * column) a ValidationError `PERSISTENCE.INVALID_TEXT`/`PERSISTENCE.OUT_OF_RANGE`, the rest an AdapterError `PERSISTENCE.QUERY_FAILED` that keeps
 * the SQLSTATE but not the statement's parameters (they may hold personal data or hashes).
 */
export const translateError = (error: unknown): unknown => {
  if (!(error instanceof QueryFailedError)) return error;
  const { code, constraint, table } = driverFields(error);
  if (code === '23505') {
    const conflict = constraint ? UNIQUE_CONFLICTS[constraint] : undefined;
    if (conflict) return new ConflictError(conflict.code, conflict.message, { constraint });
    return new ConflictError('PERSISTENCE.UNIQUE_VIOLATION', `a unique constraint was violated${constraint ? ` (${constraint})` : ''}`, {
      constraint,
      table,
    });
  }
  const unstorable = code === undefined ? undefined : UNSTORABLE_VALUES[code];
  if (unstorable) return new ValidationError(unstorable.code, unstorable.message, { sqlState: code, table });
  const retryable = code !== undefined && RETRYABLE_CLASSES.includes(code.slice(0, 2));
  return new AdapterError('PERSISTENCE.QUERY_FAILED', `database error${code ? ` ${code}` : ''}: ${error.message}`, retryable, {
    sqlState: code,
    constraint,
    table,
  });
};

/** Escapes LIKE wildcards so user text matches literally (used with ESCAPE '\'). */
export const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
