import type { JobQueue } from '@mostrador/core';
import { jobQueueContract } from '@mostrador/testkit/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersistence, type Persistence } from '../src/index.js';
import { createTestDatabase, openPGliteInMemory, type TestDatabase } from './support/databases.js';

/*
 * The embedded job queue runs the job queue contract on PostgreSQL (each worker with its own pool,
 * as separate processes would) and on PGlite (workers of one process share its one database).
 */

const emptyQueue = async (persistence: Persistence) => {
  await persistence.dataSource.query('TRUNCATE jobs, job_rate_limits');
};

let database: TestDatabase | null = null;
let postgres: Persistence | null = null;
let pglite: Persistence | null = null;
const opened: Persistence[] = [];

const postgresPersistence = async (): Promise<Persistence> => {
  database ??= await createTestDatabase();
  const persistence = await createPersistence({ url: database.url });
  if (postgres === null) {
    await persistence.migrate();
    postgres = persistence;
  } else opened.push(persistence);
  return persistence;
};

afterAll(async () => {
  for (const persistence of opened) await persistence.close();
  await postgres?.close();
  await pglite?.close();
  await database?.drop();
});

const storage = (first: () => Promise<Persistence>, another: () => Promise<Persistence>) => async () => {
  const main = await first();
  await emptyQueue(main);
  const queues: JobQueue[] = [];
  let workers = 0;
  return {
    worker: async () => {
      const persistence = workers++ === 0 ? main : await another();
      const queue = persistence.jobQueue({ leaseMs: 5_000 });
      queues.push(queue);
      return queue;
    },
    close: async () => {
      for (const queue of queues) await queue.stop();
    },
  };
};

jobQueueContract({
  name: 'DatabaseJobQueue (PostgreSQL)',
  sharedAcrossWorkers: true,
  durable: true,
  open: storage(async () => postgres ?? postgresPersistence(), postgresPersistence),
});

const pgliteOnce = async () => {
  pglite ??= (await openPGliteInMemory()).persistence;
  return pglite;
};

// Creating the databases takes seconds (more on a busy machine): in hooks, not in the first tests.
beforeAll(pgliteOnce, 120_000);
beforeAll(async () => {
  await (postgres ?? postgresPersistence());
}, 120_000);

jobQueueContract({
  name: 'DatabaseJobQueue (PGlite)',
  sharedAcrossWorkers: true,
  durable: true,
  open: storage(pgliteOnce, pgliteOnce),
});

describe('DatabaseJobQueue specifics (PostgreSQL)', () => {
  it('a job whose worker stopped renewing its lease is run again by another worker', async () => {
    const persistence = await (postgres ?? postgresPersistence());
    await emptyQueue(persistence);
    // A claim by a worker that then died: the row is active with a lapsed lease.
    await persistence.dataSource.query(
      `INSERT INTO jobs (queue, id, payload, state, max_attempts, backoff_ms, run_at, locked_by, locked_until)
       VALUES ('orphans', 'o1', '"left by a dead worker"', 'active', 3, 10, now(), 'dead-worker', now() - interval '1 second')`,
    );
    const queue = persistence.jobQueue({ leaseMs: 5_000 });
    const seen: unknown[] = [];
    queue.consume('orphans', async (payload, meta) => {
      seen.push([payload, meta.attempt]);
    });
    await queue.start();
    const deadline = Date.now() + 10_000;
    while (seen.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await queue.stop();
    expect(seen).toEqual([['left by a dead worker', 1]]);
    const [row] = await persistence.dataSource.query(`SELECT state, stalls FROM jobs WHERE queue = 'orphans' AND id = 'o1'`);
    expect(row).toEqual({ state: 'completed', stalls: 1 });
  });

  it('a job whose worker died maxStalls times is failed as a dead letter by the lease-renewal tick, never claimed again', async () => {
    const persistence = await (postgres ?? postgresPersistence());
    await emptyQueue(persistence);
    await persistence.dataSource.query(
      `INSERT INTO jobs (queue, id, payload, state, max_attempts, backoff_ms, run_at, locked_by, locked_until, stalls)
       VALUES ('killers', 'k1', '"kills its worker"', 'active', 3, 10, now(), 'dead-worker', now() - interval '1 second', 3),
              ('killers', 'k2', '"died once"', 'active', 3, 10, now(), 'dead-worker', now() - interval '1 second', 1)`,
    );
    const queue = persistence.jobQueue({ leaseMs: 600, maxStalls: 3 });
    const seen: unknown[] = [];
    queue.consume('killers', async (payload) => {
      seen.push(payload);
    });
    await queue.start();
    const deadline = Date.now() + 10_000;
    const states = async () =>
      (await persistence.dataSource.query(`SELECT id, state, last_error FROM jobs WHERE queue = 'killers' ORDER BY id`)) as {
        id: string;
        state: string;
        last_error: string | null;
      }[];
    while (Date.now() < deadline && (await states()).some((row) => row.state === 'active' || row.state === 'waiting'))
      await new Promise((resolve) => setTimeout(resolve, 50));
    await queue.stop();
    expect(seen).toEqual(['died once']);
    expect(await states()).toEqual([
      { id: 'k1', state: 'failed', last_error: 'the worker running it stopped 3 times' },
      { id: 'k2', state: 'completed', last_error: null },
    ]);
    expect((await queue.listDeadLetters?.('killers'))?.map((letter) => letter.jobId)).toEqual(['k1']);
  });
});
