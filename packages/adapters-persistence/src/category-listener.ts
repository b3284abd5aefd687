import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { CategoryListCache } from './category-list-cache.js';

/** The channel the `categories` trigger notifies on every statement that changes the table. */
export const CATEGORIES_CHANNEL = 'mostrador_categories';

/**
 * A connection that died without closing (a network partition, a host that vanished) would keep
 * looking subscribed while no notification can arrive; TCP keepalive and a `SELECT 1` every
 * `heartbeatMs` answered within `heartbeatTimeoutMs` catch it, and it is then treated as dropped.
 */
export interface ListenerTiming {
  /** Wait before the first reconnection attempt (default 100 ms)… */
  readonly firstMs: number;
  /** …doubling up to this (default 5,000 ms). */
  readonly maxMs: number;
  /** Default 10,000 ms. */
  readonly heartbeatMs?: number;
  /** Default 5,000 ms. */
  readonly heartbeatTimeoutMs?: number;
}

const DEFAULT_TIMING: ListenerTiming = { firstMs: 100, maxMs: 5_000 };

export interface CategoryChangeListener {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * PostgreSQL: one dedicated client per persistence instance that LISTENs on CATEGORIES_CHANNEL and
 * clears the cache on every notification. The cache is usable only while the LISTEN is in place:
 * when the connection drops the cache is bypassed, and the client reconnects with backoff.
 */
export const postgresCategoryListener = (
  url: string,
  cache: CategoryListCache,
  backoff: ListenerTiming = DEFAULT_TIMING,
): CategoryChangeListener => {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  let delay = backoff.firstMs;
  let heartbeat: NodeJS.Timeout | null = null;
  const heartbeatMs = backoff.heartbeatMs ?? 10_000;
  const heartbeatTimeoutMs = backoff.heartbeatTimeoutMs ?? 5_000;

  const stopHeartbeat = (): void => {
    if (heartbeat !== null) clearInterval(heartbeat);
    heartbeat = null;
  };

  const startHeartbeat = (which: pg.Client): void => {
    stopHeartbeat();
    heartbeat = setInterval(() => {
      if (client !== which) return;
      const timeout = setTimeout(() => lost(which), heartbeatTimeoutMs);
      timeout.unref();
      which.query('SELECT 1').then(
        () => clearTimeout(timeout),
        () => {
          clearTimeout(timeout);
          lost(which);
        },
      );
    }, heartbeatMs);
    heartbeat.unref();
  };

  const lost = (which: pg.Client): void => {
    if (client !== which) return;
    client = null;
    stopHeartbeat();
    cache.setListening(false);
    which.removeAllListeners('notification');
    void which.end().catch(() => undefined);
    schedule();
  };

  const schedule = (): void => {
    if (stopped || retry !== null) return;
    retry = setTimeout(() => {
      retry = null;
      void connect().catch(() => schedule());
    }, delay);
    retry.unref();
    delay = Math.min(delay * 2, backoff.maxMs);
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client({
      connectionString: url,
      application_name: 'mostrador (category listener)',
      connectionTimeoutMillis: 10_000,
      // The kernel's own probe of an idle connection, beside the heartbeat (see ListenerTiming).
      keepAlive: true,
    });
    // Errors after connecting (the backend terminated, the network dropped) end this client.
    next.on('error', () => lost(next));
    next.on('end', () => lost(next));
    next.on('notification', (message) => {
      if (message.channel === CATEGORIES_CHANNEL) cache.invalidate();
    });
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${CATEGORIES_CHANNEL}`);
    } catch (error) {
      if (client === next) client = null;
      next.removeAllListeners();
      next.on('error', () => undefined);
      await next.end().catch(() => undefined);
      throw error;
    }
    if (stopped || client !== next) {
      if (client === next) client = null;
      await next.end().catch(() => undefined);
      return;
    }
    delay = backoff.firstMs;
    startHeartbeat(next);
    cache.setListening(true);
  };

  return {
    start: async () => {
      stopped = false;
      // A first failure does not fail the persistence: lists are read from the database meanwhile.
      await connect().catch(() => schedule());
    },
    stop: async () => {
      stopped = true;
      stopHeartbeat();
      if (retry !== null) clearTimeout(retry);
      retry = null;
      cache.setListening(false);
      const current = client;
      client = null;
      if (current !== null) {
        current.removeAllListeners();
        current.on('error', () => undefined);
        await current.end().catch(() => undefined);
      }
    },
  };
};

/**
 * PGlite: one process owns the database and its single session LISTENs; PGlite hands a
 * notification to its listeners while it reads the statement's results, before that statement's
 * caller resumes, so even raw SQL on the DataSource clears the cache in time.
 */
export const pgliteCategoryListener = (db: () => PGlite | null, cache: CategoryListCache): CategoryChangeListener => {
  let unlisten: (() => Promise<void>) | null = null;
  return {
    start: async () => {
      const database = db();
      if (database === null) return;
      unlisten = await database.listen(CATEGORIES_CHANNEL, () => cache.invalidate());
      cache.setListening(true);
    },
    stop: async () => {
      cache.setListening(false);
      const current = unlisten;
      unlisten = null;
      const database = db();
      if (current !== null && database !== null && !database.closed) await current().catch(() => undefined);
    },
  };
};
