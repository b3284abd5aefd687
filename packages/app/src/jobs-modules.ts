import { HTTP_TOKENS } from '@mostrador/adapters-http';
import { jobsModule, RedisSlidingWindowStore } from '@mostrador/adapters-jobs';
import {
  bindToken,
  type ChannelRateLimits,
  channelRateLimits,
  type EventSubscriber,
  housekeepingTasks,
  JobScheduler,
  OutboxDispatcher,
  resolveToken,
  type ScheduledTask,
  type Startable,
  TOKENS,
} from '@mostrador/core';
import { ContainerModule } from 'inversify';
import type { AppModule } from './compose.js';
import type { AppConfig } from './config.js';

/*
 * Jobs in the reference app (ADR 0010): the queue is BullMQ on Redis when REDIS_URL is set, else
 * the embedded queue in the database (bound by the persistence module, see
 * `persistenceModuleFromConfig`). On top of either: the outbox dispatcher (domain events to every
 * `TOKENS.EventSubscriber`) and the housekeeping schedule.
 */

/** The Redis queue and the shared login-attempt store; none without REDIS_URL (the embedded queue comes with persistence). */
export const redisModulesFromConfig = (config: AppConfig): AppModule[] => {
  if (!config.REDIS_URL) return [];
  const url = config.REDIS_URL;
  const loginStore = new RedisSlidingWindowStore({ url, prefix: config.REDIS_PREFIX });
  const closeLoginStore: Startable = {
    name: 'login limits (redis)',
    phase: 'storage',
    start: async () => {},
    stop: () => loginStore.close(),
  };
  return [
    jobsModule({ url, prefix: config.REDIS_PREFIX }),
    new ContainerModule((load) => {
      bindToken(load, HTTP_TOKENS.LoginAttemptStore).toConstantValue(loginStore);
      bindToken(load, TOKENS.Startable).toConstantValue(closeLoginStore);
    }),
  ];
};

/** Telegram allows a bot about 30 messages per second in bulk. */
const TELEGRAM_BULK_RATE = 30;

export interface EventsModuleOptions {
  /** How often lapsed reservations are released (default every minute). */
  readonly reservationCheckMs?: number;
  /** How often the outbox is looked at (default 500 ms). */
  readonly outboxPollMs?: number;
  /** Bulk send rate per channel (messages per second); Telegram defaults to 30. */
  readonly channelRates?: Readonly<Record<string, number>>;
}

/**
 * The outbox dispatcher, the housekeeping schedule (with every bound `TOKENS.ScheduledTask`) and
 * the channels' bulk rates. Needs a
 * `TOKENS.JobQueue` (Redis or embedded), the persistence (`UnitOfWork`, `MaintenanceStore`) and
 * core (`UseCases`, `Clock`, `Logger`). Both Startables are in phase `connect`, after the queue.
 */
export const eventsModule = (options: EventsModuleOptions = {}): AppModule =>
  new ContainerModule((load) => {
    bindToken(load, TOKENS.ChannelRateLimits).toConstantValue(
      channelRateLimits({ telegram: TELEGRAM_BULK_RATE, ...options.channelRates }) satisfies ChannelRateLimits,
    );
    load
      .bind<Startable>(TOKENS.Startable)
      .toDynamicValue(
        (context) =>
          new OutboxDispatcher({
            uow: resolveToken(context, TOKENS.UnitOfWork),
            queue: resolveToken(context, TOKENS.JobQueue),
            subscribers: context.getAll<EventSubscriber>(TOKENS.EventSubscriber, { optional: true }),
            clock: resolveToken(context, TOKENS.Clock),
            logger: resolveToken(context, TOKENS.Logger),
            ...(options.outboxPollMs ? { pollIntervalMs: options.outboxPollMs } : {}),
          }),
      )
      .inSingletonScope();
    load
      .bind<Startable>(TOKENS.Startable)
      .toDynamicValue((context) => {
        const clock = resolveToken(context, TOKENS.Clock);
        const tasks = [
          ...housekeepingTasks({
            useCases: resolveToken(context, TOKENS.UseCases),
            maintenance: resolveToken(context, TOKENS.MaintenanceStore),
            clock,
            ...(options.reservationCheckMs ? { reservationCheckMs: options.reservationCheckMs } : {}),
          }),
          // Other modules' periodic work (the payments reconciliation).
          ...context.getAll<ScheduledTask>(TOKENS.ScheduledTask, { optional: true }),
        ];
        return new JobScheduler(resolveToken(context, TOKENS.JobQueue), tasks, clock, resolveToken(context, TOKENS.Logger));
      })
      .inSingletonScope();
  });

export const eventsModuleFromConfig = (config: AppConfig): AppModule =>
  eventsModule({ channelRates: { telegram: config.TELEGRAM_BULK_RATE_PER_SECOND } });
