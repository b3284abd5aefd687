import {
  type Assistant,
  bindToken,
  type ChannelAdapter,
  type ChannelRegistry,
  type ChatDriver,
  type Clock,
  type ConversationEngine,
  channelRegistry,
  createChatDriver,
  createConversationEngine,
  createCounterSaleUseCases,
  createUseCases,
  DEFAULT_SHOP_SETTINGS,
  type DocumentRenderer,
  type IdGenerator,
  type ImageAnalyzer,
  type InvoicingUseCases,
  type JobQueue,
  type PaymentGateway,
  type ProductImageMatcher,
  resolveToken,
  type ShopSettings,
  type Startable,
  TOKENS,
  token,
  type UseCases,
} from '@mostrador/core';
import { ContainerModule } from 'inversify';
import { NodeSecretTokens } from './auth/node-secret-tokens.js';
import { type ScryptCost, ScryptPasswordHasher } from './auth/scrypt-password-hasher.js';
import { createLogger, type Logger, loggerPort } from './logger.js';
import { SystemClock, UuidV7Generator } from './node-services.js';

/** The app's own DI keys, beside core's `TOKENS`. */
export const APP_TOKENS = {
  /** The one conversation engine every channel's chat driver shares. */
  ConversationEngine: token<ConversationEngine>('app.ConversationEngine'),
} as const;

export interface CoreModuleOptions {
  /** The shop as the use cases and the bot see it. Default: core's `DEFAULT_SHOP_SETTINGS`. */
  readonly settings?: ShopSettings;
  /** The app's pino logger; bound as core's `Logger` port. Default: `info` to stdout. */
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  /** scrypt cost of new password hashes (tests lower it). Default `DEFAULT_SCRYPT_COST`. */
  readonly passwordCost?: Partial<ScryptCost>;
  /** Lifetime of a refresh token. Default: core's (30 days). */
  readonly refreshTokenTtlSeconds?: number;
  /** Where payment providers send webhooks and payers return (see core's `PaymentDependencies`); gateways and the queue come from the container. */
  readonly payments?: { readonly notificationUrl?: (provider: string) => string | null; readonly backUrl?: string | null };
  /** On stop, how long in-flight chat deliveries are waited for after the channels stopped. Default 10 s. */
  readonly drainTimeoutMs?: number;
}

const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;

/**
 * What every composition needs whatever adapters it adds: clock, ids, shop settings, the Logger
 * port, the password hasher and refresh-token secrets (core's use cases need them even without
 * HTTP), the use cases, ONE conversation engine, and the channels.
 *
 * Channels: every adapter bound under `TOKENS.Channel` is connected to a chat driver of its own
 * (all sharing the one engine) when `TOKENS.Channels` is first resolved (`compose` does it before
 * anything starts), and the registry of them all is bound under `TOKENS.Channels`. The drivers
 * are drained on stop, after the channels stopped receiving.
 *
 * Needs bound by other modules: `TOKENS.UnitOfWork` and `TOKENS.ProductSearch` (persistence);
 * optionally `TOKENS.ImageAnalyzer`, `TOKENS.Assistant`, `TOKENS.DocumentRenderer`.
 */
export function coreModule(options: CoreModuleOptions = {}): ContainerModule {
  return new ContainerModule((load) => {
    const appLogger = options.logger ?? createLogger('info');
    const logger = loggerPort(appLogger);
    const drivers: ChatDriver[] = [];
    const drainTimeoutMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;

    bindToken(load, TOKENS.Clock).toConstantValue(options.clock ?? new SystemClock());
    bindToken(load, TOKENS.IdGenerator).toConstantValue(options.ids ?? new UuidV7Generator());
    bindToken(load, TOKENS.ShopSettings).toConstantValue(options.settings ?? DEFAULT_SHOP_SETTINGS);
    bindToken(load, TOKENS.Logger).toConstantValue(logger);
    bindToken(load, TOKENS.PasswordHasher).toConstantValue(new ScryptPasswordHasher(options.passwordCost ?? {}));
    bindToken(load, TOKENS.SecretTokens).toConstantValue(new NodeSecretTokens());
    // Inversify's own context: the gateways are multi-bound and the queue optional.
    load
      .bind<UseCases>(TOKENS.UseCases)
      .toDynamicValue((context) =>
        createUseCases({
          uow: resolveToken(context, TOKENS.UnitOfWork),
          search: resolveToken(context, TOKENS.ProductSearch),
          clock: resolveToken(context, TOKENS.Clock),
          ids: resolveToken(context, TOKENS.IdGenerator),
          passwords: resolveToken(context, TOKENS.PasswordHasher),
          secrets: resolveToken(context, TOKENS.SecretTokens),
          settings: resolveToken(context, TOKENS.ShopSettings),
          ...(options.refreshTokenTtlSeconds ? { refreshTokenTtlSeconds: options.refreshTokenTtlSeconds } : {}),
          payments: {
            gateways: context.getAll<PaymentGateway>(TOKENS.PaymentGateway, { optional: true }),
            // No queue bound: verified webhooks are applied inside their request.
            queue: context.get<JobQueue>(TOKENS.JobQueue, { optional: true }) ?? null,
            logger: loggerPort(appLogger, 'payments'),
            ...(options.payments?.notificationUrl ? { notificationUrl: options.payments.notificationUrl } : {}),
            ...(options.payments?.backUrl ? { backUrl: options.payments.backUrl } : {}),
          },
        }),
      )
      .inSingletonScope();

    // ---- counter sales (staff sell at the counter; invoicing follows order.paid) ----
    bindToken(load, TOKENS.CounterSaleUseCases)
      .toDynamicValue((context) =>
        createCounterSaleUseCases({
          uow: resolveToken(context, TOKENS.UnitOfWork),
          search: resolveToken(context, TOKENS.ProductSearch),
          clock: resolveToken(context, TOKENS.Clock),
          ids: resolveToken(context, TOKENS.IdGenerator),
          passwords: resolveToken(context, TOKENS.PasswordHasher),
          secrets: resolveToken(context, TOKENS.SecretTokens),
          settings: resolveToken(context, TOKENS.ShopSettings),
        }),
      )
      .inSingletonScope();

    // Inversify's own context here: optional ports and multi-bound tokens are read through it.
    load
      .bind<ConversationEngine>(APP_TOKENS.ConversationEngine)
      .toDynamicValue((context) =>
        createConversationEngine({
          useCases: resolveToken(context, TOKENS.UseCases),
          clock: resolveToken(context, TOKENS.Clock),
          ids: resolveToken(context, TOKENS.IdGenerator),
          settings: resolveToken(context, TOKENS.ShopSettings),
          imageAnalyzer: context.get<ImageAnalyzer>(TOKENS.ImageAnalyzer, { optional: true }) ?? null,
          assistant: context.get<Assistant>(TOKENS.Assistant, { optional: true }) ?? null,
          localAssistant: context.get<Assistant>(TOKENS.LocalAssistant, { optional: true }) ?? null,
          imageMatcher: context.get<ProductImageMatcher>(TOKENS.ProductImageMatcher, { optional: true }) ?? null,
          logger: loggerPort(appLogger, 'assistant'),
          renderer: context.get<DocumentRenderer>(TOKENS.DocumentRenderer, { optional: true }) ?? null,
          invoicing: context.get<InvoicingUseCases>(TOKENS.InvoicingUseCases, { optional: true }) ?? null,
          onError: (error, event) =>
            appLogger.error({ err: error, channel: event.channel, kind: event.kind }, 'conversation engine failed on an update'),
        }),
      )
      .inSingletonScope();

    load
      .bind<ChannelRegistry>(TOKENS.Channels)
      .toDynamicValue((context) => {
        const channels = context.getAll<ChannelAdapter>(TOKENS.Channel, { optional: true });
        const registry = channelRegistry(channels); // refuses two channels of one name before any connects
        const engine = resolveToken(context, APP_TOKENS.ConversationEngine);
        const store = resolveToken(context, TOKENS.UnitOfWork).repositories.conversations;
        for (const channel of channels) {
          const driver = createChatDriver({ engine, channel, store, logger: loggerPort(appLogger, `chat:${channel.name}`) });
          channel.connect(driver);
          drivers.push(driver);
        }
        return registry;
      })
      .inSingletonScope();

    // First of the `connect` phase, so it stops after every channel has stopped receiving.
    const chatDrivers: Startable = {
      name: 'chat drivers',
      phase: 'connect',
      start: async () => {},
      stop: async () => {
        await Promise.all(drivers.map((driver) => driver.drain(drainTimeoutMs)));
      },
    };
    bindToken(load, TOKENS.Startable).toConstantValue(chatDrivers);
  });
}
