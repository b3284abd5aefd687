import { AdapterError, type JobMeta, type JobQueue, RetryLaterError } from '@mostrador/core';
import { afterEach, describe, expect, it } from 'vitest';

/** One queue storage (a Redis prefix, a database) for one test; `worker()` opens a queue over it. */
export interface JobQueueStorage {
  /** A started-or-not queue over this storage; call twice for two workers (when `workers` allows). */
  worker(): Promise<JobQueue>;
  /** Stops what `worker()` opened and drops the storage. */
  close(): Promise<void>;
}

export interface JobQueueUnderTest {
  readonly name: string;
  open(): Promise<JobQueueStorage>;
  /** Several queues over one storage share jobs and rate limits (other processes, instances). False: in-process only. */
  readonly sharedAcrossWorkers: boolean;
  /** Jobs survive a queue's stop and a new queue over the same storage runs them. */
  readonly durable: boolean;
}

interface Run {
  readonly payload: unknown;
  readonly meta: JobMeta;
  readonly at: number;
}

const waitFor = async (condition: () => boolean, timeoutMs = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the queue');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Clock granularity and timer slack a delay may be observed early by (Redis and PostgreSQL keep milliseconds). */
const SLACK_MS = 15;

/**
 * Registers the JobQueue contract (see the port's doc in core): every job runs at least once with
 * its payload; a job id already known is not queued again; delays are honoured; failures are
 * retried up to `attempts`, then kept as a dead letter; a rate-limit error reschedules the job after
 * its wait without using an attempt and pauses the consumers sharing its limit; starts are spaced
 * by the rate limit, also across queues naming the same key and across workers of one storage;
 * jobs survive a restart (durable queues).
 */
export function jobQueueContract(subject: JobQueueUnderTest): void {
  describe(`job queue contract (${subject.name})`, () => {
    let storage: JobQueueStorage | null = null;
    const open = async (): Promise<JobQueueStorage> => {
      storage = await subject.open();
      return storage;
    };
    afterEach(async () => {
      await storage?.close();
      storage = null;
    });

    const collecting = () => {
      const runs: Run[] = [];
      const handler = async (payload: unknown, meta: JobMeta) => {
        runs.push({ payload, meta, at: Date.now() });
      };
      return { runs, handler };
    };

    it('runs every job with its payload, once, as attempt 1 under its id', async () => {
      const queue = await (await open()).worker();
      const { runs, handler } = collecting();
      queue.consume('mail', handler, { concurrency: 2 });
      await queue.start();
      const ids = [];
      for (let index = 0; index < 5; index++) ids.push(await queue.enqueue('mail', { n: index, text: 'año ñandú €' }));
      expect(new Set(ids).size).toBe(5);
      await waitFor(() => runs.length >= 5);
      await pause(100);
      expect(runs.map((run) => (run.payload as { n: number }).n).sort()).toEqual([0, 1, 2, 3, 4]);
      expect(runs.every((run) => (run.payload as { text: string }).text === 'año ñandú €')).toBe(true);
      expect(runs.map((run) => run.meta.attempt)).toEqual([1, 1, 1, 1, 1]);
      expect(runs.map((run) => run.meta.jobId).sort()).toEqual([...ids].sort());
    });

    it('does not queue a job id again, while it waits or after it ran; ids are per queue', async () => {
      const queue = await (await open()).worker();
      const { runs, handler } = collecting();
      const other = collecting();
      queue.consume('campaign', handler);
      queue.consume('other', other.handler);
      expect(await queue.enqueue('campaign', { to: 'ana' }, { jobId: 'c1:ana', delayMs: 200 })).toBe('c1:ana');
      expect(await queue.enqueue('campaign', { to: 'ANA AGAIN' }, { jobId: 'c1:ana' })).toBe('c1:ana');
      await queue.enqueue('other', { to: 'ana' }, { jobId: 'c1:ana' });
      await queue.start();
      await waitFor(() => runs.length >= 1 && other.runs.length >= 1);
      expect(await queue.enqueue('campaign', { to: 'ana, later' }, { jobId: 'c1:ana' })).toBe('c1:ana');
      await pause(400);
      expect(runs.map((run) => run.payload)).toEqual([{ to: 'ana' }]);
      expect(other.runs).toHaveLength(1);
    });

    it('runs a delayed job no earlier than its delay, and meanwhile runs the others', async () => {
      const queue = await (await open()).worker();
      const { runs, handler } = collecting();
      queue.consume('reminders', handler);
      await queue.start();
      const enqueuedAt = Date.now();
      await queue.enqueue('reminders', 'later', { delayMs: 400 });
      await queue.enqueue('reminders', 'now');
      await waitFor(() => runs.length >= 2);
      expect(runs.map((run) => run.payload)).toEqual(['now', 'later']);
      expect(runs[1]!.at - enqueuedAt).toBeGreaterThanOrEqual(400 - SLACK_MS);
    });

    it('retries a failing job with backoff until it succeeds, then keeps a dead letter of one that never does', async () => {
      const queue = await (await open()).worker();
      const runs: Run[] = [];
      queue.consume<string>('flaky', async (payload, meta) => {
        runs.push({ payload, meta, at: Date.now() });
        if (payload === 'never' || meta.attempt < 3) throw new Error(`boom ${meta.attempt}`);
      });
      await queue.start();
      await queue.enqueue('flaky', 'third time', { jobId: 'j-ok', attempts: 3, backoffMs: 50 });
      await queue.enqueue('flaky', 'never', { jobId: 'j-dead', attempts: 2, backoffMs: 50 });
      await waitFor(
        () => runs.filter((run) => run.payload === 'third time').length >= 3 && runs.filter((run) => run.payload === 'never').length >= 2,
      );
      await pause(300);
      const ok = runs.filter((run) => run.payload === 'third time');
      expect(ok.map((run) => run.meta.attempt)).toEqual([1, 2, 3]);
      expect(ok[1]!.at - ok[0]!.at).toBeGreaterThanOrEqual(50 - SLACK_MS);
      expect(ok[2]!.at - ok[1]!.at).toBeGreaterThanOrEqual(100 - SLACK_MS);
      expect(runs.filter((run) => run.payload === 'never').map((run) => run.meta.attempt)).toEqual([1, 2]);
      if (queue.listDeadLetters) {
        const dead = await queue.listDeadLetters('flaky');
        expect(
          dead.map((letter) => ({ jobId: letter.jobId, payload: letter.payload, attempts: letter.attempts, error: letter.error })),
        ).toEqual([{ jobId: 'j-dead', payload: 'never', attempts: 2, error: 'boom 2' }]);
        expect(dead[0]!.failedAt).toBeInstanceOf(Date);
      }
    });

    it("honours a rate limit's retry-after without using an attempt (RetryLaterError and a channel's 429)", async () => {
      const queue = await (await open()).worker();
      const runs: Run[] = [];
      const seen = new Map<string, number>();
      queue.consume<string>('sends', async (payload, meta) => {
        runs.push({ payload, meta, at: Date.now() });
        const count = (seen.get(payload) ?? 0) + 1;
        seen.set(payload, count);
        if (count === 1 && payload === 'retry-later') throw new RetryLaterError(300);
        if (count <= 2 && payload === 'telegram-429')
          throw new AdapterError('CHANNEL.RATE_LIMITED', 'Too Many Requests: retry after 0.3', true, { retryAfterSeconds: 0.3 });
      });
      await queue.start();
      await queue.enqueue('sends', 'retry-later', { attempts: 1 });
      await queue.enqueue('sends', 'telegram-429', { attempts: 1 });
      await waitFor(() => (seen.get('retry-later') ?? 0) >= 2 && (seen.get('telegram-429') ?? 0) >= 3);
      const later = runs.filter((run) => run.payload === 'retry-later');
      const limited = runs.filter((run) => run.payload === 'telegram-429');
      expect(later.map((run) => run.meta.attempt)).toEqual([1, 1]);
      expect(limited.map((run) => run.meta.attempt)).toEqual([1, 1, 1]);
      expect(later[1]!.at - later[0]!.at).toBeGreaterThanOrEqual(300 - SLACK_MS);
      expect(limited[1]!.at - limited[0]!.at).toBeGreaterThanOrEqual(300 - SLACK_MS);
      if (queue.listDeadLetters) expect(await queue.listDeadLetters('sends')).toEqual([]);
    });

    it('a rate-limited job pauses every consumer sharing its limit for the wait', async () => {
      const queue = await (await open()).worker();
      const runs: Run[] = [];
      const limit = { key: 'channel:test', perSecond: 50 };
      let limitedOnce = false;
      const handler = async (payload: unknown, meta: JobMeta) => {
        runs.push({ payload, meta, at: Date.now() });
        if (payload === 'first' && !limitedOnce) {
          limitedOnce = true;
          throw new RetryLaterError(500);
        }
      };
      queue.consume('bulk-a', handler, { rateLimit: limit });
      queue.consume('bulk-b', handler, { rateLimit: limit });
      await queue.start();
      await queue.enqueue('bulk-a', 'first');
      await waitFor(() => limitedOnce);
      const limitedAt = runs[0]!.at;
      await queue.enqueue('bulk-b', 'second');
      await waitFor(() => runs.length >= 3);
      for (const run of runs.slice(1)) expect(run.at - limitedAt).toBeGreaterThanOrEqual(500 - SLACK_MS);
    });

    it('spaces job starts by the rate, also across queues naming the same key', async () => {
      const queue = await (await open()).worker();
      const { runs, handler } = collecting();
      const limit = { key: 'channel:spaced', perSecond: 20 };
      queue.consume('spaced-a', handler, { concurrency: 4, rateLimit: limit });
      queue.consume('spaced-b', handler, { concurrency: 4, rateLimit: limit });
      for (let index = 0; index < 8; index++) await queue.enqueue(index % 2 === 0 ? 'spaced-a' : 'spaced-b', index);
      await queue.start();
      await waitFor(() => runs.length >= 8);
      const starts = runs.map((run) => run.at).sort((a, b) => a - b);
      // 8 starts at 20/s: 7 gaps of 50 ms; one gap's worth of slack for the round trip that hands out a slot.
      expect(starts[7]! - starts[0]!).toBeGreaterThanOrEqual(6 * 50);
    });

    it('two workers of one storage share the jobs (each runs once) and the rate limit', async () => {
      if (!subject.sharedAcrossWorkers) return;
      const shared = await open();
      const one = await shared.worker();
      const two = await shared.worker();
      const { runs, handler } = collecting();
      for (const worker of [one, two]) {
        worker.consume('shared', handler, { concurrency: 3, ratePerSecond: 20 });
        await worker.start();
      }
      for (let index = 0; index < 12; index++) await one.enqueue('shared', index, { jobId: `r${index}` });
      await waitFor(() => runs.length >= 12);
      await pause(200);
      expect(runs.map((run) => run.payload as number).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      const starts = runs.map((run) => run.at).sort((a, b) => a - b);
      expect(starts[11]! - starts[0]!).toBeGreaterThanOrEqual(10 * 50);
    });

    it('keeps jobs across a restart: a new queue over the same storage runs what the stopped one left', async () => {
      if (!subject.durable) return;
      const shared = await open();
      const first = await shared.worker();
      await first.enqueue('durable', 'left behind', { jobId: 'd1' });
      await first.enqueue('durable', 'delayed', { jobId: 'd2', delayMs: 200 });
      await first.stop();
      const second = await shared.worker();
      const { runs, handler } = collecting();
      second.consume('durable', handler);
      await second.start();
      await waitFor(() => runs.length >= 2);
      expect(runs.map((run) => run.payload).sort()).toEqual(['delayed', 'left behind']);
    });
  });
}
