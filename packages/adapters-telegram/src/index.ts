export { TELEGRAM_CHANNEL, TELEGRAM_DEPENDENCIES, telegramModule } from './module.js';
export { parseTelegramOptions, type TelegramBotInfo, type TelegramChannelOptions, type TelegramThrottle } from './options.js';
export {
  createTelegramChannel,
  TELEGRAM_CAPABILITIES,
  TelegramChannel,
  type TelegramChannelDependencies,
  type TelegramLogger,
  type TelegramWebhookRequest,
  type TelegramWebhookResponse,
} from './telegram-channel.js';
export { BOT_COMMANDS } from './texts.js';
