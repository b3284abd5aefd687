import { randomBytes } from 'node:crypto';
import type { Startable } from '@mostrador/core';
import { TOKENS } from '@mostrador/core';
import type { AppConfig } from './config.js';
import { resolve } from './container.js';
import { seedDemoCatalog } from './demo/seed.js';
import type { Logger } from './logger.js';
import { composeRuntime, type Runtime, type TelegramConnection } from './runtime.js';
import { ensureOwner } from './staff-accounts.js';

export const DEMO_OWNER_EMAIL = 'owner@demo.local';
export const DEMO_BOT_USERNAME = 'mostrador_demo_bot';

export interface DemoHandle {
  readonly runtime: Runtime;
  readonly urls: { readonly api: string; readonly docs: string; readonly chat: string | null };
  readonly owner: { readonly email: string; readonly password: string };
  stop(): Promise<void>;
}

/** Demo passwords are readable on purpose: they are printed for the person trying the demo. */
const randomDemoPassword = (): string => `demo-${randomBytes(6).toString('base64url')}`;

/**
 * `mostrador demo`: the embedded database (or DATABASE_URL), a seeded catalog, an owner account,
 * and — unless a real TELEGRAM_BOT_TOKEN is configured — the Telegram emulator with its browser
 * chat page. The testkit is imported lazily here only, so `start` never loads it.
 */
export async function startDemo(config: AppConfig, logger: Logger): Promise<DemoHandle> {
  const before: Startable[] = [];
  let telegram: TelegramConnection;
  let chatUrl: () => string | null = () => null;
  if (config.TELEGRAM_BOT_TOKEN) {
    telegram = { token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT, mode: 'polling' };
  } else {
    const { TelegramEmulator } = await import('@mostrador/testkit/telegram');
    const emulator = new TelegramEmulator({ host: config.HOST, port: config.PORT === 0 ? 0 : config.PORT + 1 });
    await emulator.start();
    const bot = emulator.createBot({
      token: `7000000001:${randomBytes(24).toString('base64url')}`,
      username: DEMO_BOT_USERNAME,
      firstName: config.SHOP_NAME,
    });
    before.push({ name: 'telegram emulator', phase: 'external', start: async () => {}, stop: () => emulator.stop() });
    telegram = { token: bot.token, apiRoot: emulator.apiRoot, mode: 'polling', throttle: false };
    chatUrl = () => emulator.chatUrl(DEMO_BOT_USERNAME);
  }

  const password = config.DEMO_OWNER_PASSWORD ?? randomDemoPassword();
  const runtime = composeRuntime({
    config,
    logger,
    telegram,
    before,
    afterPersistence: (container) => [
      {
        name: 'demo data',
        phase: 'prepare',
        start: async () => {
          const useCases = resolve(container, TOKENS.UseCases);
          const report = await seedDemoCatalog({
            images: resolve(container, TOKENS.ImageStore),
            uow: resolve(container, TOKENS.UnitOfWork),
            ids: resolve(container, TOKENS.IdGenerator),
            now: resolve(container, TOKENS.Clock).now(),
          });
          if (report.seeded) logger.info(`seeded the demo catalog: ${report.products} products in ${report.categories} categories`);
          // Outside the catalog's transaction and repeatable: created, or its password reset to the printed one.
          await ensureOwner(useCases, { email: DEMO_OWNER_EMAIL, name: 'Demo owner', password, resetPassword: true });
        },
        stop: async () => {},
      },
    ],
  });
  try {
    await runtime.lifecycle.start();
  } catch (error) {
    await Promise.all(before.map((component) => component.stop()));
    throw error;
  }
  const api = runtime.httpUrl();
  return {
    runtime,
    urls: { api, docs: `${api}/docs`, chat: chatUrl() },
    owner: { email: DEMO_OWNER_EMAIL, password },
    stop: () => runtime.lifecycle.stop(),
  };
}
