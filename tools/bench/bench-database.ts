/** What the benchmarks share: a throw-away PostgreSQL database per run, and a free local port. */
import { createServer } from 'node:net';
import pg from 'pg';

/** `url` with its database replaced by `database`. */
export const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

/** Runs one statement (CREATE/DROP DATABASE) on its own connection. */
export const adminQuery = async (url: string, sql: string): Promise<void> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

/** A port nobody listens on right now, for a server whose URL must be known before it starts. */
export const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port was given'))));
    });
  });
