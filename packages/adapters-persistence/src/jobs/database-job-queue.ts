import { randomUUID } from 'node:crypto';
import {
  backoffDelay,
  type ConsumeOptions,
  type DeadLetter,
  deadLetterMessage,
  JOB_DEFAULTS,
  type JobHandler,
  type JobOptions,
  type JobQueue,
  type Logger,
  type RateLimit,
  retryLaterOf,
} from '@mostrador/core';
import type { DataSource } from 'typeorm';
import { execute } from '../repositories/sql.js';

export interface DatabaseJobQueueOptions {
  /** A claimed job whose worker stops renewing it (the process died) runs again after this long (default 30 s). */
  readonly leaseMs?: number;
  /** Longest wait between looks for due jobs when idle (default 1,000 ms); jobs enqueued in this process wake it at once. */
  readonly maxPollMs?: number;
  /** Finished jobs are remembered this long (job-id de-duplication), failed ones 4 times as long (default 7 days). */
  readonly retentionMs?: number;
  /** A job whose worker died this many times is failed instead of run again (default 10). */
  readonly maxStalls?: number;
  readonly logger?: Logger;
  /**
   * Runs the queue's own work (claims, handlers, lease renewal, pruning) marked as background, so a
   * database that serves one borrower at a time serves it after requests and bulk writes (PGlite;
   * `Persistence.jobQueue` sets it). Enqueueing keeps the caller's priority.
   */
  readonly background?: <T>(work: () => Promise<T>) => Promise<T>;
}

interface Consumer {
  readonly queue: string;
  readonly handler: JobHandler<unknown>;
  readonly concurrency: number;
  readonly rateLimit: RateLimit | null;
  running: number;
  /** The consumer's loop waits on this; `wake` resolves it early. */
  timer: ReturnType<typeof setTimeout> | null;
  wake: (() => void) | null;
  idleMs: number;
  loop: Promise<void> | null;
}

interface ClaimedJob {
  id: string;
  payload: unknown;
  attempts_made: number;
  max_attempts: number;
  backoff_ms: number;
}

const MIN_POLL_MS = 20;
const DAY_MS = 86_400_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The embedded JobQueue: jobs are rows of the shop's own database (PostgreSQL or PGlite), so they
 * survive a restart, and nothing else needs running. Selected when REDIS_URL is unset.
 *
 * - Claiming is `FOR UPDATE SKIP LOCKED` with a lease: several processes on one PostgreSQL share
 *   the work; a job whose lease lapses (its worker died) is claimed again: at least once.
 * - Running jobs' leases are renewed every third of `leaseMs`.
 * - Rate limits are evenly spaced slots in `job_rate_limits`, reserved with one atomic upsert on
 *   the database's clock, shared by every process and queue naming the key.
 * - A failure waits `backoff_ms × 2^(attempt − 1)`; after the last attempt the row stays `failed`:
 *   the dead letter. A rate-limit error moves the job back to waiting without using an attempt.
 */
export class DatabaseJobQueue implements JobQueue {
  private readonly consumers = new Map<string, Consumer>();
  private readonly workerId = randomUUID();
  private readonly leaseMs: number;
  private readonly maxPollMs: number;
  private readonly retentionMs: number;
  private readonly maxStalls: number;
  private started = false;
  private renewTimer: ReturnType<typeof setInterval> | null = null;
  private pruneTimer: ReturnType<typeof setInterval> | null = null;
  private readonly running = new Set<Promise<void>>();
  private readonly inBackground: <T>(work: () => Promise<T>) => Promise<T>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: DatabaseJobQueueOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.maxPollMs = options.maxPollMs ?? 1_000;
    this.retentionMs = options.retentionMs ?? 7 * DAY_MS;
    this.maxStalls = options.maxStalls ?? 10;
    this.inBackground = options.background ?? ((work) => work());
  }

  async enqueue<T>(queue: string, payload: T, options: JobOptions = {}): Promise<string> {
    const id = options.jobId ?? randomUUID();
    const json = JSON.stringify(payload ?? null);
    await this.sql(
      `INSERT INTO jobs (queue, id, payload, state, max_attempts, backoff_ms, run_at)
       VALUES ($1, $2, $3::jsonb, 'waiting', $4, $5, clock_timestamp() + $6 * interval '1 millisecond')
       ON CONFLICT (queue, id) DO NOTHING`,
      [
        queue,
        id,
        json,
        Math.max(1, options.attempts ?? JOB_DEFAULTS.attempts),
        Math.max(0, Math.round(options.backoffMs ?? JOB_DEFAULTS.backoffMs)),
        Math.max(0, options.delayMs ?? 0),
      ],
    );
    this.wakeAt(queue, Math.max(0, options.delayMs ?? 0));
    return id;
  }

  consume<T>(queue: string, handler: JobHandler<T>, options: ConsumeOptions = {}): void {
    if (this.consumers.has(queue)) throw new Error(`queue ${queue} already has a consumer`);
    const rateLimit = options.rateLimit ?? (options.ratePerSecond !== undefined ? { key: queue, perSecond: options.ratePerSecond } : null);
    if (rateLimit !== null && !(rateLimit.perSecond > 0)) throw new Error(`the rate of ${rateLimit.key} must be above 0`);
    const consumer: Consumer = {
      queue,
      handler: handler as JobHandler<unknown>,
      concurrency: Math.max(1, options.concurrency ?? 1),
      rateLimit,
      running: 0,
      timer: null,
      wake: null,
      idleMs: MIN_POLL_MS,
      loop: null,
    };
    this.consumers.set(queue, consumer);
    if (this.started) consumer.loop = this.inBackground(() => this.loop(consumer));
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.renewTimer = setInterval(() => void this.inBackground(() => this.renewLeases()), Math.max(100, Math.floor(this.leaseMs / 3)));
    this.pruneTimer = setInterval(() => void this.inBackground(() => this.pruneFinished()), 3_600_000);
    void this.inBackground(() => this.pruneFinished());
    for (const consumer of this.consumers.values()) consumer.loop = this.inBackground(() => this.loop(consumer));
  }

  /** Stops claiming, waits for running handlers, and gives their jobs back if any is left claimed. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    for (const consumer of this.consumers.values()) this.wake(consumer);
    await Promise.all([...this.consumers.values()].map((consumer) => consumer.loop));
    await Promise.all([...this.running]);
    if (this.renewTimer !== null) clearInterval(this.renewTimer);
    if (this.pruneTimer !== null) clearInterval(this.pruneTimer);
    this.renewTimer = null;
    this.pruneTimer = null;
  }

  async listDeadLetters(queue: string, limit = 100): Promise<readonly DeadLetter[]> {
    const { rows } = await this.sql<{ id: string; payload: unknown; attempts_made: number; last_error: string | null; finished_at: Date }>(
      `SELECT id, payload, attempts_made, last_error, finished_at FROM jobs
       WHERE queue = $1 AND state = 'failed' ORDER BY finished_at DESC, seq DESC LIMIT $2`,
      [queue, limit],
    );
    return rows.map((row) => ({
      queue,
      jobId: row.id,
      payload: row.payload,
      attempts: row.attempts_made,
      error: row.last_error ?? '',
      failedAt: new Date(row.finished_at),
    }));
  }

  private sql<R = Record<string, unknown>>(sql: string, parameters: readonly unknown[]) {
    return execute<R>(this.dataSource.manager, sql, parameters, { prepare: true });
  }

  private async loop(consumer: Consumer): Promise<void> {
    while (this.started) {
      const free = consumer.concurrency - consumer.running;
      let claimed: ClaimedJob[] = [];
      if (free > 0) {
        try {
          claimed = await this.claim(consumer.queue, free);
        } catch (error) {
          this.options.logger?.warn('job queue: claiming failed; retrying', { queue: consumer.queue, error: String(error) });
        }
      }
      for (const job of claimed) this.track(this.run(consumer, job));
      // Busy: look again as soon as a slot frees (run() wakes us); idle: back off up to maxPollMs.
      consumer.idleMs = claimed.length > 0 ? MIN_POLL_MS : Math.min(this.maxPollMs, consumer.idleMs * 2);
      if (!this.started) break;
      await new Promise<void>((resolve) => {
        consumer.wake = resolve;
        consumer.timer = setTimeout(resolve, claimed.length === free && free > 0 ? 0 : consumer.idleMs);
      });
      if (consumer.timer !== null) clearTimeout(consumer.timer);
      consumer.timer = null;
      consumer.wake = null;
    }
  }

  private wake(consumer: Consumer): void {
    consumer.idleMs = MIN_POLL_MS;
    consumer.wake?.();
  }

  /** Wakes the queue's consumer in this process now, or when a delayed job falls due. */
  private wakeAt(queue: string, delayMs: number): void {
    const consumer = this.consumers.get(queue);
    if (consumer === undefined || !this.started) return;
    if (delayMs <= 0) this.wake(consumer);
    else setTimeout(() => this.wake(consumer), delayMs).unref?.();
  }

  private track(work: Promise<void>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  /** One statement per poll: a lapsed job whose worker died too often is left to `renewLeases` to fail. */
  private async claim(queue: string, limit: number): Promise<ClaimedJob[]> {
    const { rows } = await this.sql<ClaimedJob>(
      `WITH due AS (
         SELECT queue, id FROM jobs
         WHERE queue = $1 AND ((state = 'waiting' AND run_at <= clock_timestamp())
           OR (state = 'active' AND locked_until < clock_timestamp() AND stalls < $5))
         ORDER BY run_at, seq
         LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       UPDATE jobs j SET
         stalls = j.stalls + CASE WHEN j.state = 'active' THEN 1 ELSE 0 END,
         state = 'active', locked_by = $3, locked_until = clock_timestamp() + $4 * interval '1 millisecond'
       FROM due WHERE j.queue = due.queue AND j.id = due.id
       RETURNING j.id, j.payload, j.attempts_made, j.max_attempts, j.backoff_ms`,
      [queue, limit, this.workerId, this.leaseMs, this.maxStalls],
    );
    return rows;
  }

  private async run(consumer: Consumer, job: ClaimedJob): Promise<void> {
    consumer.running++;
    try {
      const limit = consumer.rateLimit;
      if (limit !== null) {
        const wait = await this.acquireSlot(limit);
        if (wait > 0) await sleep(wait);
      }
      try {
        await consumer.handler(job.payload, {
          attempt: job.attempts_made + 1,
          jobId: job.id,
          maxAttempts: job.max_attempts,
          queue: consumer.queue,
        });
        await this.finish(consumer.queue, job.id, `state = 'completed', finished_at = clock_timestamp()`, []);
      } catch (error) {
        await this.failed(consumer, job, error);
      }
    } catch (error) {
      // The database failed while finishing: the lease lapses and the job runs again (at least once).
      this.options.logger?.warn('job queue: recording a job failed', { queue: consumer.queue, error: String(error) });
    } finally {
      consumer.running--;
      this.wake(consumer);
    }
  }

  private async failed(consumer: Consumer, job: ClaimedJob, error: unknown): Promise<void> {
    const later = retryLaterOf(error);
    if (later !== null) {
      if (later.rateLimited && consumer.rateLimit !== null) await this.pauseSlots(consumer.rateLimit.key, later.delayMs);
      await this.finish(consumer.queue, job.id, `state = 'waiting', run_at = clock_timestamp() + $4 * interval '1 millisecond'`, [
        later.delayMs,
      ]);
      this.wakeAt(consumer.queue, later.delayMs);
      return;
    }
    const attempt = job.attempts_made + 1;
    const message = deadLetterMessage(error);
    if (attempt >= job.max_attempts) {
      await this.finish(
        consumer.queue,
        job.id,
        `state = 'failed', attempts_made = attempts_made + 1, finished_at = clock_timestamp(), last_error = $4`,
        [message],
      );
      return;
    }
    const delay = backoffDelay(attempt, job.backoff_ms);
    await this.finish(
      consumer.queue,
      job.id,
      `state = 'waiting', attempts_made = attempts_made + 1, last_error = $4, run_at = clock_timestamp() + $5 * interval '1 millisecond'`,
      [message, delay],
    );
    this.wakeAt(consumer.queue, delay);
  }

  /** Updates a job this worker holds; a job whose lease lapsed and was taken by another worker is left alone. */
  private async finish(queue: string, id: string, assignments: string, extra: readonly unknown[]): Promise<void> {
    await this.sql(
      `UPDATE jobs SET ${assignments}, locked_by = NULL, locked_until = NULL
       WHERE queue = $1 AND id = $2 AND state = 'active' AND locked_by = $3`,
      [queue, id, this.workerId, ...extra],
    );
  }

  /** Reserves the key's next slot on the database's clock; returns the milliseconds to wait for it. */
  private async acquireSlot(limit: RateLimit): Promise<number> {
    const { rows } = await this.sql<{ wait_ms: string | number }>(
      `INSERT INTO job_rate_limits AS r (key, next_at) VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET next_at = GREATEST(r.next_at, clock_timestamp()) + $2 * interval '1 millisecond'
       RETURNING GREATEST(0, EXTRACT(EPOCH FROM (r.next_at - clock_timestamp())) * 1000 - $2) AS wait_ms`,
      [limit.key, 1000 / limit.perSecond],
    );
    return Math.ceil(Number(rows[0]?.wait_ms ?? 0));
  }

  private async pauseSlots(key: string, ms: number): Promise<void> {
    await this.sql(
      `INSERT INTO job_rate_limits AS r (key, next_at) VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET next_at = GREATEST(r.next_at, EXCLUDED.next_at)`,
      [key, ms],
    );
  }

  /**
   * Every third of the lease, one statement: renews the leases of this worker's running jobs, and
   * fails the lapsed jobs of its queues whose worker died `maxStalls` times (claiming skips them)
   * rather than running them once more.
   */
  private async renewLeases(): Promise<void> {
    try {
      await this.sql(
        `UPDATE jobs SET
           locked_until = CASE WHEN locked_by = $1 THEN clock_timestamp() + $2 * interval '1 millisecond' END,
           state = CASE WHEN locked_by = $1 THEN 'active' ELSE 'failed' END,
           finished_at = CASE WHEN locked_by = $1 THEN finished_at ELSE clock_timestamp() END,
           last_error = CASE WHEN locked_by = $1 THEN last_error ELSE 'the worker running it stopped ' || stalls || ' times' END,
           locked_by = CASE WHEN locked_by = $1 THEN locked_by END
         WHERE state = 'active' AND (locked_by = $1
           OR (queue = ANY($3::text[]) AND locked_until < clock_timestamp() AND stalls >= $4))`,
        [this.workerId, this.leaseMs, [...this.consumers.keys()], this.maxStalls],
      );
    } catch (error) {
      this.options.logger?.warn('job queue: renewing leases failed', { error: String(error) });
    }
  }

  /** Forgets finished jobs after the retention (their ids may then be enqueued again). */
  private async pruneFinished(): Promise<void> {
    try {
      await this.sql(
        `DELETE FROM jobs WHERE (state = 'completed' AND finished_at < clock_timestamp() - $1 * interval '1 millisecond')
           OR (state = 'failed' AND finished_at < clock_timestamp() - 4 * $1 * interval '1 millisecond')`,
        [this.retentionMs],
      );
    } catch (error) {
      this.options.logger?.warn('job queue: pruning finished jobs failed', { error: String(error) });
    }
  }
}
