import { type Startable, TOKENS, type Token } from '@mostrador/core';
import { ContainerModule } from 'inversify';
import { parseTelegramOptions, type TelegramChannelOptions } from './options.js';
import { TelegramChannel, type TelegramChannelDependencies } from './telegram-channel.js';

/** The channel itself: the app resolves it to mount `handleWebhook` and to register it as a MessagingChannel. */
export const TELEGRAM_CHANNEL = Symbol.for('mostrador.telegram.TelegramChannel') as Token<TelegramChannel>;

/** What the app binds for the channel: the conversation engine, the image store, the settings repository, a logger. */
export const TELEGRAM_DEPENDENCIES = Symbol.for('mostrador.telegram.Dependencies') as Token<TelegramChannelDependencies>;

/**
 * The registration entry point: validates the options now (a bad token format or a missing webhook
 * secret fails at registration, naming the option), and binds one channel, built on first use
 * from `TELEGRAM_DEPENDENCIES`, under `TELEGRAM_CHANNEL` and as a `Startable`.
 */
export function telegramModule(options: TelegramChannelOptions): ContainerModule {
  const resolved = parseTelegramOptions(options);
  return new ContainerModule((container) => {
    container
      .bind<TelegramChannel>(TELEGRAM_CHANNEL as symbol)
      .toDynamicValue((context) => new TelegramChannel(resolved, context.get<TelegramChannelDependencies>(TELEGRAM_DEPENDENCIES as symbol)))
      .inSingletonScope();
    container.bind<Startable>(TOKENS.Startable as symbol).toService(TELEGRAM_CHANNEL as symbol);
  });
}
