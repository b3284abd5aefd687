import type { AppConfig } from './config.js';
import type { Logger } from './logger.js';
import { composeRuntime, type Runtime } from './runtime.js';

/** `mostrador start`: real services only. The configuration was checked by requireProductionConfig. */
export async function startProduction(config: AppConfig, logger: Logger): Promise<Runtime> {
  if (!config.TELEGRAM_BOT_TOKEN) throw new Error('TELEGRAM_BOT_TOKEN is required by `start`');
  const runtime = composeRuntime({
    config,
    logger,
    telegram: {
      token: config.TELEGRAM_BOT_TOKEN,
      apiRoot: config.TELEGRAM_API_ROOT,
      mode: config.TELEGRAM_MODE,
      ...(config.TELEGRAM_WEBHOOK_URL ? { webhookUrl: config.TELEGRAM_WEBHOOK_URL } : {}),
      ...(config.TELEGRAM_WEBHOOK_SECRET ? { webhookSecret: config.TELEGRAM_WEBHOOK_SECRET } : {}),
    },
  });
  await runtime.lifecycle.start();
  return runtime;
}
