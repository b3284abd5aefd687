import { bindToken, type InboundRoute, resolveToken, TOKENS, type Token } from '@mostrador/core';
import { ContainerModule } from 'inversify';
import { parseTelegramOptions, type TelegramChannelOptions } from './options.js';
import { TelegramChannel } from './telegram-channel.js';

/**
 * The channel as its concrete class, for code that needs Telegram's own calls; the app finds it,
 * as every channel, under `TOKENS.Channel`.
 */
export const TELEGRAM_CHANNEL = Symbol.for('mostrador.telegram.TelegramChannel') as Token<TelegramChannel>;

/** Where the webhook route is mounted; `webhookUrl` must reach it. */
export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';

/** Telegram's webhook bodies are small; anything larger is not an update. */
const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/** The webhook as a framework-free route: the HTTP adapter mounts it, the channel answers it. */
export const telegramWebhookRoute = (channel: TelegramChannel): InboundRoute => ({
  method: 'POST',
  path: TELEGRAM_WEBHOOK_PATH,
  bodyLimit: WEBHOOK_BODY_LIMIT,
  summary: 'Telegram webhook: updates pushed by the Bot API, authenticated by the secret token header',
  handler: async (request) => channel.handleWebhook({ headers: request.headers, body: request.body }),
});

/**
 * The registration entry point: validates the options now (a bad token format or a missing webhook
 * secret fails at registration, naming the option), and binds one channel under `TOKENS.Channel`
 * (the app connects it to a chat driver and starts it in phase `connect`), built on first use from
 * `TOKENS.ImageStore`, `TOKENS.UnitOfWork` (its settings cache Telegram's photo file ids) and
 * `TOKENS.Logger`. In webhook mode it also binds `POST /telegram/webhook` under `TOKENS.InboundRoute`.
 */
export function telegramModule(options: TelegramChannelOptions): ContainerModule {
  const resolved = parseTelegramOptions(options);
  return new ContainerModule((load) => {
    bindToken(load, TELEGRAM_CHANNEL)
      .toDynamicValue(
        (context) =>
          new TelegramChannel(resolved, {
            images: resolveToken(context, TOKENS.ImageStore),
            settings: resolveToken(context, TOKENS.UnitOfWork).repositories.settings,
            logger: resolveToken(context, TOKENS.Logger),
          }),
      )
      .inSingletonScope();
    bindToken(load, TOKENS.Channel).toService(TELEGRAM_CHANNEL);
    if (resolved.mode === 'webhook') {
      bindToken(load, TOKENS.InboundRoute)
        .toDynamicValue((context) => telegramWebhookRoute(resolveToken(context, TELEGRAM_CHANNEL)))
        .inSingletonScope();
    }
  });
}
