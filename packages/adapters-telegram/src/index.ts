export { TELEGRAM_CHANNEL, TELEGRAM_WEBHOOK_PATH, telegramModule, telegramWebhookRoute } from './module.js';
export {
  parseTelegramOptions,
  type TelegramBotInfo,
  type TelegramChannelOptions,
  type TelegramStartRetry,
  type TelegramThrottle,
} from './options.js';
export {
  createTelegramChannel,
  TELEGRAM_CAPABILITIES,
  TelegramChannel,
  type TelegramChannelDependencies,
  type TelegramWebhookRequest,
  type TelegramWebhookResponse,
} from './telegram-channel.js';
export { BOT_COMMANDS } from './texts.js';
