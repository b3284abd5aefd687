import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createPersistence, type Persistence } from '@mostrador/adapters-persistence';
import { describe, expect, it } from 'vitest';
import { waitUntil } from './support/broadcast-harness.js';
import { createTestDatabase } from './support/postgres-database.js';

/*
 * The outbox across a crash: a real app process commits events (and rolls others back) while its
 * dispatcher publishes them slowly, and is killed with SIGKILL with committed events not yet
 * published. A new process publishes every committed event to its subscriber; no rolled-back one
 * ever reaches it. On the embedded queue (PostgreSQL) and on BullMQ (Redis).
 */

const childPath = fileURLToPath(new URL('./support/outbox-child.ts', import.meta.url));
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const startChild = (env: Record<string, string>) => {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', childPath], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { child, output: () => output, exited: new Promise<void>((resolve) => child.on('exit', () => resolve())) };
};

const count = async (persistence: Persistence, sql: string): Promise<number> =>
  Number(((await persistence.dataSource.query(sql)) as { n: string }[])[0]!.n);

describe.each(['database', 'redis'] as const)('outbox on the %s queue, crash between commit and publish', (backend) => {
  it('a process killed with committed events unpublished loses none; rolled-back events are never published', async () => {
    const database = await createTestDatabase('mostrador_outbox');
    const persistence = await createPersistence({ url: database.url });
    const children: ReturnType<typeof startChild>[] = [];
    try {
      await persistence.migrate();
      const env = {
        DATABASE_URL: database.url,
        JOBS_BACKEND: backend,
        REDIS_URL,
        REDIS_PREFIX: `test-outbox-${randomBytes(6).toString('hex')}`,
      };
      // Publishing only every 2 s while committing every few ms: the kill lands in the window.
      const writer = startChild({ ...env, MODE: 'write', POLL_MS: '2000' });
      children.push(writer);
      await waitUntil(
        () => /committed [3-9]0\b|committed \d{3}/.test(writer.output()),
        90_000,
        () => writer.output(),
      );
      writer.child.kill('SIGKILL');
      await writer.exited;
      const committed = await count(persistence, `SELECT count(*) AS n FROM outbox`);
      const unpublishedAtCrash = await count(persistence, `SELECT count(*) AS n FROM outbox WHERE dispatched_at IS NULL`);
      expect(unpublishedAtCrash).toBeGreaterThan(0);

      const restarted = startChild({ ...env, MODE: 'dispatch', POLL_MS: '100' });
      children.push(restarted);
      await waitUntil(
        () => /ready/.test(restarted.output()),
        60_000,
        () => restarted.output(),
      );
      const deadline = Date.now() + 60_000;
      let handled = 0;
      while (Date.now() < deadline) {
        handled = await count(persistence, `SELECT count(*) AS n FROM settings WHERE key LIKE 'handled:%'`);
        if (handled >= committed) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(await count(persistence, `SELECT count(*) AS n FROM outbox WHERE dispatched_at IS NULL`)).toBe(0);
      expect(handled).toBe(committed);
      expect(await count(persistence, `SELECT count(*) AS n FROM outbox WHERE aggregate_id NOT LIKE 'committed-%'`)).toBe(0);
      expect(await count(persistence, `SELECT count(*) AS n FROM settings WHERE key LIKE 'handled:rolled-back-%'`)).toBe(0);
      // Every committed change has its event handled, and nothing else was.
      expect(
        await count(
          persistence,
          `SELECT count(*) AS n FROM outbox o WHERE NOT EXISTS (SELECT 1 FROM settings s WHERE s.key = 'handled:' || o.aggregate_id)`,
        ),
      ).toBe(0);
    } finally {
      for (const child of children) if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
      await Promise.all(children.map((child) => child.exited));
      await persistence.close();
      await database.drop();
    }
  }, 180_000);
});
