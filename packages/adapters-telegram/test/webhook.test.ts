import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Harness, reply, startHarness, WEBHOOK_SECRET } from './support/harness.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const update = (updateId: number, chatId: number, text: string) => ({
  update_id: updateId,
  message: {
    message_id: 1,
    date: 1_700_000_000,
    chat: { id: chatId, type: 'private', first_name: 'Ana' },
    from: { id: chatId, is_bot: false, first_name: 'Ana' },
    text,
  },
});

/** A user who has written to the bot through the emulator (Telegram only lets bots write to such chats). */
const openedChat = async (harness: Harness) => {
  const user = harness.emulator.user({ firstName: 'Ana' });
  await user.sendText('hola');
  await user.waitForMessages(1);
  return user;
};

describe('TelegramChannel in webhook mode', () => {
  it('sets the webhook with its secret on start, without dropping pending updates', async () => {
    harness = await startHarness({ mode: 'webhook' });

    const [call] = harness.emulator.calls('setWebhook');

    expect(call?.params).toMatchObject({
      url: harness.webhook?.url,
      secret_token: WEBHOOK_SECRET,
      allowed_updates: ['message', 'callback_query'],
      drop_pending_updates: false,
    });
    expect(harness.emulator.calls('deleteWebhook')).toEqual([]);
    expect(harness.emulator.calls('getUpdates')).toEqual([]);
  });

  it('handles what Telegram pushes and answers through the Bot API', async () => {
    harness = await startHarness({
      mode: 'webhook',
      script: (event) => reply({ text: `eco ${event.kind === 'text' ? event.text : event.kind}` }),
    });
    const user = harness.emulator.user({ firstName: 'Ana' });

    await user.sendText('hola');
    const [message] = await user.waitForMessages(1);
    await user.sendText('chau');
    await user.waitForMessages(1);

    expect(message?.text).toBe('eco hola');
    expect(user.botMessages().map((m) => m.text)).toEqual(['eco hola', 'eco chau']);
    await vi.waitFor(() => expect(harness?.webhook?.answers).toEqual([200, 200]));
  });

  it('refuses a wrong or missing secret with 401 and handles nothing', async () => {
    harness = await startHarness({ mode: 'webhook' });

    const wrong = await harness.channel.handleWebhook({
      headers: { 'x-telegram-bot-api-secret-token': 'guess' },
      body: update(1, 5, 'hola'),
    });
    const missing = await harness.channel.handleWebhook({ headers: {}, body: update(2, 5, 'hola') });
    const prefix = await harness.channel.handleWebhook({
      headers: { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET.slice(0, -1) },
      body: update(3, 5, 'hola'),
    });

    expect([wrong.status, missing.status, prefix.status]).toEqual([401, 401, 401]);
    expect(harness.engine.events).toEqual([]);
  });

  it('processes a request with the right secret (header names in any case)', async () => {
    harness = await startHarness({ mode: 'webhook', script: (event) => reply({ text: `hola, ${event.user.displayName}` }) });
    const user = await openedChat(harness);

    const answer = await harness.channel.handleWebhook({
      headers: { 'X-Telegram-Bot-Api-Secret-Token': WEBHOOK_SECRET },
      body: update(10, user.chatId, 'hola'),
    });

    expect(answer.status).toBe(200);
    expect(harness.engine.events[1]).toMatchObject({ kind: 'text', text: 'hola', idempotencyKey: '10' });
    expect(user.lastMessage()?.text).toBe('hola, Ana');
  });

  it('rejects a body that is not an update with 400, and ignores a malformed update with 200', async () => {
    harness = await startHarness({ mode: 'webhook', script: () => reply({ text: 'ok' }) });
    const headers = { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET };

    const answers = await Promise.all(
      [null, 'nonsense', [1, 2], { update_id: 'x' }, { update_id: 1.5 }, { message: {} }].map((body) =>
        harness?.channel.handleWebhook({ headers, body }),
      ),
    );
    const malformed = await harness.channel.handleWebhook({ headers, body: { update_id: 77, message: { chat: 'nope', text: 5 } } });

    expect(answers.map((answer) => answer?.status)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(malformed.status).toBe(200);
    expect(harness.engine.events).toEqual([]);
  });

  it('survives a malformed pushed update and serves the next one', async () => {
    harness = await startHarness({ mode: 'webhook', script: () => reply({ text: 'sigo acá' }) });
    const user = harness.emulator.user({ firstName: 'Ana' });

    harness.emulator.injectRawUpdate(harness.bot.token, { callback_query: { id: 5, data: [] } });
    await user.sendText('hola');
    const [message] = await user.waitForMessages(1);

    expect(message?.text).toBe('sigo acá');
    await vi.waitFor(() => expect(harness?.webhook?.answers).toEqual([200, 200]));
  });

  it('handles one chat in order even when its updates arrive together', async () => {
    harness = await startHarness({
      mode: 'webhook',
      script: async (event) => {
        const text = event.kind === 'text' ? event.text : '';
        if (text === '1') await new Promise((resolve) => setTimeout(resolve, 150));
        return reply({ text: `eco ${text}` });
      },
    });
    const user = await openedChat(harness);
    const headers = { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET };

    await Promise.all(
      ['1', '2', '3'].map((text, index) => harness?.channel.handleWebhook({ headers, body: update(100 + index, user.chatId, text) })),
    );

    expect(harness.engine.events.slice(1).map((event) => (event.kind === 'text' ? event.text : ''))).toEqual(['1', '2', '3']);
    expect(
      user
        .botMessages()
        .slice(1)
        .map((message) => message.text),
    ).toEqual(['eco 1', 'eco 2', 'eco 3']);
  });

  it('handles an update Telegram delivers twice only once (the chat driver remembers its id)', async () => {
    harness = await startHarness({ mode: 'webhook', script: (event) => reply({ text: `eco ${event.kind === 'text' ? event.text : ''}` }) });
    const user = await openedChat(harness);
    const headers = { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET };

    const first = await harness.channel.handleWebhook({ headers, body: update(200, user.chatId, 'una vez') });
    const again = await harness.channel.handleWebhook({ headers, body: update(200, user.chatId, 'una vez') });

    expect([first.status, again.status]).toEqual([200, 200]);
    expect(harness.engine.events.map((event) => event.idempotencyKey).filter((key) => key === '200')).toHaveLength(1);
    expect(user.botMessages().filter((message) => message.text === 'eco una vez')).toHaveLength(1);
  });

  it('on stop, refuses new updates with 503 and waits for the ones being handled to be answered', async () => {
    let release = (): void => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    harness = await startHarness({
      mode: 'webhook',
      script: async (event) => {
        if (event.kind === 'text' && event.text === 'lento') await released;
        return reply({ text: `eco ${event.kind === 'text' ? event.text : ''}` });
      },
    });
    const user = await openedChat(harness);
    const headers = { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET };
    const channel = harness.channel;

    const pushed = channel.handleWebhook({ headers, body: update(300, user.chatId, 'lento') });
    await harness.engine.waitForEvents(2);
    let repliesWhenStopped: string[] = [];
    const stopped = channel.stop().then(() => {
      repliesWhenStopped = user.botMessages().map((message) => message.text ?? '');
    });
    const late = await channel.handleWebhook({ headers, body: update(301, user.chatId, 'tarde') });
    release();
    await stopped;

    expect(late.status).toBe(503);
    expect((await pushed).status).toBe(200);
    expect(repliesWhenStopped).toEqual(['eco hola', 'eco lento']);
  });

  it('answers 503 before start so Telegram delivers again later', async () => {
    harness = await startHarness({ mode: 'webhook', start: false });

    const answer = await harness.channel.handleWebhook({
      headers: { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
      body: update(1, 5, 'hola'),
    });

    expect(answer.status).toBe(503);
    expect(harness.engine.events).toEqual([]);
  });
});
