import { type ChannelAdapter, type InboundRoute, TOKENS, ValidationError } from '@mostrador/core';
import { createInMemoryPersistence, InMemoryImageStore, RecordingLogger } from '@mostrador/testkit/memory';
import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import { parseTelegramOptions, TELEGRAM_CHANNEL, TelegramChannel, type TelegramChannelOptions, telegramModule } from '../src/index.js';

const token = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

const failure = (options: Partial<TelegramChannelOptions>): ValidationError => {
  try {
    parseTelegramOptions({ token, mode: 'polling', ...options } as TelegramChannelOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected the options to be refused');
};

describe('telegram options', () => {
  it('fills in defaults', () => {
    expect(parseTelegramOptions({ token, mode: 'polling' })).toEqual({
      token,
      mode: 'polling',
      apiRoot: 'https://api.telegram.org',
      webhookUrl: null,
      webhookSecret: null,
      maxPhotoBytes: 10 * 1024 * 1024,
      throttle: { globalPerSecond: 30, perChatPerSecond: 1 },
      botInfo: null,
      startRetry: { attempts: 5, firstDelayMs: 1000, maxDelayMs: 30_000 },
      rateLimitWaitSeconds: 60,
    });
  });

  it('names the bad option and never repeats the token or the secret', () => {
    const badToken = 'not-a-token-but-very-secret-value';
    const cases = [
      [{ token: badToken }, 'token'],
      [{ mode: 'push' as 'polling' }, 'mode'],
      [{ apiRoot: 'http://127.0.0.1:8081/' }, 'apiRoot'],
      [{ apiRoot: 'ftp://example.com' }, 'apiRoot'],
      [{ mode: 'webhook' as const, webhookSecret: 'abc' }, 'webhookUrl'],
      [{ mode: 'webhook' as const, webhookUrl: 'https://shop.example/telegram/webhook' }, 'webhookSecret'],
      [{ webhookSecret: 'has spaces and ñ' }, 'webhookSecret'],
      [{ webhookSecret: 'x'.repeat(257) }, 'webhookSecret'],
      [{ maxPhotoBytes: 0 }, 'maxPhotoBytes'],
      [{ throttle: { globalPerSecond: 30, perChatPerSecond: 0 } }, 'throttle.perChatPerSecond'],
      [{ botInfo: { id: 42, first_name: 'Other', username: 'other_bot' } }, 'botInfo'],
      [{ startRetry: { attempts: 0 } }, 'startRetry.attempts'],
      [{ startRetry: { firstDelayMs: 100, maxDelayMs: 10 } }, 'startRetry.maxDelayMs'],
      [{ rateLimitWaitSeconds: -1 }, 'rateLimitWaitSeconds'],
      [{ rateLimitWaitSeconds: 1.5 }, 'rateLimitWaitSeconds'],
    ] as const;

    for (const [options, name] of cases) {
      const error = failure(options);
      expect(error.code).toBe('TELEGRAM.OPTIONS_INVALID');
      expect(error.message).toContain(`"${name}"`);
      expect(error.message).not.toContain(badToken);
      expect(error.message).not.toContain(token.split(':')[1]);
      expect(error.message).not.toContain('has spaces');
    }
  });
});

describe('telegramModule', () => {
  const containerWithPorts = (): { container: Container; logger: RecordingLogger } => {
    const container = new Container();
    const logger = new RecordingLogger();
    container.bind(TOKENS.ImageStore as symbol).toConstantValue(new InMemoryImageStore());
    container.bind(TOKENS.UnitOfWork as symbol).toConstantValue(createInMemoryPersistence().uow);
    container.bind(TOKENS.Logger as symbol).toConstantValue(logger);
    return { container, logger };
  };

  it('binds one channel under TOKENS.Channel (not as a Startable: the app starts channels), built from the bound ports', async () => {
    const { container } = containerWithPorts();

    await container.load(telegramModule({ token, mode: 'polling' }));

    const [channel, ...others] = container.getAll<ChannelAdapter>(TOKENS.Channel as symbol);
    expect(channel).toBeInstanceOf(TelegramChannel);
    expect(others).toEqual([]);
    expect(channel?.name).toBe('telegram');
    expect(channel?.phase).toBe('connect');
    expect(container.get(TELEGRAM_CHANNEL as symbol)).toBe(channel);
    expect(container.isBound(TOKENS.Startable as symbol)).toBe(false);
    // Polling needs no route.
    expect(container.isBound(TOKENS.InboundRoute as symbol)).toBe(false);
  });

  it('in webhook mode, binds POST /telegram/webhook, which the channel answers', async () => {
    const { container } = containerWithPorts();

    await container.load(
      telegramModule({ token, mode: 'webhook', webhookUrl: 'https://shop.example/telegram/webhook', webhookSecret: 'abc_123' }),
    );

    const routes = container.getAll<InboundRoute>(TOKENS.InboundRoute as symbol);
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(['POST /telegram/webhook']);
    const request = { headers: { 'x-telegram-bot-api-secret-token': 'wrong' }, query: {}, body: { update_id: 1 }, rawBody: null };
    expect(await routes[0]?.handler(request)).toEqual({ status: 401, body: { ok: false, error: 'unauthorized' } });
    // The channel behind the route is the one bound under TOKENS.Channel (not started yet: 503).
    const channel = container.getAll<ChannelAdapter>(TOKENS.Channel as symbol)[0] as TelegramChannel;
    const right = await routes[0]?.handler({ ...request, headers: { 'x-telegram-bot-api-secret-token': 'abc_123' } });
    expect(right?.status).toBe(503);
    expect(channel).toBe(container.get(TELEGRAM_CHANNEL as symbol));
  });

  it('refuses to start before it is connected to a chat driver', async () => {
    const { container } = containerWithPorts();
    await container.load(telegramModule({ token, mode: 'polling' }));
    const channel = container.getAll<ChannelAdapter>(TOKENS.Channel as symbol)[0];

    await expect(channel?.start()).rejects.toThrow(/connect the Telegram channel to a chat driver/);
  });

  it('refuses bad options when registered, before anything starts', () => {
    expect(() => telegramModule({ token, mode: 'webhook' })).toThrow(/webhookUrl/);
  });
});
