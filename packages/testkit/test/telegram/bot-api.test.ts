import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type EmulatedBot,
  TelegramEmulator,
  type TelegramTestUser,
  type TgFile,
  type TgMessage,
  type TgUpdate,
  type TgWebhookInfo,
} from '../../src/telegram/index.js';
import { api, multipartBody, ok, PNG_1X1, trickyPng, until, webhookReceiver } from './helpers.js';

let emulator: TelegramEmulator;
let bot: EmulatedBot;
let user: TelegramTestUser;

beforeEach(async () => {
  emulator = new TelegramEmulator({ webhook: { initialRetryMs: 20, maxRetryMs: 80 } });
  await emulator.start();
  bot = emulator.createBot({ token: '111111:TEST-token_A', username: 'shop_bot', firstName: 'Shop' });
  user = emulator.user({ id: 4242, firstName: 'Ana', languageCode: 'es' });
});

afterEach(async () => {
  await emulator.stop();
});

/** The user says hello so that the bot may write to the chat. */
async function startChat(): Promise<void> {
  await user.sendCommand('/start');
}

describe('authentication and routing', () => {
  it('answers getMe with the bot user', async () => {
    const me = await api(emulator, bot.token, 'getMe');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      ok: true,
      result: expect.objectContaining({ id: 111111, is_bot: true, first_name: 'Shop', username: 'shop_bot' }),
    });
  });

  it('rejects an unregistered token with 401 Unauthorized', async () => {
    const answer = await api(emulator, '999:nope', 'getMe');
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
  });

  it('answers an unknown method with 404 Not Found', async () => {
    const answer = await api(emulator, bot.token, 'sendTelepathy');
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
  });

  it('accepts query strings, urlencoded bodies and case-insensitive method names', async () => {
    await startChat();
    const viaQuery = await fetch(`${emulator.apiRoot}/bot${bot.token}/SENDMESSAGE?chat_id=4242&text=from%20query`);
    expect(((await viaQuery.json()) as { result: TgMessage }).result.text).toBe('from query');
    const viaForm = await fetch(`${emulator.apiRoot}/bot${bot.token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        chat_id: '4242',
        text: 'from form',
        reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] }),
      }),
    });
    const form = (await viaForm.json()) as { result: TgMessage };
    expect(form.result.text).toBe('from form');
    expect(form.result.reply_markup).toEqual({ inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] });
    expect(emulator.calls('sendMessage').map((call) => call.transport)).toEqual(['query', 'form']);
  });

  it('records every call with params and answer', async () => {
    await api(emulator, bot.token, 'getMe');
    await api(emulator, bot.token, 'sendMessage', { chat_id: 1, text: 'x' });
    const calls = emulator.calls({ method: 'sendMessage', bot: 'shop_bot' });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      method: 'sendMessage',
      params: { chat_id: 1, text: 'x' },
      status: 400,
      response: { ok: false, description: 'Bad Request: chat not found' },
    });
    expect(emulator.calls()).toHaveLength(2);
  });
});

describe('sendMessage', () => {
  it('returns a Bot API message with the bot as sender and the date in seconds', async () => {
    await startChat();
    const message = await ok<TgMessage>(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: 'Hola' });
    expect(message).toMatchObject({
      from: { id: 111111, is_bot: true, first_name: 'Shop', username: 'shop_bot' },
      chat: { id: 4242, type: 'private', first_name: 'Ana' },
      text: 'Hola',
    });
    expect(message.message_id).toBeGreaterThan(1);
    expect(Math.abs(message.date - Date.now() / 1000)).toBeLessThan(5);
  });

  it('knows unknown chats, chats never started and blocked users', async () => {
    const unknown = await api(emulator, bot.token, 'sendMessage', { chat_id: 777, text: 'x' });
    expect(unknown.body).toEqual({ ok: false, error_code: 400, description: 'Bad Request: chat not found' });
    const notStarted = await api(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: 'x' });
    expect(notStarted.status).toBe(403);
    expect(notStarted.body.description).toBe("Forbidden: bot can't initiate conversation with a user");
    await startChat();
    user.block();
    const blocked = await api(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: 'x' });
    expect(blocked.body).toEqual({ ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
  });

  it('enforces the 1-4096 character limit after entity parsing', async () => {
    await startChat();
    const empty = await api(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: '' });
    expect(empty.body.description).toBe('Bad Request: message text is empty');
    const onlyTags = await api(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: '<b> </b>', parse_mode: 'HTML' });
    expect(onlyTags.body.description).toBe('Bad Request: message text is empty');
    const tooLong = await api(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: 'a'.repeat(4097) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.description).toBe('Bad Request: message is too long');
    // 4096 characters of text inside markup: the tags do not count.
    const full = await api<TgMessage>(emulator, bot.token, 'sendMessage', {
      chat_id: 4242,
      text: `<b>${'a'.repeat(4000)}</b><i>${'b'.repeat(96)}</i>`,
      parse_mode: 'HTML',
    });
    expect(full.body.ok).toBe(true);
    expect(full.body.result?.text).toHaveLength(4096);
  });

  it('parses HTML into text and entities and rejects broken markup', async () => {
    await startChat();
    const message = await ok<TgMessage>(emulator, bot.token, 'sendMessage', {
      chat_id: 4242,
      text: '<b>Total:</b> $1&nbsp;200 &lt;3 <a href="https://shop.example/p?a=1&amp;b=2">ver</a> <pre><code class="language-ts">x</code></pre>',
      parse_mode: 'HTML',
    });
    expect(message.text).toBe('Total: $1&nbsp;200 <3 ver x');
    expect(message.entities).toEqual([
      { type: 'bold', offset: 0, length: 6 },
      { type: 'text_link', offset: 22, length: 3, url: 'https://shop.example/p?a=1&b=2' },
      { type: 'pre', offset: 26, length: 1, language: 'ts' },
    ]);

    const unclosed = await api(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: 'Hola <b>mundo', parse_mode: 'HTML' });
    expect(unclosed.status).toBe(400);
    expect(unclosed.body.description).toBe(`Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`);
    const unknown = await api(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: 'ñ <br> x', parse_mode: 'HTML' });
    expect(unknown.body.description).toBe(`Bad Request: can't parse entities: Unsupported start tag "br" at byte offset 3`);
    const crossed = await api(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: '<b><i>x</b></i>', parse_mode: 'HTML' });
    expect(crossed.body.description).toContain('Unmatched end tag at byte offset 7, expected "</i>", found "</b>"');
    const badMode = await api(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: 'x', parse_mode: 'BBCode' });
    expect(badMode.body.description).toBe('Bad Request: unsupported parse_mode');
  });

  it('checks MarkdownV2 reserved characters', async () => {
    await startChat();
    const good = await ok<TgMessage>(emulator, bot.token, 'sendMessage', {
      chat_id: 4242,
      text: '*Total:* $1\\.200 \\- [ver](https://x.example/a)',
      parse_mode: 'MarkdownV2',
    });
    expect(good.text).toBe('Total: $1.200 - ver');
    expect(good.entities).toEqual([
      { type: 'bold', offset: 0, length: 6 },
      { type: 'text_link', offset: 16, length: 3, url: 'https://x.example/a' },
    ]);
    const bad = await api(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: 'Total: 1.200', parse_mode: 'MarkdownV2' });
    expect(bad.body.description).toBe(
      "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
    );
  });

  it('validates inline keyboards: callback_data bytes, text and url', async () => {
    await startChat();
    const send = (button: Record<string, unknown>) =>
      api(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: 'x', reply_markup: { inline_keyboard: [[button]] } });

    // 32 two-byte characters are exactly 64 bytes.
    expect((await send({ text: 'ok', callback_data: 'ñ'.repeat(32) })).body.ok).toBe(true);
    const tooLong = await send({ text: 'no', callback_data: `${'ñ'.repeat(32)}x` });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.description).toBe('Bad Request: BUTTON_DATA_INVALID');
    expect((await send({ text: 'no', callback_data: '' })).body.description).toBe('Bad Request: BUTTON_DATA_INVALID');
    expect((await send({ callback_data: 'a' })).body.description).toContain('Field "text" must be of type String');
    expect((await send({ text: 'plain' })).body.description).toContain('Text buttons are unallowed in the inline keyboard');
    expect((await send({ text: 'x', url: 'javascript:alert(1)' })).body.description).toContain('is invalid');
    expect((await send({ text: 'x', url: 'https://shop.example/pay?id=1' })).body.ok).toBe(true);
    const notRows = await api(emulator, bot.token, 'sendMessage', {
      chat_id: 4242,
      text: 'x',
      reply_markup: { inline_keyboard: [{ text: 'a', callback_data: 'a' }] },
    });
    expect(notRows.status).toBe(400);
  });

  it('replies to a message and keeps reply keyboards out of the message object', async () => {
    const first = await user.sendText('¿precio?');
    const reply = await ok<TgMessage>(emulator, bot.token, 'sendMessage', {
      chat_id: 4242,
      text: '$100',
      reply_parameters: { message_id: first.message_id },
      reply_markup: { keyboard: [['Sí', 'No']], resize_keyboard: true },
    });
    expect(reply.reply_to_message).toMatchObject({ message_id: first.message_id, text: '¿precio?' });
    expect(reply.reply_markup).toBeUndefined();
    expect(user.replyKeyboard()?.keyboard).toEqual([[{ text: 'Sí' }, { text: 'No' }]]);
    const missing = await api(emulator, bot.token, 'sendMessage', {
      chat_id: 4242,
      text: 'x',
      reply_parameters: { message_id: 999 },
    });
    expect(missing.body.description).toBe('Bad Request: message to be replied not found');
  });
});

describe('rate limits and faults', () => {
  it('failNext answers 429 with retry_after once, then recovers', async () => {
    emulator.failNext('sendMessage', { retryAfter: 2 });
    await startChat();
    const limited = await api(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 2',
      parameters: { retry_after: 2 },
    });
    expect((await api(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: 'x' })).status).toBe(200);
    emulator.failNext('getMe', { errorCode: 502 });
    expect((await api(emulator, bot.token, 'getMe')).body).toEqual({ ok: false, error_code: 502, description: 'Bad Gateway' });
  });

  it('limits sends per chat when switched on at run time', async () => {
    await startChat();
    // Telegram-like defaults, switched off until asked for.
    expect(emulator.rateLimits).toEqual({
      enabled: false,
      perChat: { perSecond: 1, burst: 3 },
      global: { perSecond: 30, burst: 30 },
    });
    for (let i = 0; i < 5; i++) {
      expect((await api(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: `${i}` })).status).toBe(200);
    }
    // A slow refill keeps the test independent of machine speed.
    emulator.setRateLimits({ enabled: true, perChat: { perSecond: 0.25, burst: 2 } });
    expect((await api(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: 'a' })).status).toBe(200);
    expect((await api(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: 'b' })).status).toBe(200);
    const limited = await api(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: 'c' });
    expect(limited.status).toBe(429);
    const retryAfter = limited.body.parameters?.retry_after as number;
    expect(retryAfter).toBeGreaterThanOrEqual(3);
    expect(retryAfter).toBeLessThanOrEqual(4);
    expect(limited.body).toEqual({
      ok: false,
      error_code: 429,
      description: `Too Many Requests: retry after ${retryAfter}`,
      parameters: { retry_after: retryAfter },
    });
    // Nothing was stored for the refused send.
    expect(user.botMessages().map((m) => m.text)).not.toContain('c');
    emulator.setRateLimits({ enabled: false });
    expect((await api(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: 'd' })).status).toBe(200);
  });

  it('limits sends per bot across chats (global limit)', async () => {
    const other = emulator.user({ id: 5151, firstName: 'Beto' });
    await startChat();
    await other.sendText('hola');
    emulator.setRateLimits({ enabled: true, perChat: { perSecond: 10, burst: 10 }, global: { perSecond: 0.25, burst: 2 } });
    expect((await api(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: 'a' })).status).toBe(200);
    expect((await api(emulator, bot.token, 'sendMessage', { chat_id: 5151, text: 'b' })).status).toBe(200);
    const third = await api(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: 'c' });
    expect(third.status).toBe(429);
    expect(third.body.parameters?.retry_after).toBeGreaterThanOrEqual(1);
  });
});

describe('getUpdates', () => {
  it('numbers updates from a large start drawn anew by each emulator (a restarted demo must not reuse update ids)', async () => {
    await user.sendText('hola');
    const [first] = await ok<TgUpdate[]>(emulator, bot.token, 'getUpdates');
    const starts = new Set<number>([first?.update_id as number]);
    for (let i = 0; i < 5; i++) {
      const other = new TelegramEmulator();
      const otherBot = other.createBot({ username: `restarted_${i}_bot`, firstName: 'Shop' });
      await other.user({ firstName: 'Ana', bot: otherBot.username }).sendText('hola');
      starts.add((other.pendingUpdates(otherBot.username)[0] as TgUpdate | undefined)?.update_id as number);
    }
    expect(starts.size).toBe(6);
    for (const start of starts) {
      expect(start).toBeGreaterThanOrEqual(100_000_000);
      expect(start).toBeLessThan(2 ** 31 - 1_000_000);
    }
  });

  it('confirms earlier updates with offset and honours limit', async () => {
    await user.sendText('uno');
    await user.sendText('dos');
    await user.sendText('tres');
    const all = await ok<TgUpdate[]>(emulator, bot.token, 'getUpdates');
    expect(all.map((u) => u.message?.text)).toEqual(['uno', 'dos', 'tres']);
    const ids = all.map((u) => u.update_id);
    expect(ids[1]).toBe((ids[0] as number) + 1);
    expect(ids[2]).toBe((ids[1] as number) + 1);

    const limited = await ok<TgUpdate[]>(emulator, bot.token, 'getUpdates', { limit: 1 });
    expect(limited.map((u) => u.message?.text)).toEqual(['uno']);
    const afterFirst = await ok<TgUpdate[]>(emulator, bot.token, 'getUpdates', { offset: (ids[0] as number) + 1 });
    expect(afterFirst.map((u) => u.message?.text)).toEqual(['dos', 'tres']);
    // Confirmed updates are gone for good.
    expect((await ok<TgUpdate[]>(emulator, bot.token, 'getUpdates')).map((u) => u.message?.text)).toEqual(['dos', 'tres']);
    const last = await ok<TgUpdate[]>(emulator, bot.token, 'getUpdates', { offset: -1 });
    expect(last.map((u) => u.message?.text)).toEqual(['tres']);
    await ok(emulator, bot.token, 'getUpdates', { offset: (ids[2] as number) + 1 });
    expect(emulator.pendingUpdates()).toEqual([]);
  });

  it('carries the user, language and bot_command entity', async () => {
    await user.sendCommand('/start', 'promo42');
    const [update] = await ok<TgUpdate[]>(emulator, bot.token, 'getUpdates');
    expect(update?.message).toMatchObject({
      from: { id: 4242, is_bot: false, first_name: 'Ana', language_code: 'es' },
      chat: { id: 4242, type: 'private', first_name: 'Ana' },
      text: '/start promo42',
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    });
  });

  it('long-polls and wakes up as soon as an update arrives', async () => {
    const started = Date.now();
    const poll = api<TgUpdate[]>(emulator, bot.token, 'getUpdates', { timeout: 5 });
    setTimeout(() => void user.sendText('despierta'), 150);
    const answer = await poll;
    expect(answer.body.result?.map((u) => u.message?.text)).toEqual(['despierta']);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(100);
    expect(elapsed).toBeLessThan(2000);
  });

  it('returns an empty list when the long-poll timeout passes', async () => {
    const started = Date.now();
    const answer = await api<TgUpdate[]>(emulator, bot.token, 'getUpdates', { timeout: 1 });
    expect(answer.body).toEqual({ ok: true, result: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('ends a pending long poll with 409 when a second getUpdates arrives', async () => {
    const tagged = (name: string) =>
      api<TgUpdate[]>(emulator, bot.token, 'getUpdates', { timeout: 5 }).then((answer) => ({ name, answer }));
    const first = tagged('first');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = tagged('second');
    // Whichever request reached the server first is the one terminated.
    const loser = await Promise.race([first, second]);
    expect(loser.answer.status).toBe(409);
    expect(loser.answer.body.description).toBe(
      'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    );
    await user.sendText('para el ganador');
    const winner = await (loser.name === 'first' ? second : first);
    expect(winner.answer.body.result?.map((u) => u.message?.text)).toEqual(['para el ganador']);
  });

  it('filters update types with allowed_updates', async () => {
    await ok(emulator, bot.token, 'getUpdates', { allowed_updates: ['callback_query'] });
    await user.sendText('ignored');
    expect(emulator.pendingUpdates()).toEqual([]);
    await ok(emulator, bot.token, 'getUpdates', { allowed_updates: [] });
    await user.sendText('kept');
    expect(emulator.pendingUpdates()).toHaveLength(1);
  });

  it('passes injected raw updates through untouched', async () => {
    const id = emulator.injectRawUpdate(bot.token, { message: { text: 'no chat, no from' } });
    emulator.injectRawUpdate(bot.token, 'not even an object');
    const updates = await ok<unknown[]>(emulator, bot.token, 'getUpdates');
    expect(updates).toEqual([{ update_id: id, message: { text: 'no chat, no from' } }, 'not even an object']);
    await ok(emulator, bot.token, 'getUpdates', { offset: id + 2 });
    expect(emulator.pendingUpdates()).toEqual([]);
  });
});

describe('webhooks', () => {
  it('validates setWebhook parameters', async () => {
    const bad = await api(emulator, bot.token, 'setWebhook', { url: 'http://127.0.0.1:1/h', secret_token: 'has space' });
    expect(bad.status).toBe(400);
    expect(bad.body.description).toBe('Bad Request: secret token contains unallowed characters');
    const long = await api(emulator, bot.token, 'setWebhook', { url: 'http://127.0.0.1:1/h', secret_token: 'a'.repeat(257) });
    expect(long.status).toBe(400);
    const conns = await api(emulator, bot.token, 'setWebhook', { url: 'http://127.0.0.1:1/h', max_connections: 101 });
    expect(conns.status).toBe(400);
    const ftp = await api(emulator, bot.token, 'setWebhook', { url: 'ftp://127.0.0.1/h' });
    expect(ftp.status).toBe(400);
    const fine = await api(emulator, bot.token, 'setWebhook', {
      url: 'http://127.0.0.1:1/h',
      secret_token: `${'a'.repeat(250)}_-Z9x`,
      max_connections: 5,
    });
    expect(fine.body).toEqual({ ok: true, result: true, description: 'Webhook was set' });
    const info = await ok<TgWebhookInfo>(emulator, bot.token, 'getWebhookInfo');
    expect(info).toMatchObject({ url: 'http://127.0.0.1:1/h', has_custom_certificate: false, max_connections: 5 });
  });

  it('answers 409 to getUpdates while a webhook is set', async () => {
    await ok(emulator, bot.token, 'setWebhook', { url: 'http://127.0.0.1:1/h' });
    const answer = await api(emulator, bot.token, 'getUpdates');
    expect(answer.status).toBe(409);
    expect(answer.body).toEqual({
      ok: false,
      error_code: 409,
      description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    });
    expect((await api(emulator, bot.token, 'deleteWebhook')).body).toEqual({
      ok: true,
      result: true,
      description: 'Webhook was deleted',
    });
    expect((await api(emulator, bot.token, 'getUpdates')).status).toBe(200);
  });

  it('pushes updates with the secret header and retries a 500, keeping the update pending', async () => {
    const receiver = await webhookReceiver([500, 500]);
    try {
      await ok(emulator, bot.token, 'setWebhook', { url: receiver.url, secret_token: 'S3cret_-token' });
      await user.sendText('pedido 1');
      await until(() => receiver.hits.length >= 1);
      const failing = await ok<TgWebhookInfo>(emulator, bot.token, 'getWebhookInfo');
      expect(failing.pending_update_count).toBe(1);
      expect(failing.last_error_message).toBe('Wrong response from the webhook: 500 Internal Server Error');
      expect(failing.last_error_date).toBeGreaterThan(0);

      await until(() => receiver.hits.length >= 3);
      await until(() => emulator.pendingUpdates().length === 0);
      await user.sendText('pedido 2');
      await until(() => receiver.hits.length >= 4);

      for (const hit of receiver.hits) expect(hit.headers['x-telegram-bot-api-secret-token']).toBe('S3cret_-token');
      const texts = receiver.hits.map((hit) => (hit.body as TgUpdate).message?.text);
      expect(texts).toEqual(['pedido 1', 'pedido 1', 'pedido 1', 'pedido 2']);
      const ids = receiver.hits.map((hit) => (hit.body as TgUpdate).update_id);
      expect(ids[0]).toBe(ids[2]);
      expect(ids[3]).toBe((ids[0] as number) + 1);
      await until(() => emulator.pendingUpdates().length === 0);
      const healthy = await ok<TgWebhookInfo>(emulator, bot.token, 'getWebhookInfo');
      expect(healthy.pending_update_count).toBe(0);
    } finally {
      await receiver.close();
    }
  });

  it('delivers one update at a time, in order, and runs a method returned in the webhook answer', async () => {
    const receiver = await webhookReceiver([], (body) => {
      const update = body as TgUpdate;
      return { method: 'sendMessage', chat_id: update.message?.chat.id, text: `eco: ${update.message?.text}` };
    });
    try {
      await user.sendText('a');
      await user.sendText('b');
      await ok(emulator, bot.token, 'setWebhook', { url: receiver.url });
      const replies = await user.waitForMessages(2);
      expect(replies.map((m) => m.text)).toEqual(['eco: a', 'eco: b']);
      expect(receiver.hits.every((hit) => hit.headers['x-telegram-bot-api-secret-token'] === undefined)).toBe(true);
      await until(() => emulator.calls((call) => call.transport === 'webhook-reply').length === 2);
      expect(emulator.calls((call) => call.transport === 'webhook-reply').map((call) => call.status)).toEqual([200, 200]);
    } finally {
      await receiver.close();
    }
  });

  it('drops pending updates on request', async () => {
    await user.sendText('viejo');
    await ok(emulator, bot.token, 'setWebhook', { url: 'http://127.0.0.1:1/h', drop_pending_updates: true });
    expect((await ok<TgWebhookInfo>(emulator, bot.token, 'getWebhookInfo')).pending_update_count).toBe(0);
    await user.sendText('nuevo');
    await ok(emulator, bot.token, 'deleteWebhook', { drop_pending_updates: true });
    expect(emulator.pendingUpdates()).toEqual([]);
  });
});

describe('files', () => {
  it('takes a multipart photo upload, then serves the same bytes via getFile and download', async () => {
    await startChat();
    const bytes = trickyPng();
    const { body, contentType } = multipartBody(
      { chat_id: '4242', caption: 'Zapatilla <b>roja</b>', parse_mode: 'HTML', photo: 'attach://file1' },
      [{ name: 'file1', filename: 'photo.jpg', data: bytes }],
      'grammy',
    );
    const response = await fetch(`${emulator.apiRoot}/bot${bot.token}/sendPhoto`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });
    const sent = (await response.json()) as { ok: boolean; result: TgMessage };
    expect(sent.ok).toBe(true);
    expect(sent.result.caption).toBe('Zapatilla roja');
    expect(sent.result.caption_entities).toEqual([{ type: 'bold', offset: 10, length: 4 }]);
    const sizes = sent.result.photo ?? [];
    expect(sizes.length).toBeGreaterThan(1);
    const largest = sizes[sizes.length - 1];
    expect(largest).toMatchObject({ width: 1600, height: 1200, file_size: bytes.length });
    expect(sizes[0]?.width).toBe(90);
    for (const size of sizes)
      expect(size).toEqual(expect.objectContaining({ file_id: expect.any(String), file_unique_id: expect.any(String) }));

    const file = await ok<TgFile>(emulator, bot.token, 'getFile', { file_id: largest?.file_id });
    expect(file).toMatchObject({ file_id: largest?.file_id, file_size: bytes.length, file_path: expect.stringMatching(/^photos\//) });
    const download = await fetch(`${emulator.apiRoot}/file/bot${bot.token}/${file.file_path}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect(emulator.calls('sendPhoto')[0]?.files).toEqual([
      { field: 'file1', filename: 'photo.jpg', contentType: 'application/octet-stream', size: bytes.length },
    ]);

    // Another bot cannot use this bot's files.
    const other = emulator.createBot({ username: 'other_bot', firstName: 'Other' });
    const foreign = await api(emulator, other.token, 'getFile', { file_id: largest?.file_id });
    expect(foreign.status).toBe(400);
    const wrongBotDownload = await fetch(`${emulator.apiRoot}/file/bot${other.token}/${file.file_path}`);
    expect(wrongBotDownload.status).toBe(404);
  });

  it('re-sends a known photo by file_id and checks the caption length', async () => {
    await startChat();
    const photoMessage = await user.sendPhoto(PNG_1X1, { caption: 'mi foto' });
    const fileId = photoMessage.photo?.[0]?.file_id as string;
    const again = await ok<TgMessage>(emulator, bot.token, 'sendPhoto', { chat_id: 4242, photo: fileId });
    expect(again.photo?.map((p) => p.file_id)).toEqual(photoMessage.photo?.map((p) => p.file_id));
    const long = await api(emulator, bot.token, 'sendPhoto', { chat_id: 4242, photo: fileId, caption: 'x'.repeat(1025) });
    expect(long.body.description).toBe('Bad Request: message caption is too long');
    const unknown = await api(emulator, bot.token, 'sendPhoto', { chat_id: 4242, photo: 'AgACAgEAAxkBnope' });
    expect(unknown.body.description).toBe('Bad Request: wrong file identifier/HTTP URL specified');
  });

  it('stores uploaded documents with their name and type (FormData, direct part)', async () => {
    await startChat();
    const form = new FormData();
    form.append('chat_id', '4242');
    form.append('document', new Blob([Buffer.from('%PDF-1.4 factura')], { type: 'application/pdf' }), 'Factura A 0001.pdf');
    const response = await fetch(`${emulator.apiRoot}/bot${bot.token}/sendDocument`, { method: 'POST', body: form });
    const sent = (await response.json()) as { ok: boolean; result: TgMessage };
    expect(sent.ok).toBe(true);
    expect(sent.result.document).toMatchObject({ file_name: 'Factura A 0001.pdf', mime_type: 'application/pdf', file_size: 16 });
    const stored = emulator.file(sent.result.document?.file_id as string);
    expect(stored?.bytes.toString()).toBe('%PDF-1.4 factura');
    expect(user.lastMessage()?.document?.file_name).toBe('Factura A 0001.pdf');
  });

  it('refuses getFile above 20 MB', async () => {
    const big = await user.sendDocument(Buffer.alloc(20 * 1024 * 1024 + 1), { fileName: 'big.bin' });
    const answer = await api(emulator, bot.token, 'getFile', { file_id: big.document?.file_id });
    expect(answer.status).toBe(400);
    expect(answer.body.description).toBe('Bad Request: file is too big');
  });
});

describe('editing, deleting, callbacks, actions, commands', () => {
  it('edits text, markup and captions; refuses an identical edit', async () => {
    await startChat();
    const keyboard = { inline_keyboard: [[{ text: 'Más', callback_data: 'more' }]] };
    const sent = await ok<TgMessage>(emulator, bot.token, 'sendMessage', {
      chat_id: 4242,
      text: '<b>Página 1</b>',
      parse_mode: 'HTML',
      reply_markup: keyboard,
    });
    const same = await api(emulator, bot.token, 'editMessageText', {
      chat_id: 4242,
      message_id: sent.message_id,
      text: '<b>Página 1</b>',
      parse_mode: 'HTML',
      reply_markup: keyboard,
    });
    expect(same.status).toBe(400);
    expect(same.body.description).toBe(
      'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    );
    const edited = await ok<TgMessage>(emulator, bot.token, 'editMessageText', {
      chat_id: 4242,
      message_id: sent.message_id,
      text: 'Página 2',
      reply_markup: keyboard,
    });
    expect(edited).toMatchObject({ message_id: sent.message_id, text: 'Página 2', reply_markup: keyboard });
    expect(edited.entities).toBeUndefined();
    expect(edited.edit_date).toBeGreaterThan(0);

    const noMarkup = await ok<TgMessage>(emulator, bot.token, 'editMessageReplyMarkup', { chat_id: 4242, message_id: sent.message_id });
    expect(noMarkup.reply_markup).toBeUndefined();
    const sameMarkup = await api(emulator, bot.token, 'editMessageReplyMarkup', { chat_id: 4242, message_id: sent.message_id });
    expect(sameMarkup.body.description).toContain('message is not modified');

    const photo = await ok<TgMessage>(emulator, bot.token, 'sendPhoto', {
      chat_id: 4242,
      photo: (await user.sendPhoto(PNG_1X1)).photo?.[0]?.file_id,
      caption: 'antes',
    });
    const recaptioned = await ok<TgMessage>(emulator, bot.token, 'editMessageCaption', {
      chat_id: 4242,
      message_id: photo.message_id,
      caption: 'después',
    });
    expect(recaptioned.caption).toBe('después');
    const textOnPhoto = await api(emulator, bot.token, 'editMessageText', { chat_id: 4242, message_id: photo.message_id, text: 'x' });
    expect(textOnPhoto.body.description).toBe('Bad Request: there is no text in the message to edit');
    const userMessage = user.messages()[0];
    const notMine = await api(emulator, bot.token, 'editMessageText', { chat_id: 4242, message_id: userMessage?.message_id, text: 'x' });
    expect(notMine.body.description).toBe("Bad Request: message can't be edited");
  });

  it('removes the reply keyboard with remove_keyboard, and refuses to edit messages sent with a reply keyboard or its removal', async () => {
    await startChat();
    const asking = await ok<TgMessage>(emulator, bot.token, 'sendMessage', {
      chat_id: 4242,
      text: '¿Tu teléfono?',
      reply_markup: { keyboard: [[{ text: 'Compartir', request_contact: true }]], one_time_keyboard: true },
    });
    expect(user.replyKeyboard()?.keyboard).toEqual([[{ text: 'Compartir', request_contact: true }]]);
    const removing = await ok<TgMessage>(emulator, bot.token, 'sendMessage', {
      chat_id: 4242,
      text: 'Listo',
      reply_markup: { remove_keyboard: true },
    });
    expect(removing.reply_markup).toBeUndefined();
    expect(user.replyKeyboard()).toBeUndefined();

    for (const message of [asking, removing]) {
      const text = await api(emulator, bot.token, 'editMessageText', { chat_id: 4242, message_id: message.message_id, text: 'x' });
      expect(text.body.description).toBe("Bad Request: message can't be edited");
      const markup = await api(emulator, bot.token, 'editMessageReplyMarkup', {
        chat_id: 4242,
        message_id: message.message_id,
        reply_markup: { inline_keyboard: [[{ text: 'Sí', callback_data: 'yes' }]] },
      });
      expect(markup.body.description).toBe("Bad Request: message can't be edited");
    }
    // A message with an inline keyboard still can be.
    const inline = await ok<TgMessage>(emulator, bot.token, 'sendMessage', {
      chat_id: 4242,
      text: '¿Retiro o envío?',
      reply_markup: { inline_keyboard: [[{ text: 'Retiro', callback_data: 'pickup' }]] },
    });
    const edited = await ok<TgMessage>(emulator, bot.token, 'editMessageText', {
      chat_id: 4242,
      message_id: inline.message_id,
      text: 'Retiro',
    });
    expect(edited.text).toBe('Retiro');
  });

  it('deletes messages and then cannot find them', async () => {
    await startChat();
    const sent = await ok<TgMessage>(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: 'temporal' });
    expect(await ok(emulator, bot.token, 'deleteMessage', { chat_id: 4242, message_id: sent.message_id })).toBe(true);
    const again = await api(emulator, bot.token, 'deleteMessage', { chat_id: 4242, message_id: sent.message_id });
    expect(again.body.description).toBe('Bad Request: message to delete not found');
    const edit = await api(emulator, bot.token, 'editMessageText', { chat_id: 4242, message_id: sent.message_id, text: 'x' });
    expect(edit.body.description).toBe('Bad Request: message to edit not found');
  });

  it('answers callback queries once', async () => {
    await startChat();
    await ok(emulator, bot.token, 'sendMessage', {
      chat_id: 4242,
      text: 'Elegí',
      reply_markup: { inline_keyboard: [[{ text: 'Sí', callback_data: 'yes' }]] },
    });
    const query = await user.tapButton('Sí');
    expect(await ok(emulator, bot.token, 'answerCallbackQuery', { callback_query_id: query.id, text: 'Listo', show_alert: true })).toBe(
      true,
    );
    const twice = await api(emulator, bot.token, 'answerCallbackQuery', { callback_query_id: query.id });
    expect(twice.body.description).toBe('Bad Request: query is too old and response timeout expired or query ID is invalid');
    expect(user.callbackAnswers()).toEqual([
      { callbackQueryId: query.id, data: 'yes', messageId: expect.any(Number), text: 'Listo', showAlert: true },
    ]);
  });

  it('shows chat actions and rejects unknown ones', async () => {
    await startChat();
    expect(await ok(emulator, bot.token, 'sendChatAction', { chat_id: 4242, action: 'typing' })).toBe(true);
    expect(user.chatAction()).toBe('typing');
    await ok(emulator, bot.token, 'sendMessage', { chat_id: 4242, text: 'listo' });
    expect(user.chatAction()).toBeUndefined();
    const bad = await api(emulator, bot.token, 'sendChatAction', { chat_id: 4242, action: 'dancing' });
    expect(bad.body.description).toBe('Bad Request: wrong parameter action in request');
  });

  it('keeps commands per scope and language', async () => {
    await ok(emulator, bot.token, 'setMyCommands', { commands: [{ command: 'start', description: 'Empezar' }], language_code: 'es' });
    await ok(emulator, bot.token, 'setMyCommands', { commands: [{ command: 'start', description: 'Start' }] });
    await ok(emulator, bot.token, 'setMyCommands', {
      commands: [{ command: 'orders', description: 'Orders' }],
      scope: { type: 'chat', chat_id: 4242 },
    });
    expect(await ok(emulator, bot.token, 'getMyCommands', { language_code: 'es' })).toEqual([{ command: 'start', description: 'Empezar' }]);
    expect(await ok(emulator, bot.token, 'getMyCommands')).toEqual([{ command: 'start', description: 'Start' }]);
    expect(await ok(emulator, bot.token, 'getMyCommands', { language_code: 'en' })).toEqual([]);
    expect(await ok(emulator, bot.token, 'getMyCommands', { scope: { type: 'chat', chat_id: 4242 } })).toEqual([
      { command: 'orders', description: 'Orders' },
    ]);
    const invalid = await api(emulator, bot.token, 'setMyCommands', { commands: [{ command: 'Start!', description: 'x' }] });
    expect(invalid.body.description).toBe('Bad Request: BOT_COMMAND_INVALID');
    await ok(emulator, bot.token, 'deleteMyCommands', { language_code: 'es' });
    expect(await ok(emulator, bot.token, 'getMyCommands', { language_code: 'es' })).toEqual([]);
  });
});
