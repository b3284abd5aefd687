import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPersistence, type UnopenedPersistence } from '../src/persistence.js';
import { runAsBackground, SerializedPGlitePool } from '../src/pglite/serialized-pool.js';

/*
 * Background work on the embedded database (jobs, the outbox dispatch, housekeeping) yields to
 * foreground work (requests) and to bulk writes (an import's slices), and is never starved: it is
 * served at the latest once it has waited the pool's bound. Pools of their own over one in-memory
 * PGlite, so each test picks its bound; the job queue over a real persistence at the end.
 */

/** Lets other queued work run (a few macrotask turns). */
const yieldTurns = async (turns = 5): Promise<void> => {
  for (let i = 0; i < turns; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
};

const waitFor = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise<void>((resolve) => setTimeout(resolve, 5));
};

let persistence: UnopenedPersistence;
let db: PGlite;
const pools: SerializedPGlitePool[] = [];

beforeAll(async () => {
  persistence = buildPersistence({ dataDir: ':memory:', backgroundMaxWaitMs: 60_000 });
  await persistence.open();
  await persistence.migrate();
  db = persistence.connection.pglite()!;
}, 120_000);

afterAll(async () => {
  for (const pool of pools) await pool.end();
  await persistence?.close();
});

/** A pool of its own over the shared PGlite instance (not closing it), with the given bound. */
const aPool = (backgroundMaxWaitMs: number): SerializedPGlitePool => {
  const pool = new SerializedPGlitePool(db, { closeDatabase: false, backgroundMaxWaitMs });
  pools.push(pool);
  return pool;
};

/** Takes the pool's connection; the returned function gives it back (node-postgres's release callback). */
const lease = (pool: SerializedPGlitePool): Promise<() => void> =>
  new Promise((resolve, reject) => pool.connect((error, _client, release) => (error ? reject(error) : resolve(() => release?.()))));

describe('priority of the serialized PGlite pool', () => {
  it('serves waiting foreground borrowers before background ones, whatever the arrival order', async () => {
    const pool = aPool(60_000);
    const order: string[] = [];
    const giveBack = await lease(pool);
    const background = runAsBackground(async () => {
      await pool.query('SELECT 1');
      order.push('background');
    });
    await yieldTurns();
    const foreground = Promise.all(
      ['request 1', 'request 2'].map(async (name) => {
        await pool.query('SELECT 1');
        order.push(name);
      }),
    );
    await yieldTurns();
    expect(pool.getStats().waiting).toBe(3);
    giveBack();
    await Promise.all([background, foreground]);
    expect(order).toEqual(['request 1', 'request 2', 'background']);
    expect(pool.getStats()).toMatchObject({ backgroundLeases: 1, backgroundOverdue: 0 });
  });

  it('a bulk write holds background borrowers back, not foreground ones, and does not wait for them between slices', async () => {
    const pool = aPool(60_000);
    const order: string[] = [];
    let endBulk!: () => void;
    const bulk = pool.runBulk(async () => {
      await pool.query('SELECT 1');
      order.push('slice 1');
      await new Promise<void>((resolve) => {
        endBulk = resolve;
      });
      order.push('bulk done');
    });
    await waitFor(() => order.includes('slice 1'));
    const background = runAsBackground(async () => {
      await pool.query('SELECT 1');
      order.push('background');
    });
    await yieldTurns();
    // The connection is free, yet the background borrower waits: a bulk write is in progress.
    expect(pool.getStats()).toMatchObject({ busy: false, waiting: 1, bulk: 1 });
    await pool.query('SELECT 1');
    order.push('request');
    // Between two slices the bulk write waits for foreground quiet only, not for background waiters.
    await pool.whenQuiet(4, 60_000);
    order.push('quiet');
    expect(pool.getStats().waiting).toBe(1);
    endBulk();
    await Promise.all([bulk, background]);
    expect(order).toEqual(['slice 1', 'request', 'quiet', 'bulk done', 'background']);
    expect(pool.getStats()).toMatchObject({ bulk: 0, waiting: 0, backgroundOverdue: 0 });
  });

  it('is never starved: past its bound a background borrower is served during a bulk write and under constant foreground traffic', async () => {
    const pool = aPool(150);
    let bulkRunning = true;
    let foregroundStatements = 0;
    let backgroundDone = false;
    let servedDuringBulk = false;
    const bulk = pool.runBulk(async () => {
      // Foreground statements back to back (a new one is always waiting): the busiest a shop gets.
      const traffic = Array.from({ length: 3 }, async () => {
        while (!backgroundDone) {
          await pool.query('SELECT 1');
          foregroundStatements += 1;
        }
      });
      await Promise.all(traffic);
      bulkRunning = false;
    });
    await runAsBackground(async () => {
      await pool.query('SELECT 1');
      servedDuringBulk = bulkRunning;
      backgroundDone = true;
    });
    await bulk;
    expect(servedDuringBulk).toBe(true);
    expect(foregroundStatements).toBeGreaterThan(0);
    expect(pool.getStats()).toMatchObject({ backgroundLeases: 1, backgroundOverdue: 1, bulk: 0 });
  });

  it('a burst of background work leaves the event loop free: a request arriving meanwhile goes before the rest of the burst', async () => {
    const pool = aPool(60_000);
    const statements = 100;
    let backgroundDone = 0;
    // Four background workers, each with statements back to back (a backlog released at once).
    const burst = Array.from({ length: 4 }, () =>
      runAsBackground(async () => {
        for (let i = 0; i < statements; i += 1) {
          await pool.query('SELECT 1');
          backgroundDone += 1;
        }
      }),
    );
    // A request that arrives through the event loop (a timer, as a socket's data would) once the burst runs.
    const servedAfter = await new Promise<number>((resolve, reject) => {
      setTimeout(() => {
        pool.query('SELECT 1').then(() => resolve(backgroundDone), reject);
      }, 0);
    });
    await Promise.all(burst);
    expect(servedAfter).toBeLessThan(statements);
    expect(backgroundDone).toBe(4 * statements);
  });

  it('work inside a bulk write is foreground even when background work started it', async () => {
    const pool = aPool(60_000);
    const done = await runAsBackground(() => pool.runBulk(async () => (await pool.query('SELECT 41 + 1 AS n')).rows));
    expect(done).toEqual([{ n: 42 }]);
    expect(pool.getStats()).toMatchObject({ backgroundLeases: 0, backgroundOverdue: 0 });
  });
});

describe('the embedded job queue is background work', () => {
  it('a job enqueued during a bulk write runs once the bulk write ends (bound of this persistence: 60 s)', async () => {
    const pool = persistence.connection.pglitePool()!;
    const queue = persistence.jobQueue({ maxPollMs: 50 });
    const ran: string[] = [];
    queue.consume<{ n: number }>('priority-test', async (payload) => {
      await persistence.uow.repositories.products.getBySku(`none-${payload.n}`);
      ran.push(`job ${payload.n}`);
    });
    let endBulk!: () => void;
    const bulk = persistence.uow.runBulk!(async () => {
      // Enqueued from the request doing the bulk write: foreground, so it is not held back itself.
      await queue.enqueue('priority-test', { n: 1 });
      await queue.start();
      await new Promise<void>((resolve) => {
        endBulk = resolve;
      });
      ran.push('bulk done');
    });
    // The queue's first claim waits for the bulk write while the connection is free.
    await waitFor(() => pool.getStats().waiting > 0);
    await yieldTurns();
    expect(pool.getStats()).toMatchObject({ busy: false, bulk: 1 });
    expect(ran).toEqual([]);
    endBulk();
    await bulk;
    await waitFor(() => ran.length === 2);
    await queue.stop();
    expect(ran).toEqual(['bulk done', 'job 1']);
    expect(pool.getStats().backgroundLeases).toBeGreaterThan(0);
  }, 60_000);
});

describe('the embedded job queue is never starved', () => {
  let short: UnopenedPersistence;

  beforeAll(async () => {
    short = buildPersistence({ dataDir: ':memory:', backgroundMaxWaitMs: 150 });
    await short.open();
    await short.migrate();
  }, 120_000);

  afterAll(async () => {
    await short?.close();
  });

  it('a job runs to completion during a bulk write that lasts past the bound, with foreground statements all along', async () => {
    const pool = short.connection.pglitePool()!;
    const queue = short.jobQueue({ maxPollMs: 50 });
    let jobRan = false;
    let ranDuringBulk = false;
    let bulkOpen = false;
    queue.consume<{ n: number }>('starvation-test', async (payload) => {
      await short.uow.repositories.products.getBySku(`none-${payload.n}`);
      ranDuringBulk = bulkOpen;
      jobRan = true;
    });
    await queue.start();
    // The bulk write ends only once the job has run: without the bound this would never finish.
    await short.uow.runBulk!(async () => {
      bulkOpen = true;
      await queue.enqueue('starvation-test', { n: 1 });
      while (!jobRan) {
        await short.uow.repositories.products.getBySku('foreground');
        await new Promise<void>((resolve) => setTimeout(resolve, 2));
      }
      bulkOpen = false;
    });
    await queue.stop();
    expect(ranDuringBulk).toBe(true);
    expect(pool.getStats().backgroundOverdue).toBeGreaterThan(0);
  }, 60_000);
});
