import {
  backoffDelay,
  type ConsumeOptions,
  type DeadLetter,
  deadLetterMessage,
  type JobHandler,
  type JobOptions,
  type JobQueue,
  retryLaterOf,
} from '@mostrador/core';

interface QueuedJob {
  readonly id: string;
  readonly queue: string;
  readonly payload: unknown;
  readonly maxAttempts: number;
  readonly backoffMs: number | undefined;
  attempt: number;
  runAt: number;
}

interface Consumer {
  readonly handler: JobHandler<unknown>;
  readonly concurrency: number;
  /** The rate group it shares (its rate-limit key), or null without a rate. */
  readonly group: RateGroup | null;
  running: number;
}

interface RateGroup {
  /** Earliest time the next job of the group may start. */
  nextSlotAt: number;
  readonly spacingMs: number;
}

/** A job that used up its attempts: kept for the test to inspect (the dead-letter record). */
export interface DeadJob {
  readonly id: string;
  readonly queue: string;
  readonly payload: unknown;
  readonly attempts: number;
  readonly error: string;
}

/**
 * An in-process `JobQueue` for unit tests of code that enqueues and consumes jobs. Jobs live in
 * memory only (a restart loses them: the embedded and BullMQ queues of `adapters-jobs` are the
 * durable ones). It honours `jobId` de-duplication (queued or done), delays, attempts with a short
 * exponential backoff, rate limits (shared by key) and `RetryLaterError`/rate-limited errors (no attempt used); `drain()` waits until nothing is queued or running.
 */
export class InMemoryJobQueue implements JobQueue {
  private readonly jobs: QueuedJob[] = [];
  private readonly knownIds = new Set<string>();
  private readonly consumers = new Map<string, Consumer>();
  private readonly idle: (() => void)[] = [];
  private readonly dead: DeadJob[] = [];
  private readonly done: { id: string; queue: string; payload: unknown }[] = [];
  private readonly groups = new Map<string, RateGroup>();
  private readonly deadAt = new Map<DeadJob, Date>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private started = false;
  private sequence = 0;

  constructor(private readonly options: { readonly backoffMs?: number } = {}) {}

  async enqueue<T>(queue: string, payload: T, options: JobOptions = {}): Promise<string> {
    const id = options.jobId ?? `${queue}:${++this.sequence}`;
    // Ids are per queue.
    const known = `${queue}\u0000${id}`;
    if (this.knownIds.has(known)) return id;
    this.knownIds.add(known);
    this.jobs.push({
      id,
      queue,
      payload: structuredClone(payload),
      maxAttempts: Math.max(1, options.attempts ?? 3),
      backoffMs: options.backoffMs,
      attempt: 0,
      runAt: Date.now() + Math.max(0, options.delayMs ?? 0),
    });
    this.pump();
    return id;
  }

  consume<T>(queue: string, handler: JobHandler<T>, options: ConsumeOptions = {}): void {
    if (this.consumers.has(queue)) throw new Error(`queue ${queue} already has a consumer`);
    const limit = options.rateLimit ?? (options.ratePerSecond !== undefined ? { key: queue, perSecond: options.ratePerSecond } : null);
    let group: RateGroup | null = null;
    if (limit !== null && limit.perSecond > 0) {
      group = this.groups.get(limit.key) ?? { nextSlotAt: 0, spacingMs: 1000 / limit.perSecond };
      this.groups.set(limit.key, group);
    }
    this.consumers.set(queue, {
      handler: handler as JobHandler<unknown>,
      concurrency: Math.max(1, options.concurrency ?? 1),
      group,
      running: 0,
    });
    this.pump();
  }

  async start(): Promise<void> {
    this.started = true;
    this.pump();
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    while (this.running() > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  /** Resolves once no job is queued, delayed or running. */
  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Jobs whose handler succeeded, in completion order. */
  completed(queue?: string): readonly { id: string; queue: string; payload: unknown }[] {
    return queue === undefined ? [...this.done] : this.done.filter((job) => job.queue === queue);
  }

  /** Jobs that failed every attempt. */
  deadLetters(queue?: string): readonly DeadJob[] {
    return queue === undefined ? [...this.dead] : this.dead.filter((job) => job.queue === queue);
  }

  async listDeadLetters(queue: string, limit = 100): Promise<readonly DeadLetter[]> {
    return this.deadLetters(queue)
      .slice(-limit)
      .reverse()
      .map((job) => ({
        queue: job.queue,
        jobId: job.id,
        payload: job.payload,
        attempts: job.attempts,
        error: job.error,
        failedAt: this.deadAt.get(job) ?? new Date(),
      }));
  }

  /** Jobs waiting (queued or delayed) in a queue. */
  waiting(queue: string): readonly { id: string; payload: unknown; runAt: Date }[] {
    return this.jobs.filter((job) => job.queue === queue).map((job) => ({ id: job.id, payload: job.payload, runAt: new Date(job.runAt) }));
  }

  private running(): number {
    let count = 0;
    for (const consumer of this.consumers.values()) count += consumer.running;
    return count;
  }

  private isIdle(): boolean {
    return this.running() === 0 && !this.jobs.some((job) => this.consumers.has(job.queue));
  }

  private pump(): void {
    if (!this.started) return;
    const now = Date.now();
    let wakeAt = Number.POSITIVE_INFINITY;
    for (let index = 0; index < this.jobs.length; ) {
      const job = this.jobs[index] as QueuedJob;
      const consumer = this.consumers.get(job.queue);
      if (consumer === undefined || consumer.running >= consumer.concurrency) {
        index++;
        continue;
      }
      const startAt = Math.max(job.runAt, consumer.group?.nextSlotAt ?? 0);
      if (startAt > now) {
        wakeAt = Math.min(wakeAt, startAt);
        index++;
        continue;
      }
      this.jobs.splice(index, 1);
      if (consumer.group !== null) consumer.group.nextSlotAt = Math.max(now, consumer.group.nextSlotAt) + consumer.group.spacingMs;
      void this.run(job, consumer);
    }
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (wakeAt !== Number.POSITIVE_INFINITY) this.timer = setTimeout(() => this.pump(), Math.max(1, wakeAt - now));
    if (this.isIdle()) for (const resolve of this.idle.splice(0)) resolve();
  }

  private async run(job: QueuedJob, consumer: Consumer): Promise<void> {
    consumer.running++;
    job.attempt++;
    try {
      await consumer.handler(job.payload, { attempt: job.attempt, jobId: job.id, maxAttempts: job.maxAttempts, queue: job.queue });
      this.done.push({ id: job.id, queue: job.queue, payload: job.payload });
    } catch (error) {
      const later = retryLaterOf(error);
      if (later !== null) {
        // A rate limit: no attempt used; the whole rate group pauses as long.
        job.attempt--;
        job.runAt = Date.now() + later.delayMs;
        if (later.rateLimited && consumer.group !== null) consumer.group.nextSlotAt = Math.max(consumer.group.nextSlotAt, job.runAt);
        this.jobs.push(job);
      } else if (job.attempt >= job.maxAttempts) {
        const dead: DeadJob = {
          id: job.id,
          queue: job.queue,
          payload: job.payload,
          attempts: job.attempt,
          error: deadLetterMessage(error),
        };
        this.dead.push(dead);
        this.deadAt.set(dead, new Date());
      } else {
        job.runAt = Date.now() + backoffDelay(job.attempt, job.backoffMs ?? this.options.backoffMs ?? 10);
        this.jobs.push(job);
      }
    } finally {
      consumer.running--;
      this.pump();
    }
  }
}
