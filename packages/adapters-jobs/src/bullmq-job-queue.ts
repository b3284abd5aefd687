import { randomUUID } from 'node:crypto';
import {
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
import { DelayedError, type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { fromStoredJobId, toStoredJobId } from './job-ids.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';

export interface BullMqJobQueueOptions {
  /** `redis://[:password@]host:port[/db]` (REDIS_URL). Never logged. */
  readonly url: string;
  /** Prefix of every Redis key (default `mostrador`): several shops, or test runs, share a Redis apart. */
  readonly prefix?: string;
  /** How long finished jobs are remembered, which is how long a job id stays de-duplicated (default 7 days). */
  readonly retentionMs?: number;
  /**
   * A job whose worker stops renewing its lock (it died) runs again after this long (default
   * 30 s); workers renew at half of it.
   */
  readonly lockDurationMs?: number;
  readonly logger?: Logger;
}

interface Consumer {
  readonly handler: JobHandler<unknown>;
  readonly concurrency: number;
  readonly rateLimit: RateLimit | null;
}

const JOB_NAME = 'job';
const DAY_MS = 86_400_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The JobQueue on BullMQ (Redis), for production and several instances: every instance enqueues
 * and works; a job runs at least once (a dead worker's jobs run again once its lock lapses), with
 * BullMQ's exponential backoff between failed attempts and the failed set as the dead-letter
 * record. Rate limits are spaced slots in Redis shared by every worker and queue naming the key
 * (see `RedisRateLimiter`); a rate-limit error moves the job back to delayed without using an
 * attempt and pauses the key for everyone.
 */
export class BullMqJobQueue implements JobQueue {
  private readonly producers = new Map<string, Queue>();
  private readonly consumers = new Map<string, Consumer>();
  private readonly workers: Worker[] = [];
  private readonly prefix: string;
  private readonly retentionSeconds: number;
  private readonly lockDurationMs: number;
  private connection: Redis | null = null;
  private limiter: RedisRateLimiter | null = null;
  private started = false;

  constructor(private readonly options: BullMqJobQueueOptions) {
    this.prefix = options.prefix ?? 'mostrador';
    this.retentionSeconds = Math.ceil((options.retentionMs ?? 7 * DAY_MS) / 1000);
    this.lockDurationMs = options.lockDurationMs ?? 30_000;
  }

  async enqueue<T>(queue: string, payload: T, options: JobOptions = {}): Promise<string> {
    const id = options.jobId ?? randomUUID();
    await this.producer(queue).add(JOB_NAME, payload, {
      jobId: toStoredJobId(id),
      delay: Math.max(0, options.delayMs ?? 0),
      attempts: Math.max(1, options.attempts ?? JOB_DEFAULTS.attempts),
      backoff: { type: 'exponential', delay: options.backoffMs ?? JOB_DEFAULTS.backoffMs },
      removeOnComplete: { age: this.retentionSeconds },
      removeOnFail: { age: this.retentionSeconds * 4 },
    });
    return id;
  }

  consume<T>(queue: string, handler: JobHandler<T>, options: ConsumeOptions = {}): void {
    if (this.consumers.has(queue)) throw new Error(`queue ${queue} already has a consumer`);
    const rateLimit = options.rateLimit ?? (options.ratePerSecond !== undefined ? { key: queue, perSecond: options.ratePerSecond } : null);
    if (rateLimit !== null && !(rateLimit.perSecond > 0)) throw new Error(`the rate of ${rateLimit.key} must be above 0`);
    const consumer: Consumer = { handler: handler as JobHandler<unknown>, concurrency: Math.max(1, options.concurrency ?? 1), rateLimit };
    this.consumers.set(queue, consumer);
    if (this.started) this.startWorker(queue, consumer);
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const [queue, consumer] of this.consumers) this.startWorker(queue, consumer);
    await Promise.all(this.workers.map((worker) => worker.waitUntilReady()));
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.all(this.workers.splice(0).map((worker) => worker.close()));
    await Promise.all([...this.producers.values()].map((queue) => queue.close()));
    this.producers.clear();
    if (this.connection !== null) await this.connection.quit().catch(() => undefined);
    this.connection = null;
    this.limiter = null;
  }

  async listDeadLetters(queue: string, limit = 100): Promise<readonly DeadLetter[]> {
    const jobs = await this.producer(queue).getFailed(0, Math.max(0, limit - 1));
    return jobs.map((job) => ({
      queue,
      jobId: fromStoredJobId(job.id ?? ''),
      payload: job.data,
      attempts: job.attemptsMade,
      error: job.failedReason,
      failedAt: new Date(job.finishedOn ?? job.processedOn ?? job.timestamp),
    }));
  }

  /** Removes every key of this queue's prefix for the named queues (tests). */
  async obliterate(queues: readonly string[]): Promise<void> {
    for (const queue of queues) await this.producer(queue).obliterate({ force: true });
  }

  private producer(queue: string): Queue {
    let producer = this.producers.get(queue);
    if (producer === undefined) {
      producer = new Queue(queue, { connection: this.redis(), prefix: this.prefix });
      producer.on('error', (error) => this.options.logger?.warn('job queue connection error', { queue, error: error.message }));
      this.producers.set(queue, producer);
    }
    return producer;
  }

  /** One shared connection for producers and the limiter (workers open their own blocking ones). */
  private redis(): Redis {
    this.connection ??= new Redis(this.options.url, { maxRetriesPerRequest: null });
    return this.connection;
  }

  private rateLimiter(): RedisRateLimiter {
    this.limiter ??= new RedisRateLimiter(this.redis(), this.prefix);
    return this.limiter;
  }

  private startWorker(queue: string, consumer: Consumer): void {
    const worker = new Worker(queue, (job, token) => this.process(queue, consumer, job, token), {
      connection: new Redis(this.options.url, { maxRetriesPerRequest: null }),
      prefix: this.prefix,
      concurrency: consumer.concurrency,
      lockDuration: this.lockDurationMs,
      stalledInterval: Math.max(1_000, Math.floor(this.lockDurationMs / 2)),
      // A job whose worker died several times is still retried: a crash is not the job's fault.
      maxStalledCount: 10,
    });
    worker.on('error', (error) => this.options.logger?.warn('job worker error', { queue, error: error.message }));
    this.workers.push(worker);
  }

  private async process(queue: string, consumer: Consumer, job: Job, token: string | undefined): Promise<void> {
    const limit = consumer.rateLimit;
    if (limit !== null) {
      const wait = await this.rateLimiter().acquire(limit.key, limit.perSecond);
      if (wait > 0) await sleep(wait);
    }
    try {
      await consumer.handler(job.data, {
        attempt: job.attemptsMade + 1,
        jobId: fromStoredJobId(job.id ?? ''),
        maxAttempts: job.opts.attempts ?? 1,
        queue,
      });
    } catch (error) {
      const later = retryLaterOf(error);
      if (later !== null) {
        if (later.rateLimited && limit !== null) await this.rateLimiter().pause(limit.key, later.delayMs);
        await job.moveToDelayed(Date.now() + later.delayMs, token);
        // Tells BullMQ the job was moved on purpose: no attempt is used.
        throw new DelayedError();
      }
      // The failed set (the dead letter) keeps the message only: no stack, no payload in it.
      throw new Error(deadLetterMessage(error));
    }
  }
}
