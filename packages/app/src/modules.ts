import { join } from 'node:path';
import { aiModule } from '@mostrador/adapters-ai';
import { httpModule } from '@mostrador/adapters-http';
import type { MercadoPagoOptions } from '@mostrador/adapters-payments';
import { pdfModule } from '@mostrador/adapters-pdf';
import { persistenceModule } from '@mostrador/adapters-persistence';
import { type TelegramChannelOptions, telegramModule } from '@mostrador/adapters-telegram';
import { DEFAULT_SHOP_SETTINGS, type ShopSettings } from '@mostrador/core';
import type { AppModule } from './compose.js';
import { type AppConfig, ConfigError } from './config.js';
import { coreModule } from './core-module.js';
import { invoicingModulesFromConfig } from './invoicing.js';
import { eventsModuleFromConfig, redisModulesFromConfig } from './jobs-modules.js';
import { createLogger, type Logger } from './logger.js';
import { notificationsModule } from './notify-module.js';
import { mercadoPagoOptionsFrom, paymentModulesFromConfig } from './payments.js';

/*
 * The reference app's modules, each from the validated configuration. A user's own `main.ts`
 * takes the ones it wants and adds its own (another channel, a payment provider).
 */

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
    ...(config.SHOP_GROSS_INCOME_NUMBER ? { grossIncome: config.SHOP_GROSS_INCOME_NUMBER } : {}),
    ...(config.SHOP_ACTIVITY_START ? { activityStart: config.SHOP_ACTIVITY_START } : {}),
  },
  information: {
    hours: config.SHOP_HOURS ?? null,
    shipping: config.SHOP_SHIPPING ?? null,
    paymentMethods: config.SHOP_PAYMENT_METHODS ?? null,
    en: {
      hours: config.SHOP_HOURS_EN ?? null,
      shipping: config.SHOP_SHIPPING_EN ?? null,
      paymentMethods: config.SHOP_PAYMENT_METHODS_EN ?? null,
    },
  },
});

/** The PDF renderer (WeasyPrint) the configuration asks for; null with PDF_RENDERER=off. */
export const pdfModuleFromConfig = (config: AppConfig): AppModule | null =>
  config.PDF_RENDERER === 'off'
    ? null
    : pdfModule({
        mode: config.PDF_RENDERER,
        concurrency: config.PDF_WORKERS,
        timeoutMs: config.PDF_TIMEOUT_MS,
        maxQueue: config.PDF_QUEUE_LIMIT,
        ...(config.PDF_LOGO_FILE ? { logoFile: config.PDF_LOGO_FILE } : {}),
      });

/** Clock, ids, the shop, the logger, password hashing, use cases, the engine and the channels' drivers. */
export const coreModuleFromConfig = (
  config: AppConfig,
  logger: Logger = createLogger(config.LOG_LEVEL),
  payments: ReferenceModulesOptions['payments'] = undefined,
): AppModule =>
  coreModule({
    settings: shopSettingsFrom(config),
    logger,
    refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_DAYS * 24 * 3600,
    ...(payments ? { payments } : {}),
  });

/**
 * PostgreSQL at DATABASE_URL, else the embedded PGlite database in MOSTRADOR_DATA_DIR/db; with the
 * embedded job queue in that database when REDIS_URL is unset (`jobQueue: false` leaves it out,
 * for one-off commands).
 */
export const persistenceModuleFromConfig = (config: AppConfig, options: { readonly jobQueue?: boolean } = {}): AppModule =>
  persistenceModule({
    ...(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: join(config.MOSTRADOR_DATA_DIR, 'db') }),
    jobQueue: (options.jobQueue ?? true) && !config.REDIS_URL,
    categoryCache: config.CATEGORY_CACHE === 'on',
  });

/** The back-office API, its documentation, and every other module's inbound routes (webhooks). */
export const httpModuleFromConfig = (config: AppConfig): AppModule =>
  httpModule({
    host: config.HOST,
    port: config.PORT,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    ...(config.JWT_PRIVATE_KEY ? { signingKeys: [{ privateKey: config.JWT_PRIVATE_KEY }] } : {}),
    limits: { imageBytes: config.MAX_IMAGE_BYTES },
    logger: { level: config.LOG_LEVEL },
    trustProxy: typeof config.TRUST_PROXY === 'object' ? [...config.TRUST_PROXY] : config.TRUST_PROXY,
    ...(config.CORS_ORIGINS ? { cors: { origins: config.CORS_ORIGINS } } : {}),
  });

/** The Telegram channel options the configuration gives; null without TELEGRAM_BOT_TOKEN. */
export const telegramOptionsFrom = (config: AppConfig): TelegramChannelOptions | null =>
  config.TELEGRAM_BOT_TOKEN
    ? {
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        mode: config.TELEGRAM_MODE,
        ...(config.TELEGRAM_WEBHOOK_URL ? { webhookUrl: config.TELEGRAM_WEBHOOK_URL } : {}),
        ...(config.TELEGRAM_WEBHOOK_SECRET ? { webhookSecret: config.TELEGRAM_WEBHOOK_SECRET } : {}),
      }
    : null;

/**
 * The AI module: the OpenAI-compatible assistant and photo analyzer when OPENAI_API_KEY or
 * OPENAI_BASE_URL is set (OPENAI_MODEL then required; a self-hosted server without keys gets a
 * placeholder key), and always the local photo matcher. Without a key nothing is sent anywhere.
 */
export const aiModuleFromConfig = (config: AppConfig): AppModule => {
  const configured = Boolean(config.OPENAI_API_KEY || config.OPENAI_BASE_URL);
  if (configured && !config.OPENAI_MODEL) throw new ConfigError(['OPENAI_MODEL: required when OPENAI_API_KEY or OPENAI_BASE_URL is set']);
  return aiModule({
    shopName: config.SHOP_NAME,
    openai:
      configured && config.OPENAI_MODEL
        ? {
            apiKey: config.OPENAI_API_KEY ?? 'not-needed',
            ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
            model: config.OPENAI_MODEL,
            ...(config.OPENAI_VISION_MODEL ? { visionModel: config.OPENAI_VISION_MODEL } : {}),
          }
        : null,
  });
};

export interface ReferenceModulesOptions {
  /** The app's pino logger (core's Logger port is bound to it). Default: `createLogger(LOG_LEVEL)`. */
  readonly logger?: Logger;
  /**
   * The Telegram channel: default from the configuration (none without TELEGRAM_BOT_TOKEN); `null`
   * for none; other options (the demo's emulator) to override.
   */
  readonly telegram?: TelegramChannelOptions | null;
  /** Mercado Pago: default from the configuration (none without MP_ACCESS_TOKEN); `null` for none; other options (the demo's emulator) to override. */
  readonly mercadoPago?: MercadoPagoOptions | null;
  /** Where providers send webhooks and payers return, when known only at run time (the demo's random port). */
  readonly payments?: { readonly notificationUrl?: (provider: string) => string | null; readonly backUrl?: string | null };
}

/** The reference app: core, notifications, persistence, HTTP, the PDF renderer (unless off), AI, (when configured) Telegram and Mercado Pago, then jobs and invoicing, in that order. */
export function modulesFromConfig(config: AppConfig, options: ReferenceModulesOptions = {}): AppModule[] {
  const telegram = options.telegram === undefined ? telegramOptionsFrom(config) : options.telegram;
  const mercadoPago = options.mercadoPago === undefined ? mercadoPagoOptionsFrom(config) : options.mercadoPago;
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const pdf = pdfModuleFromConfig(config);
  return [
    coreModuleFromConfig(config, logger, options.payments),
    // Notifications and campaigns: event subscribers and their job consumers (needs the jobs module's JobQueue).
    notificationsModule(),
    persistenceModuleFromConfig(config),
    httpModuleFromConfig(config),
    ...(pdf ? [pdf] : []),
    aiModuleFromConfig(config),
    ...(telegram ? [telegramModule(telegram)] : []),
    ...paymentModulesFromConfig(config, logger, mercadoPago),
    // Jobs: the Redis queue when configured, then the outbox dispatcher and housekeeping (ADR 0010).
    ...redisModulesFromConfig(config),
    eventsModuleFromConfig(config),
    // ---- electronic invoicing (ARCA): off unless ARCA_CERT and ARCA_KEY are set ----
    ...invoicingModulesFromConfig(config),
  ];
}
