import { AdapterError } from '@mostrador/core';
import { GrammyError, HttpError } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { toAdapterError } from '../src/errors.js';
import { createTelegramChannel } from '../src/index.js';
import { type Harness, reply, startHarness, WEBHOOK_SECRET } from './support/harness.js';

/*
 * Start-up against unusual Bot API answers (issue 9, point 10): a proxy's HTML 502, a Bot API
 * error without a description, a dropped connection. Transient failures are retried with short
 * waits here (`startRetry`); the token never appears in what start throws or logs.
 */

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const FAST_RETRY = { attempts: 3, firstDelayMs: 5, maxDelayMs: 50 };
const HTML_502 = { errorCode: 502, rawBody: { contentType: 'text/html', text: '<html><body><h1>502 Bad Gateway</h1></body></html>' } };

/** A harness whose channel is not started yet and asks getMe itself (no botInfo given). */
const unstarted = async (mode: 'polling' | 'webhook' = 'polling'): Promise<Harness> =>
  startHarness({
    mode,
    start: false,
    script: (event) => reply({ text: `eco: ${event.kind === 'text' ? event.text : '?'}` }),
    options: { botInfo: undefined, startRetry: FAST_RETRY },
  });

const startFailure = async (h: Harness): Promise<AdapterError> => {
  const failure = await h.channel.start().then(
    () => null,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(AdapterError);
  return failure as AdapterError;
};

const expectNoToken = (h: Harness, ...texts: string[]): void => {
  const secret = h.bot.token.split(':')[1] as string;
  for (const text of [...texts, ...h.logger.lines]) expect(text).not.toContain(secret);
};

describe('TelegramChannel start', () => {
  it('retries getMe answered by a proxy with an HTML 502, then starts and serves', async () => {
    harness = await unstarted();
    harness.emulator.failNext('getMe', HTML_502);
    harness.emulator.failNext('getMe', HTML_502);

    await harness.channel.start();

    expect(harness.emulator.calls('getMe').map((call) => call.status)).toEqual([502, 502, 200]);
    const retries = harness.logger.lines.filter((line) => line.startsWith('warn telegram start: a call failed, retrying'));
    expect(retries).toHaveLength(2);
    expect(retries[0]).toContain('not a Bot API answer');
    const ana = harness.emulator.user({ firstName: 'Ana' });
    await ana.sendText('hola');
    expect((await ana.waitForMessages(1))[0]?.text).toBe('eco: hola');
    expectNoToken(harness);
  });

  it('fails with a readable message when getMe keeps answering an error without a description', async () => {
    harness = await unstarted();
    for (let i = 0; i < FAST_RETRY.attempts; i += 1) harness.emulator.failNext('getMe', { errorCode: 502, omitDescription: true });

    const failure = await startFailure(harness);

    expect(failure.message).not.toMatch(/Cannot read properties|undefined/);
    expect(failure.message).toMatch(/^the Telegram channel could not start: Telegram getMe failed \(502: HTTP 502, no description/);
    expect(failure.message).toContain(`gave up after ${FAST_RETRY.attempts} attempts`);
    expect(failure.code).toBe('CHANNEL.UNAVAILABLE');
    expect(harness.emulator.calls('getMe')).toHaveLength(FAST_RETRY.attempts);
    expectNoToken(harness, failure.message, JSON.stringify(failure.details), String(failure.stack));
  });

  it('does not retry a token Telegram refuses, and says so', async () => {
    harness = await unstarted();
    harness.emulator.failNext('getMe', { errorCode: 401, description: 'Unauthorized' });

    const failure = await startFailure(harness);

    expect(failure.code).toBe('CHANNEL.UNAUTHORIZED');
    expect(failure.message).toBe('the Telegram channel could not start: Telegram getMe failed (401: Unauthorized)');
    expect(harness.emulator.calls('getMe')).toHaveLength(1);
  });

  it('starts without the command menu when setMyCommands fails, with a warning', async () => {
    harness = await unstarted();
    // The Spanish menu: a server that does not know the method; the English one: a dropped connection every time.
    harness.emulator.failNext('setMyCommands', { errorCode: 404, description: 'Not Found' });
    for (let i = 0; i < FAST_RETRY.attempts; i += 1) harness.emulator.failNext('setMyCommands', { disconnect: true });

    await harness.channel.start();

    const warnings = harness.logger.lines.filter((line) => line.startsWith('warn telegram start: an optional call failed'));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('404: Not Found');
    expect(harness.emulator.calls('setMyCommands')).toHaveLength(1 + FAST_RETRY.attempts);
    const ana = harness.emulator.user({ firstName: 'Ana' });
    await ana.sendText('hola');
    expect((await ana.waitForMessages(1))[0]?.text).toBe('eco: hola');
    expectNoToken(harness);
  });

  it('fails, and refuses webhook updates, when setWebhook cannot be reached for good', async () => {
    harness = await unstarted('webhook');
    for (let i = 0; i < FAST_RETRY.attempts; i += 1) harness.emulator.failNext('setWebhook', { disconnect: true });

    const failure = await startFailure(harness);

    expect(failure.code).toBe('CHANNEL.UNAVAILABLE');
    expect(failure.message).toMatch(/^the Telegram channel could not start: Telegram setWebhook failed: /);
    expect(harness.emulator.calls('setWebhook')).toHaveLength(FAST_RETRY.attempts);
    const answer = await harness.channel.handleWebhook({
      headers: { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
      body: { update_id: 1, message: { message_id: 1, date: 0, chat: { id: 1, type: 'private' }, text: 'hola' } },
    });
    expect(answer.status).toBe(503);
    expectNoToken(harness, failure.message, String(failure.stack));
  });

  it('gives up at once on a retry_after longer than its longest wait', async () => {
    harness = await unstarted();
    harness.emulator.failNext('getMe', { retryAfter: 3600 });

    const failure = await startFailure(harness);

    expect(failure.code).toBe('CHANNEL.RATE_LIMITED');
    expect(harness.emulator.calls('getMe')).toHaveLength(1);
  });
});

describe('toAdapterError on unusual answers', () => {
  const token = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

  it('describes an error answer with no description or no error code, never throwing', () => {
    const noDescription = new GrammyError("Call to 'getMe' failed!", { ok: false, error_code: 502 } as never, 'getMe', {});
    const notBotApi = new GrammyError("Call to 'getMe' failed!", { ok: false } as never, 'getMe', {});

    expect(toAdapterError(noDescription, 'getMe', token)).toMatchObject({
      code: 'CHANNEL.UNAVAILABLE',
      retryable: true,
      message: 'Telegram getMe failed (502: HTTP 502, no description (not a Bot API answer?))',
    });
    expect(toAdapterError(notBotApi, 'getMe', token)).toMatchObject({
      code: 'CHANNEL.UNAVAILABLE',
      retryable: true,
      message: 'Telegram getMe failed (no error code: not a Bot API answer)',
    });
  });

  it('names a body that is not JSON without repeating the URL that holds the token', () => {
    const error = new HttpError(
      "Network request for 'getMe' failed!",
      new Error(`invalid json response body at http://x/bot${token}/getMe`),
    );
    const mapped = toAdapterError(error, 'getMe', token);
    expect(mapped.message).toContain('not a Bot API answer (not JSON');
    expect(mapped.message).not.toContain(token.split(':')[1]);
  });
});

describe('a failed send says whether it certainly delivered nothing (details.notSent)', () => {
  it('a refused connection: notSent; a connection dropped after the request arrived: not (delivery in doubt)', async () => {
    harness = await startHarness({ script: () => reply({ text: 'ok' }) });
    const user = harness.emulator.user({ bot: harness.bot.username, id: 5_551, firstName: 'Ana' });
    await user.sendCommand('/start');
    harness.emulator.failNext('sendMessage', { disconnect: true });
    const dropped = await harness.channel.send('5551', { text: 'Oferta' }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(dropped).toBeInstanceOf(AdapterError);
    expect(dropped).toMatchObject({ code: 'CHANNEL.UNAVAILABLE', retryable: true });
    expect((dropped as AdapterError).details.notSent).toBeUndefined();

    // Nothing listens on the discard port: the connection is refused before any request leaves.
    const closed = createTelegramChannel(
      {
        token: harness.bot.token,
        mode: 'polling',
        apiRoot: 'http://127.0.0.1:9',
        throttle: false,
        botInfo: { id: Number(harness.bot.token.split(':')[0]), first_name: 'Bot', username: 'closed_bot', is_bot: true },
      },
      { images: harness.images, settings: harness.settings, logger: harness.logger },
    );
    const refused = await closed.send('5551', { text: 'Oferta' }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toMatchObject({ code: 'CHANNEL.UNAVAILABLE', retryable: true, details: { notSent: true } });
    expect((refused as AdapterError).message).not.toContain(harness.bot.token.split(':')[1]);
  });
});
