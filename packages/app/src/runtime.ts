import { join } from 'node:path';
import { HTTP_TOKENS, type HttpServer, httpModule } from '@mostrador/adapters-http';
import { PERSISTENCE_TOKEN, persistenceModule } from '@mostrador/adapters-persistence';
import {
  TELEGRAM_CHANNEL,
  TELEGRAM_DEPENDENCIES,
  type TelegramChannel,
  type TelegramLogger,
  telegramModule,
} from '@mostrador/adapters-telegram';
import {
  type ChannelRegistry,
  createConversationEngine,
  createUseCases,
  DEFAULT_SHOP_SETTINGS,
  type MessagingChannel,
  type ShopSettings,
  type Startable,
  TOKENS,
  type UseCases,
} from '@mostrador/core';
import { ContainerModule } from 'inversify';
import type { AppConfig } from './config.js';
import { bindValue, Container, resolve, resolveAll, serviceId } from './container.js';
import { Lifecycle } from './lifecycle.js';
import type { Logger } from './logger.js';
import { SystemClock, UuidV7Generator } from './node-services.js';

/** The Telegram connection the runtime uses: from configuration, or the demo's emulator. */
export interface TelegramConnection {
  readonly token: string;
  readonly apiRoot: string;
  readonly mode: 'webhook' | 'polling';
  readonly webhookUrl?: string;
  readonly webhookSecret?: string;
  /** Outbound pacing off for the emulator, which has no limits unless asked. */
  readonly throttle?: false;
}

export interface RuntimeOptions {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly telegram: TelegramConnection | null;
  /** Components started before every adapter (the demo's emulators) and stopped after them. */
  readonly before?: readonly Startable[];
  /** Components started after persistence and before the HTTP server (demo seeding). */
  readonly afterPersistence?: (container: Container) => readonly Startable[];
}

export interface Runtime {
  readonly container: Container;
  readonly lifecycle: Lifecycle;
  readonly useCases: UseCases;
  /** `http://host:port` of the API once started. */
  httpUrl(): string;
}

export const shopSettingsFrom = (config: AppConfig): ShopSettings => ({
  ...DEFAULT_SHOP_SETTINGS,
  shopName: config.SHOP_NAME,
  reservationMinutes: config.RESERVATION_MINUTES,
  lowStockThreshold: config.LOW_STOCK_THRESHOLD,
  anonymousInvoiceThresholdCents: config.ANONYMOUS_INVOICE_THRESHOLD_CENTS,
  issuer: {
    cuit: config.SHOP_CUIT.replace(/\D/g, ''),
    legalName: config.SHOP_LEGAL_NAME,
    ivaCondition: config.SHOP_IVA_CONDITION,
    pointOfSale: config.SHOP_POINT_OF_SALE,
    address: config.SHOP_ADDRESS,
  },
});

/** The composition root: binds every port to the adapter configuration chose. Holds no business rules. */
export function composeRuntime(options: RuntimeOptions): Runtime {
  const { config, logger, telegram } = options;
  const container = new Container({ defaultScope: 'Singleton' });

  container.load(
    new ContainerModule((load) => {
      bindValue(load, TOKENS.Clock, new SystemClock());
      bindValue(load, TOKENS.IdGenerator, new UuidV7Generator());
      bindValue(load, TOKENS.ShopSettings, shopSettingsFrom(config));
      load.bind<UseCases>(serviceId(TOKENS.UseCases)).toDynamicValue((context) =>
        createUseCases({
          uow: context.get(serviceId(TOKENS.UnitOfWork)),
          search: context.get(serviceId(TOKENS.ProductSearch)),
          clock: context.get(serviceId(TOKENS.Clock)),
          ids: context.get(serviceId(TOKENS.IdGenerator)),
          passwords: context.get(serviceId(TOKENS.PasswordHasher)),
          settings: context.get(serviceId(TOKENS.ShopSettings)),
        }),
      );
    }),
    persistenceModule(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: join(config.MOSTRADOR_DATA_DIR, 'db') }),
    httpModule({
      host: config.HOST,
      port: config.PORT,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_DAYS * 24 * 3600,
      ...(config.JWT_PRIVATE_KEY ? { signingKeys: [{ privateKey: config.JWT_PRIVATE_KEY }] } : {}),
      limits: { imageBytes: config.MAX_IMAGE_BYTES },
      logger: { level: config.LOG_LEVEL },
      trustProxy: config.HOST !== '127.0.0.1',
      ...(config.CORS_ORIGINS ? { cors: { origins: config.CORS_ORIGINS } } : {}),
    }),
  );

  // The engine downloads photos through the channel, which is built from the engine: late-bound.
  let telegramChannel: TelegramChannel | null = null;
  if (telegram) {
    container.load(
      telegramModule({
        token: telegram.token,
        mode: telegram.mode,
        apiRoot: telegram.apiRoot,
        ...(telegram.webhookUrl ? { webhookUrl: telegram.webhookUrl } : {}),
        ...(telegram.webhookSecret ? { webhookSecret: telegram.webhookSecret } : {}),
        ...(telegram.throttle === false ? { throttle: false as const } : {}),
      }),
      new ContainerModule((load) => {
        load.bind(serviceId(TELEGRAM_DEPENDENCIES)).toDynamicValue((context) => {
          const uow = context.get(serviceId(TOKENS.UnitOfWork));
          const engine = createConversationEngine({
            useCases: context.get(serviceId(TOKENS.UseCases)),
            store: uow.repositories.conversations,
            clock: context.get(serviceId(TOKENS.Clock)),
            ids: context.get(serviceId(TOKENS.IdGenerator)),
            settings: context.get(serviceId(TOKENS.ShopSettings)),
            downloadFile: (fileRef, maxBytes) => {
              if (!telegramChannel) throw new Error('the Telegram channel is not ready');
              return telegramChannel.downloadFile(fileRef, maxBytes);
            },
            onError: (error, event) =>
              logger.error({ err: error, channel: event.channel, kind: event.kind }, 'conversation engine failed on an update'),
          });
          return {
            engine,
            images: context.get(serviceId(TOKENS.ImageStore)),
            settings: uow.repositories.settings,
            logger: {
              info: (message, fields) => logger.info({ component: 'telegram', ...fields }, message),
              warn: (message, fields) => logger.warn({ component: 'telegram', ...fields }, message),
              error: (message, fields) => logger.error({ component: 'telegram', ...fields }, message),
            } satisfies TelegramLogger,
          };
        });
      }),
    );
  }

  // Startables in order: the demo's emulators, persistence (migrations), seeding, HTTP, channels.
  const all = resolveAll(container, TOKENS.Startable);
  const persistence = all.filter((s) => s.name.startsWith('persistence'));
  const http = all.filter((s) => s.name === 'http');
  const rest = all.filter((s) => !persistence.includes(s) && !http.includes(s));
  if (telegram) {
    const channel = resolve(container, TELEGRAM_CHANNEL);
    telegramChannel = channel;
    if (telegram.mode === 'webhook') {
      resolve(container, HTTP_TOKENS.RouteRegistry).registerRoute({
        method: 'POST',
        url: '/telegram/webhook',
        handler: async (request) => {
          const reply = await channel.handleWebhook({ headers: request.headers, body: request.body });
          return { status: reply.status, body: reply.body };
        },
      });
    }
  }
  // Notifications (later issues) pick the customer's channel from this registry.
  const channels: MessagingChannel[] = telegramChannel ? [telegramChannel] : [];
  container.bind<ChannelRegistry>(serviceId(TOKENS.Channels)).toConstantValue({
    get: (name) => channels.find((channel) => channel.name === name) ?? null,
    list: () => channels,
  });

  const ordered = [...(options.before ?? []), ...persistence, ...(options.afterPersistence?.(container) ?? []), ...http, ...rest];
  const lifecycle = new Lifecycle(ordered, {
    info: (message) => logger.info(message),
    error: (message) => logger.error(message),
  });
  const httpServer = resolve(container, HTTP_TOKENS.Server) as HttpServer;
  return {
    container,
    lifecycle,
    useCases: resolve(container, TOKENS.UseCases),
    httpUrl: () => httpServer.url,
  };
}

export { PERSISTENCE_TOKEN };
