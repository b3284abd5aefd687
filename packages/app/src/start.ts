import { HTTP_TOKENS } from '@mostrador/adapters-http';
import { type AppRuntime, compose } from './compose.js';
import type { AppConfig } from './config.js';
import type { Logger } from './logger.js';
import { modulesFromConfig } from './modules.js';

/** `mostrador start`: real services only. The configuration was checked by requireProductionConfig. */
export async function startProduction(config: AppConfig, logger: Logger): Promise<{ runtime: AppRuntime; url: string }> {
  if (!config.TELEGRAM_BOT_TOKEN) throw new Error('TELEGRAM_BOT_TOKEN is required by `start`');
  const runtime = compose({ modules: modulesFromConfig(config, { logger }) });
  await runtime.start();
  return { runtime, url: runtime.resolve(HTTP_TOKENS.Server).url };
}
