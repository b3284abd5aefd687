import type { DomainEvent } from '../notifications/domain-event.js';
import type { Startable } from '../ports/lifecycle.js';
import type { UnitOfWork } from '../ports/repositories.js';
import type { Clock, JobQueue, Logger } from '../ports/services.js';
import { isDomainError } from '../shared/errors.js';
import type { EventSubscriber } from './event-subscriber.js';

/** The queue domain events travel on, one job per (outbox record, subscriber). */
export const EVENTS_QUEUE = 'events';

/** What a job on `events` carries: the event as JSON (its `occurredAt` an ISO string) and who it is for. */
export interface EventJob {
  readonly outboxId: string;
  readonly subscriber: string;
  readonly event: {
    readonly type: string;
    readonly aggregateId: string;
    readonly payload: Record<string, unknown>;
    readonly occurredAt: string;
  };
}

/** The job id of an outbox record's delivery to one subscriber: the same on every dispatch, so a repeat is a no-op. */
export const eventJobId = (outboxId: string, subscriber: string): string => `${outboxId}:${subscriber}`;

export interface OutboxDispatcherOptions {
  readonly uow: UnitOfWork;
  readonly queue: JobQueue;
  readonly subscribers: readonly EventSubscriber[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** How often pending records are looked for (default 500 ms). */
  readonly pollIntervalMs?: number;
  /** Records moved per round (default 100). */
  readonly batchSize?: number;
  /** Attempts of each subscriber's job (default 8) and the first backoff (default 2 s, doubling). */
  readonly attempts?: number;
  readonly backoffMs?: number;
  /** Event jobs handled at once in this process (default 4). */
  readonly concurrency?: number;
}

const subscriberName = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * Moves committed outbox records to the job queue and runs the subscribers' jobs.
 *
 * Guarantees (pinned by the outbox tests): an event of a rolled-back transaction is never published
 * (it was never written); a crash after the commit loses nothing (the record stays pending until
 * its jobs are enqueued, and is marked dispatched only afterwards); a crash between enqueueing and
 * marking repeats the enqueue, which the job id (`<outboxId>:<subscriber>`) turns into a no-op.
 * Several instances may dispatch at once for the same reason. Subscribers run at least once each,
 * independently: one failing does not make another run again.
 *
 * Construct it at composition: it registers the `events` consumer on the queue right away (no I/O);
 * `start` begins polling.
 */
export class OutboxDispatcher implements Startable {
  readonly name = 'outbox dispatcher';
  readonly phase = 'connect' as const;
  private readonly byName = new Map<string, EventSubscriber>();
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(private readonly options: OutboxDispatcherOptions) {
    for (const subscriber of options.subscribers) {
      if (!subscriberName.test(subscriber.name))
        throw new Error(`event subscriber name "${subscriber.name}" must be 1-64 of a-z 0-9 . _ - (it is part of job ids)`);
      if (this.byName.has(subscriber.name)) throw new Error(`two event subscribers are named "${subscriber.name}"`);
      this.byName.set(subscriber.name, subscriber);
    }
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.batchSize = options.batchSize ?? 100;
    options.queue.consume<EventJob>(EVENTS_QUEUE, (job) => this.deliver(job), { concurrency: options.concurrency ?? 4 });
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One round: enqueues up to `batchSize` pending records' jobs, then marks them dispatched. Returns how many records. */
  async dispatchOnce(): Promise<number> {
    const { outbox } = this.options.uow.repositories;
    const records = await outbox.pending(this.batchSize);
    if (records.length === 0) return 0;
    for (const record of records) {
      for (const subscriber of this.options.subscribers) {
        if (!subscriber.eventTypes.includes(record.event.type)) continue;
        const job: EventJob = {
          outboxId: record.id,
          subscriber: subscriber.name,
          event: {
            type: record.event.type,
            aggregateId: record.event.aggregateId,
            payload: record.event.payload,
            occurredAt: record.event.occurredAt.toISOString(),
          },
        };
        await this.options.queue.enqueue(EVENTS_QUEUE, job, {
          jobId: eventJobId(record.id, subscriber.name),
          attempts: this.options.attempts ?? 8,
          backoffMs: this.options.backoffMs ?? 2_000,
        });
      }
    }
    await outbox.markDispatched(
      records.map((record) => record.id),
      this.options.clock.now(),
    );
    return records.length;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.round().finally(() => {
        this.running = null;
      });
    }, delayMs);
  }

  private async round(): Promise<void> {
    let moved = 0;
    try {
      // Background work: on an embedded database it waits for requests and bulk writes (bounded).
      const { uow } = this.options;
      moved = await (uow.runInBackground ? uow.runInBackground(() => this.dispatchOnce()) : this.dispatchOnce());
    } catch (error) {
      // The queue or the database is unreachable: the records stay pending; try again next round.
      this.options.logger.warn('outbox dispatch failed; retrying', { error: isDomainError(error) ? error.code : String(error) });
    }
    this.schedule(moved >= this.batchSize ? 0 : this.pollIntervalMs);
  }

  private async deliver(job: EventJob): Promise<void> {
    const subscriber = this.byName.get(job.subscriber);
    if (subscriber === undefined) {
      // Removed since the job was queued: nobody to run it for.
      this.options.logger.warn('event job for an unknown subscriber dropped', { subscriber: job.subscriber, outboxId: job.outboxId });
      return;
    }
    const event: DomainEvent = { ...job.event, occurredAt: new Date(job.event.occurredAt) };
    await subscriber.handle(event);
  }
}
