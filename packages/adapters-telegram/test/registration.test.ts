import { type Startable, TOKENS, ValidationError } from '@mostrador/core';
import { createInMemoryPersistence, InMemoryImageStore } from '@mostrador/testkit/memory';
import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import {
  parseTelegramOptions,
  TELEGRAM_CHANNEL,
  TELEGRAM_DEPENDENCIES,
  TelegramChannel,
  type TelegramChannelDependencies,
  type TelegramChannelOptions,
  telegramModule,
} from '../src/index.js';
import { ScriptedEngine } from './support/harness.js';

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
  it('binds one channel under its token and as a Startable, built from the bound dependencies', async () => {
    const container = new Container();
    const deps: TelegramChannelDependencies = {
      engine: new ScriptedEngine(),
      images: new InMemoryImageStore(),
      settings: createInMemoryPersistence().uow.repositories.settings,
    };
    container.bind<TelegramChannelDependencies>(TELEGRAM_DEPENDENCIES as symbol).toConstantValue(deps);

    await container.load(telegramModule({ token, mode: 'polling' }));

    const channel = container.get<TelegramChannel>(TELEGRAM_CHANNEL as symbol);
    expect(channel).toBeInstanceOf(TelegramChannel);
    expect(container.getAll<Startable>(TOKENS.Startable as symbol)).toEqual([channel]);
    expect(channel.name).toBe('telegram');
  });

  it('refuses bad options when registered, before anything starts', () => {
    expect(() => telegramModule({ token, mode: 'webhook' })).toThrow(/webhookUrl/);
  });
});
