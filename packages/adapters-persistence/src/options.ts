import { ValidationError } from '@mostrador/core';

export interface PersistenceOptions {
  /** A PostgreSQL URL (`postgres://user:password@host:5432/db`). When set, PGlite is not used. */
  readonly url?: string;
  /** PGlite data folder (default `./.mostrador/db`); `:memory:` keeps everything in memory. */
  readonly dataDir?: string;
  /** Logs SQL statements (never their parameters) and errors through TypeORM. */
  readonly logging?: boolean;
}

export type ResolvedPersistenceOptions =
  | { readonly kind: 'postgres'; readonly url: string; readonly safeUrl: string; readonly logging: boolean }
  | { readonly kind: 'pglite'; readonly dataDir: string | null; readonly logging: boolean };

export const DEFAULT_DATA_DIR = './.mostrador/db';
export const MEMORY_DATA_DIR = ':memory:';

/** `postgres://user:***@host:port/db`: what may appear in logs and errors. */
export const redactUrl = (url: string): string => {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
};

/**
 * Validates the options once, at registration, with messages that name the setting
 * (DATABASE_URL, MOSTRADOR_DATA_DIR) and never echo a credential.
 * `url` wins over `dataDir` when both are given.
 */
export const resolvePersistenceOptions = (options: PersistenceOptions): ResolvedPersistenceOptions => {
  const logging = options.logging === true;
  if (options.logging !== undefined && typeof options.logging !== 'boolean') {
    throw new ValidationError('PERSISTENCE.OPTIONS_INVALID', 'persistence option `logging` must be true or false');
  }
  if (options.url !== undefined && options.url !== '') {
    if (typeof options.url !== 'string') throw new ValidationError('PERSISTENCE.OPTIONS_INVALID', 'DATABASE_URL must be a string');
    let parsed: URL;
    try {
      parsed = new URL(options.url);
    } catch {
      throw new ValidationError(
        'PERSISTENCE.DATABASE_URL_INVALID',
        'DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database)',
      );
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
      throw new ValidationError(
        'PERSISTENCE.DATABASE_URL_INVALID',
        `DATABASE_URL must be a postgres:// or postgresql:// URL, got a ${parsed.protocol.replace(/:$/, '')}: URL`,
      );
    }
    if (parsed.hostname === '' && !parsed.searchParams.has('host')) {
      throw new ValidationError(
        'PERSISTENCE.DATABASE_URL_INVALID',
        'DATABASE_URL has no host (expected postgres://user:password@host:5432/database)',
      );
    }
    return { kind: 'postgres', url: options.url, safeUrl: redactUrl(options.url), logging };
  }
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  if (typeof dataDir !== 'string' || dataDir.trim() === '') {
    throw new ValidationError(
      'PERSISTENCE.DATA_DIR_INVALID',
      'MOSTRADOR_DATA_DIR (the PGlite data folder) must be a non-empty path or :memory:',
    );
  }
  if (dataDir.startsWith('postgres://') || dataDir.startsWith('postgresql://')) {
    throw new ValidationError(
      'PERSISTENCE.DATA_DIR_INVALID',
      'MOSTRADOR_DATA_DIR looks like a database URL: pass it as DATABASE_URL instead',
    );
  }
  return { kind: 'pglite', dataDir: dataDir === MEMORY_DATA_DIR ? null : dataDir, logging };
};
