import {
  bindToken,
  type CampaignDelivery,
  type ChannelRateLimits,
  createCampaignDelivery,
  createNotifications,
  customerMessageDelivery,
  type EventSubscriber,
  type JobQueue,
  type Notifications,
  resolveToken,
  type Startable,
  TOKENS,
  token,
} from '@mostrador/core';
import { ContainerModule, type ResolutionContext } from 'inversify';

/** The app's keys for the notification machinery, beside core's `TOKENS`. */
export const NOTIFY_TOKENS = {
  Notifications: token<Notifications>('app.Notifications'),
  CampaignDelivery: token<CampaignDelivery>('app.CampaignDelivery'),
} as const;

export interface NotificationsModuleOptions {
  /**
   * Bulk (campaign) messages per second per channel, shared by every worker. Default: the bound
   * `TOKENS.ChannelRateLimits` (the jobs module's, from TELEGRAM_BULK_RATE_PER_SECOND), else 25.
   */
  readonly bulkRatePerSecond?: number;
}

const jobsOf = (context: ResolutionContext): JobQueue | null => context.get<JobQueue>(TOKENS.JobQueue, { optional: true }) ?? null;

/**
 * Notifications from domain events and offer campaigns: binds the `notifications` and
 * `campaigns` event subscribers (`TOKENS.EventSubscriber`, delivered to by the outbox dispatcher)
 * and registers their job consumers on the bound `JobQueue` at composition (reservation
 * reminders, campaign launches, one rate-limited bulk queue per channel). Without a bound
 * `JobQueue` nothing is registered and the app logs why.
 *
 * Needs: `TOKENS.UnitOfWork`, `TOKENS.Channels` (core module), optionally `TOKENS.JobQueue`.
 */
export function notificationsModule(options: NotificationsModuleOptions = {}): ContainerModule {
  return new ContainerModule((load) => {
    load
      .bind<Notifications>(NOTIFY_TOKENS.Notifications)
      .toDynamicValue((context) => {
        const jobs = jobsOf(context);
        const notifications = createNotifications({
          uow: resolveToken(context, TOKENS.UnitOfWork),
          channels: resolveToken(context, TOKENS.Channels),
          clock: resolveToken(context, TOKENS.Clock),
          ids: resolveToken(context, TOKENS.IdGenerator),
          settings: resolveToken(context, TOKENS.ShopSettings),
          logger: resolveToken(context, TOKENS.Logger),
          jobs,
        });
        // Consumers are registered at composition (no I/O), before any queue starts.
        if (jobs) notifications.register(jobs);
        return notifications;
      })
      .inSingletonScope();

    load
      .bind<CampaignDelivery>(NOTIFY_TOKENS.CampaignDelivery)
      .toDynamicValue((context) => {
        const jobs = jobsOf(context);
        if (!jobs) throw new Error('campaigns need a job queue: bind TOKENS.JobQueue (the jobs adapter)');
        const channels = resolveToken(context, TOKENS.Channels);
        const limits = context.get<ChannelRateLimits>(TOKENS.ChannelRateLimits, { optional: true });
        const rateOf = (channel: string): number | undefined => options.bulkRatePerSecond ?? limits?.forChannel(channel).perSecond;
        const rates = channels.list().flatMap((channel) => {
          const rate = rateOf(channel.name);
          return rate === undefined ? [] : [[channel.name, rate] as const];
        });
        const delivery = createCampaignDelivery({
          uow: resolveToken(context, TOKENS.UnitOfWork),
          channels,
          clock: resolveToken(context, TOKENS.Clock),
          ids: resolveToken(context, TOKENS.IdGenerator),
          logger: resolveToken(context, TOKENS.Logger),
          jobs,
          ...(rates.length > 0 ? { ratePerSecond: Object.fromEntries(rates) } : {}),
        });
        delivery.register();
        return delivery;
      })
      .inSingletonScope();

    bindToken(load, TOKENS.EventSubscriber)
      .toDynamicValue((context): EventSubscriber => resolveToken(context, NOTIFY_TOKENS.Notifications).subscriber)
      .inSingletonScope();
    bindToken(load, TOKENS.EventSubscriber)
      .toDynamicValue((context): EventSubscriber => resolveToken(context, NOTIFY_TOKENS.CampaignDelivery).subscriber)
      .inSingletonScope();
    // Notes staff write to a customer from the order screen (`order.customer_message`).
    bindToken(load, TOKENS.EventSubscriber)
      .toDynamicValue(
        (context): EventSubscriber =>
          customerMessageDelivery({
            customer: (id) => resolveToken(context, TOKENS.UnitOfWork).repositories.customers.get(id),
            channels: resolveToken(context, TOKENS.Channels),
          }),
      )
      .inSingletonScope();

    // Resolved at composition with the other Startables: builds both (registering their consumers)
    // before any queue starts, or says why nothing is delivered.
    load
      .bind<Startable>(TOKENS.Startable)
      .toDynamicValue((context): Startable => {
        const jobs = jobsOf(context);
        const logger = resolveToken(context, TOKENS.Logger);
        resolveToken(context, NOTIFY_TOKENS.Notifications);
        if (jobs) resolveToken(context, NOTIFY_TOKENS.CampaignDelivery);
        return {
          name: 'notification workers',
          phase: 'connect',
          start: async () => {
            if (!jobs) logger.info('no job queue is bound: notifications and campaigns are not delivered');
          },
          stop: async () => {},
        };
      })
      .inSingletonScope();
  });
}
