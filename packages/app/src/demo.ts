import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { HTTP_TOKENS } from '@mostrador/adapters-http';
import type { MercadoPagoOptions } from '@mostrador/adapters-payments';
import type { TelegramChannelOptions } from '@mostrador/adapters-telegram';
import { bindToken, resolveToken, type Startable, TOKENS } from '@mostrador/core';
import { ContainerModule } from 'inversify';
import { type AppModule, type AppRuntime, compose } from './compose.js';
import type { AppConfig } from './config.js';
import { startDemoArca } from './demo/arca.js';
import { seedDemoOrderHistory } from './demo/order-history.js';
import { seedDemoCatalog } from './demo/seed.js';
import { withDemoShopInformation } from './demo/shop-information.js';
import type { Logger } from './logger.js';
import { modulesFromConfig } from './modules.js';
import { ensureOwner } from './staff-accounts.js';

export const DEMO_OWNER_EMAIL = 'owner@demo.local';
export const DEMO_BOT_USERNAME = 'mostrador_demo_bot';

export interface DemoHandle {
  readonly runtime: AppRuntime;
  readonly urls: { readonly api: string; readonly docs: string; readonly chat: string | null; readonly mercadoPago: string | null };
  readonly owner: { readonly email: string; readonly password: string };
  stop(): Promise<void>;
}

/** Demo passwords are readable on purpose: they are printed for the person trying the demo. */
const randomDemoPassword = (): string => `demo-${randomBytes(6).toString('base64url')}`;

const startablesModule = (...startables: Startable[]): AppModule =>
  new ContainerModule((load) => {
    for (const startable of startables) bindToken(load, TOKENS.Startable).toConstantValue(startable);
  });

/** Seeds the demo catalog (once) and makes the owner account, in phase `prepare`: after storage, before anyone is served. */
const demoDataModule = (logger: Logger, owner: { email: string; password: string }): AppModule =>
  new ContainerModule((load) => {
    bindToken(load, TOKENS.Startable)
      .toDynamicValue((context) => ({
        name: 'demo data',
        phase: 'prepare',
        start: async () => {
          const report = await seedDemoCatalog({
            images: resolveToken(context, TOKENS.ImageStore),
            uow: resolveToken(context, TOKENS.UnitOfWork),
            ids: resolveToken(context, TOKENS.IdGenerator),
            now: resolveToken(context, TOKENS.Clock).now(),
          });
          if (report.seeded) logger.info(`seeded the demo catalog: ${report.products} products in ${report.categories} categories`);
          // A few weeks of past orders, so the reports (GET /api/v1/reports/…) have something to show.
          const history = await seedDemoOrderHistory({
            uow: resolveToken(context, TOKENS.UnitOfWork),
            ids: resolveToken(context, TOKENS.IdGenerator),
            now: resolveToken(context, TOKENS.Clock).now(),
          });
          if (history.seeded) logger.info(`seeded ${history.orders} past orders for the reports`);
          // Outside the catalog's transaction and repeatable: created, or its password reset to the printed one.
          await ensureOwner(resolveToken(context, TOKENS.UseCases), {
            email: owner.email,
            name: 'Demo owner',
            password: owner.password,
            resetPassword: true,
          });
        },
        stop: async () => {},
      }))
      .inSingletonScope();
  });

/**
 * The OpenAI emulator for `DEMO_AI=emulator` (PORT+4): chat answers from a scripted cooperative
 * model that calls the assistant's tools; photos it is sent are "seen" as nothing recognizable
 * (no labels), so the local matcher's result or an honest "no encontré" is what the customer gets.
 */
async function startDemoOpenAi(config: AppConfig): Promise<{ startable: Startable; config: Partial<AppConfig> }> {
  const { OpenAiEmulator, scriptedModels } = await import('@mostrador/testkit/openai');
  const emulator = new OpenAiEmulator({ host: config.HOST, port: config.PORT === 0 ? 0 : config.PORT + 4 });
  await emulator.start();
  const chat = scriptedModels.cooperative();
  const vision = scriptedModels.vision({ labels: [], kind: null, brand: null, colors: [], text: null });
  emulator.respondWith((request) => (request.images.length > 0 ? vision(request) : chat(request)));
  let stopped: Promise<void> | null = null;
  return {
    startable: { name: 'openai emulator', phase: 'external', start: async () => {}, stop: () => (stopped ??= emulator.stop()) },
    config: { OPENAI_API_KEY: emulator.apiKey, OPENAI_BASE_URL: emulator.baseURL, OPENAI_MODEL: 'demo-emulated-model' },
  };
}

/**
 * `mostrador demo`: the embedded database (or DATABASE_URL), a seeded catalog, an owner account,
 * and — unless a real TELEGRAM_BOT_TOKEN is configured — the Telegram emulator with its browser
 * chat page. The testkit is imported lazily here only, so `start` never loads it.
 */
export async function startDemo(config: AppConfig, logger: Logger): Promise<DemoHandle> {
  const external: Startable[] = [];
  // Hours, shipping and payment methods the assistant can tell, unless the person set their own.
  config = withDemoShopInformation(config);
  // A newcomer's first run should work on a machine without WeasyPrint: PDFs off, said plainly.
  // (`mostrador start` fails instead, naming the package to install: a shop must not lose its invoices.)
  if (config.PDF_RENDERER === 'auto' && spawnSync('weasyprint', ['--version'], { stdio: 'ignore' }).status !== 0) {
    logger.warn('WeasyPrint is not installed: the demo runs without PDFs (they answer 503). Install it with `apt-get install weasyprint`.');
    config = { ...config, PDF_RENDERER: 'off' };
  }
  let telegram: TelegramChannelOptions;
  let chatUrl: () => string | null = () => null;
  if (config.TELEGRAM_BOT_TOKEN) {
    telegram = { token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT, mode: 'polling' };
  } else {
    const { TelegramEmulator } = await import('@mostrador/testkit/telegram');
    const emulator = new TelegramEmulator({ host: config.HOST, port: config.PORT === 0 ? 0 : config.PORT + 1 });
    // Started now, not in its phase: the bot's API root names the emulator's port, chosen when it listens.
    await emulator.start();
    const bot = emulator.createBot({
      token: `7000000001:${randomBytes(24).toString('base64url')}`,
      username: DEMO_BOT_USERNAME,
      firstName: config.SHOP_NAME,
    });
    let stopped: Promise<void> | null = null;
    external.push({ name: 'telegram emulator', phase: 'external', start: async () => {}, stop: () => (stopped ??= emulator.stop()) });
    telegram = { token: bot.token, apiRoot: emulator.apiRoot, mode: 'polling', throttle: false };
    chatUrl = () => emulator.chatUrl(DEMO_BOT_USERNAME);
  }

  // Mercado Pago: the real one when configured, else the emulator with its sandbox checkout page.
  let mercadoPago: MercadoPagoOptions | null = null;
  let mercadoPagoUrl: string | null = null;
  if (!config.MP_ACCESS_TOKEN) {
    const { MercadoPagoEmulator } = await import('@mostrador/testkit/mercadopago');
    const emulator = new MercadoPagoEmulator({ host: config.HOST, port: config.PORT === 0 ? 0 : config.PORT + 2 });
    try {
      await emulator.start();
    } catch (error) {
      await Promise.all(external.map((component) => component.stop()));
      throw error;
    }
    let stopped: Promise<void> | null = null;
    external.push({ name: 'mercado pago emulator', phase: 'external', start: async () => {}, stop: () => (stopped ??= emulator.stop()) });
    mercadoPago = { accessToken: emulator.accessToken, webhookSecret: emulator.webhookSecret, apiBaseUrl: emulator.baseUrl, maxRetries: 0 };
    mercadoPagoUrl = emulator.baseUrl;
  }
  // The API's URL is known once it listens (PORT=0 picks any port): webhooks are addressed at checkout time.
  let apiUrl: string | null = null;
  const payments = {
    notificationUrl: (provider: string) => (apiUrl ? `${apiUrl}/webhooks/${provider}` : null),
    backUrl: chatUrl(),
  };
  // ---- electronic invoicing: the ARCA emulator stands in for homologation unless a certificate is configured ----
  let appConfig = config;
  if (!config.ARCA_CERT) {
    const arca = await startDemoArca(config);
    external.push(arca.startable);
    appConfig = { ...config, ...arca.config };
    logger.info(`ARCA emulator (homologation stand-in) at ${arca.wsfeUrl}`);
  }

  // ---- the assistant: local by default; the OpenAI emulator when asked; a configured server always wins ----
  if (config.OPENAI_API_KEY || config.OPENAI_BASE_URL) {
    logger.info(`assistant: the OpenAI-compatible server configured (model ${config.OPENAI_MODEL ?? 'unset'})`);
  } else if (config.DEMO_AI === 'emulator') {
    const openai = await startDemoOpenAi(config);
    external.push(openai.startable);
    appConfig = { ...appConfig, ...openai.config };
    logger.info(`assistant: the OpenAI assistant against the OpenAI emulator at ${openai.config.OPENAI_BASE_URL} (DEMO_AI=emulator)`);
  } else {
    logger.info('assistant: the local assistant (no AI service; DEMO_AI=emulator uses the OpenAI emulator)');
  }

  const owner = { email: DEMO_OWNER_EMAIL, password: config.DEMO_OWNER_PASSWORD ?? randomDemoPassword() };
  let runtime: AppRuntime;
  try {
    runtime = compose({
      modules: [
        startablesModule(...external),
        ...modulesFromConfig(appConfig, { logger, telegram, ...(mercadoPago ? { mercadoPago, payments } : {}) }),
        demoDataModule(logger, owner),
      ],
    });
    await runtime.start();
  } catch (error) {
    // A failed start stopped what it started; a failed composition started nothing, the emulator included.
    await Promise.all(external.map((component) => component.stop()));
    throw error;
  }
  const api = runtime.resolve(HTTP_TOKENS.Server).url;
  apiUrl = api;
  return {
    runtime,
    urls: { api, docs: `${api}/docs`, chat: chatUrl(), mercadoPago: mercadoPagoUrl },
    owner,
    stop: () => runtime.stop(),
  };
}
