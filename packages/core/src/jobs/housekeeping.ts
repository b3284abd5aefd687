import type { UseCases } from '../application/use-cases.js';
import type { Startable } from '../ports/lifecycle.js';
import type { MaintenanceStore } from '../ports/maintenance.js';
import type { Clock, JobQueue, Logger } from '../ports/services.js';

/** Periodic work run as jobs on `HOUSEKEEPING_QUEUE`. */
export interface ScheduledTask {
  /** Stable: part of each run's job id. */
  readonly name: string;
  readonly everyMs: number;
  /** Returns what it did, for the log (e.g. how many rows). */
  run(): Promise<number>;
}

export const HOUSEKEEPING_QUEUE = 'housekeeping';

/** The job id of a task's run for one period: the same on every instance, so each period runs once however many instances tick. */
export const scheduledJobId = (task: string, everyMs: number, at: Date): string => `${task}:${Math.floor(at.getTime() / everyMs)}`;

/**
 * Runs each task once per period across every instance: each instance enqueues the current
 * period's job (`<task>:<period number>`) on every tick, and the queue's job-id de-duplication
 * keeps one. A period missed while nothing ran (all instances down) is not caught up; the next one
 * does the work (every task here works on "everything due by now").
 */
export class JobScheduler implements Startable {
  readonly name = 'job scheduler';
  readonly phase = 'connect' as const;
  private readonly tasks = new Map<string, ScheduledTask>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private ticking: Promise<void> | null = null;
  private readonly tickMs: number;

  constructor(
    private readonly queue: JobQueue,
    tasks: readonly ScheduledTask[],
    private readonly clock: Clock,
    private readonly logger: Logger,
    tickMs = 5_000,
  ) {
    for (const task of tasks) {
      if (this.tasks.has(task.name)) throw new Error(`two scheduled tasks are named "${task.name}"`);
      if (!(task.everyMs >= 1_000)) throw new Error(`scheduled task "${task.name}" must run at most once a second`);
      this.tasks.set(task.name, task);
    }
    // A task with a shorter period than the tick would otherwise run only once per tick.
    this.tickMs = Math.min(tickMs, ...tasks.map((task) => task.everyMs));
    queue.consume<{ task: string }>(HOUSEKEEPING_QUEUE, (job) => this.runTask(job.task));
  }

  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => {
      this.ticking ??= this.tick().finally(() => {
        this.ticking = null;
      });
    }, this.tickMs);
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
  }

  /** Enqueues the current period's job of every task (a no-op for periods already enqueued). */
  async tick(): Promise<void> {
    const now = this.clock.now();
    for (const task of this.tasks.values()) {
      try {
        await this.queue.enqueue(
          HOUSEKEEPING_QUEUE,
          { task: task.name },
          { jobId: scheduledJobId(task.name, task.everyMs, now), attempts: 1 },
        );
      } catch (error) {
        this.logger.warn('scheduling a housekeeping job failed', { task: task.name, error: String(error) });
      }
    }
  }

  private async runTask(name: string): Promise<void> {
    const task = this.tasks.get(name);
    if (task === undefined) return;
    const done = await task.run();
    if (done > 0) this.logger.info('housekeeping', { task: name, count: done });
  }
}

export interface HousekeepingOptions {
  readonly useCases: Pick<UseCases, 'orders'>;
  readonly maintenance: MaintenanceStore;
  readonly clock: Clock;
  /** How often lapsed reservations are released (default every minute). */
  readonly reservationCheckMs?: number;
  /** Processed-update records are kept this long (default 2 days: messaging apps redeliver an unanswered update for a day at most). */
  readonly processedUpdateRetentionMs?: number;
}

const PRUNE_BATCH = 5_000;
const HOUR = 3_600_000;

const pruneAll = async (prune: (limit: number) => Promise<number>): Promise<number> => {
  let total = 0;
  for (;;) {
    const deleted = await prune(PRUNE_BATCH);
    total += deleted;
    if (deleted < PRUNE_BATCH) return total;
  }
};

/**
 * The shop's housekeeping: release the stock of placed-but-unpaid orders whose reservation lapsed
 * (each becomes `expired` and its `order.expired` event tells the customer), prune old
 * processed-update records and expired refresh tokens.
 */
export const housekeepingTasks = (options: HousekeepingOptions): ScheduledTask[] => [
  { name: 'reservations.expire', everyMs: options.reservationCheckMs ?? 60_000, run: () => options.useCases.orders.expireReservations() },
  {
    name: 'processed-updates.prune',
    everyMs: HOUR,
    run: () => {
      const before = new Date(options.clock.now().getTime() - (options.processedUpdateRetentionMs ?? 48 * HOUR));
      return pruneAll((limit) => options.maintenance.pruneProcessedUpdates(before, limit));
    },
  },
  {
    name: 'refresh-tokens.prune',
    everyMs: HOUR,
    run: () => pruneAll((limit) => options.maintenance.pruneRefreshTokens(options.clock.now(), limit)),
  },
];
