import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ChatPageState, type EmulatedBot, TelegramEmulator, type TgUpdate } from '../../src/telegram/index.js';
import { ok, PNG_1X1, until, webhookReceiver } from './helpers.js';

let emulator: TelegramEmulator;
let bot: EmulatedBot;
const PAGE_USER = 31337;

beforeEach(async () => {
  emulator = new TelegramEmulator({ chatPageUser: { id: PAGE_USER, firstName: 'Demo', languageCode: 'es' } });
  await emulator.start();
  bot = emulator.createBot({ username: 'demo_bot', firstName: 'Demo Shop' });
});

afterEach(async () => {
  await emulator.stop();
});

type StateAnswer = ChatPageState & { ok: boolean };

async function state(query = ''): Promise<StateAnswer> {
  const response = await fetch(`${emulator.apiRoot}/chat/api/state?bot=demo_bot${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as StateAnswer;
}

async function post(path: string, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${emulator.apiRoot}/chat/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ bot: 'demo_bot', ...body }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('browser chat page', () => {
  it('serves one self-contained HTML page with a strict CSP', async () => {
    const response = await fetch(emulator.chatUrl('demo_bot'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain('<style>');
    // No external assets of any kind.
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/url\(\s*['"]?https?:/i);
    expect(html).not.toMatch(/(src|href)=["']https?:/i);
    // The page's building blocks: language picker, reset, upload, composer.
    for (const id of ['lang', 'resetBtn', 'fileInput', 'composer', 'startBtn', 'messages']) expect(html).toContain(`id="${id}"`);
    const root = await fetch(`${emulator.apiRoot}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
  });

  it('lists bots and the page user', async () => {
    const response = await fetch(`${emulator.apiRoot}/chat/api/bots`);
    expect(await response.json()).toEqual({
      ok: true,
      bots: [{ username: 'demo_bot', firstName: 'Demo Shop' }],
      // Without a phone of its own, the page user has the demo's: a Buenos Aires mobile in E.164.
      user: { id: PAGE_USER, firstName: 'Demo', languageCode: 'es', phoneNumber: '+5491155550123' },
    });
  });

  it('round-trips text, formatted replies, buttons and taps through the JSON API', async () => {
    const empty = await state();
    expect(empty).toMatchObject({ ok: true, bot: { username: 'demo_bot', firstName: 'Demo Shop' }, messages: [] });

    expect((await post('send', { text: '/start' })).json).toMatchObject({ ok: true, messageId: 1 });
    const [update] = await ok<TgUpdate[]>(emulator, bot.token, 'getUpdates');
    expect(update?.message).toMatchObject({ text: '/start', from: { id: PAGE_USER, first_name: 'Demo', language_code: 'es' } });

    // Long poll: waits for the bot's reply, then answers at once.
    const before = await state();
    const waiting = state(`&since=${before.version}&wait=5000`);
    const started = Date.now();
    setTimeout(() => {
      void ok(emulator, bot.token, 'sendMessage', {
        chat_id: PAGE_USER,
        text: '<b>Hola</b> <i>Demo</i> <a href="https://shop.example/?a=1&amp;b=2">tienda</a>',
        parse_mode: 'HTML',
        reply_markup: {
          inline_keyboard: [
            [
              { text: 'Ver catálogo', callback_data: 'cat' },
              { text: 'Web', url: 'https://shop.example' },
            ],
          ],
        },
      });
    }, 50);
    const after = await waiting;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(after.version).toBeGreaterThan(before.version);
    const reply = after.messages[1];
    expect(reply).toMatchObject({ side: 'bot', edited: false });
    expect(reply?.html).toBe(
      '<b>Hola</b> <i>Demo</i> <a href="https://shop.example/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">tienda</a>',
    );
    expect(reply?.keyboard).toEqual([
      [
        { text: 'Ver catálogo', kind: 'callback' },
        { text: 'Web', kind: 'url', url: 'https://shop.example' },
      ],
    ]);

    expect((await post('tap', { messageId: reply?.id, row: 0, column: 0 })).json.ok).toBe(true);
    const updates = await ok<TgUpdate[]>(emulator, bot.token, 'getUpdates', { offset: (update?.update_id as number) + 1 });
    expect(updates[0]?.callback_query).toMatchObject({ data: 'cat', from: { id: PAGE_USER } });
    const badTap = await post('tap', { messageId: reply?.id, row: 5, column: 0 });
    expect(badTap.status).toBe(400);
    expect(String(badTap.json.error)).toContain('available: "Ver catálogo", "Web" (url)');

    // Edits show in place; callback answers become notices.
    await ok(emulator, bot.token, 'answerCallbackQuery', { callback_query_id: updates[0]?.callback_query?.id, text: 'Cargando…' });
    await ok(emulator, bot.token, 'editMessageText', { chat_id: PAGE_USER, message_id: reply?.id, text: 'Catálogo' });
    const edited = await state();
    expect(edited.messages[1]).toMatchObject({ id: reply?.id, html: 'Catálogo', edited: true });
    expect(edited.messages[1]?.keyboard).toBeUndefined();
    expect(edited.notices).toEqual([{ id: 1, text: 'Cargando…', alert: false }]);
  });

  it('shows the reply keyboard under the composer until the bot removes it', async () => {
    await post('send', { text: '/start' });
    await ok(emulator, bot.token, 'sendMessage', {
      chat_id: PAGE_USER,
      text: '¿Tu teléfono?',
      reply_markup: { keyboard: [[{ text: '📱 Compartir mi teléfono', request_contact: true }]], one_time_keyboard: true },
    });
    const asking = await state();
    const shareButton = { text: '📱 Compartir mi teléfono', kind: 'contact' };
    expect(asking.replyKeyboard).toEqual([[shareButton]]);

    await post('send', { text: '11 5555-1234' });
    const typed = await state();
    // Typing does not hide it: only the bot can take it away.
    expect(typed.replyKeyboard).toEqual([[shareButton]]);
    const waiting = state(`&since=${typed.version}&wait=5000`);
    await ok(emulator, bot.token, 'sendMessage', { chat_id: PAGE_USER, text: '✔️', reply_markup: { remove_keyboard: true } });
    const removed = await waiting;
    expect(removed.version).toBeGreaterThan(typed.version);
    expect(removed.replyKeyboard).toBeUndefined();
    expect(removed.messages.at(-1)).toMatchObject({ side: 'bot', html: '✔️' });
  });

  it("shares the page user's contact from a request_contact button: a contact bubble, message.contact for the bot", async () => {
    await post('send', { text: '/start' });
    await ok(emulator, bot.token, 'sendMessage', {
      chat_id: PAGE_USER,
      text: '¿Tu teléfono?',
      reply_markup: {
        keyboard: [[{ text: '📱 Compartir mi teléfono', request_contact: true }], [{ text: 'Ahora no' }]],
        one_time_keyboard: true,
      },
    });
    const asking = await state();
    expect(asking.user.phoneNumber).toBe('+5491155550123');
    expect(asking.replyKeyboard).toEqual([[{ text: '📱 Compartir mi teléfono', kind: 'contact' }], [{ text: 'Ahora no', kind: 'text' }]]);

    const shared = await post('keyboard', { text: '📱 Compartir mi teléfono' });
    expect(shared).toEqual({ status: 200, json: { ok: true, messageId: 3 } });
    const afterShare = await state();
    const bubble = afterShare.messages.at(-1);
    // A contact bubble (name and phone), not the label as text.
    expect(bubble).toMatchObject({ id: 3, side: 'user', contact: { name: 'Demo', phone: '+5491155550123' } });
    expect(bubble?.html).toBeUndefined();

    const updates = await ok<TgUpdate[]>(emulator, bot.token, 'getUpdates');
    const message = updates.at(-1)?.message;
    expect(message?.contact).toEqual({ phone_number: '+5491155550123', first_name: 'Demo', user_id: PAGE_USER });
    expect(message?.contact?.user_id).toBe(message?.from.id);
    expect(message?.text).toBeUndefined();

    // A plain button of the same keyboard still sends its label.
    await post('keyboard', { text: 'Ahora no' });
    const [plain] = await ok<TgUpdate[]>(emulator, bot.token, 'getUpdates', { offset: (updates.at(-1)?.update_id as number) + 1 });
    expect(plain?.message).toMatchObject({ text: 'Ahora no', from: { id: PAGE_USER } });
    expect(plain?.message?.contact).toBeUndefined();

    // The bot's next message takes the keyboard away; the contact bubble stays.
    await ok(emulator, bot.token, 'sendMessage', { chat_id: PAGE_USER, text: '✔️', reply_markup: { remove_keyboard: true } });
    const done = await state();
    expect(done.replyKeyboard).toBeUndefined();
    expect(done.messages.map((m) => m.contact?.phone ?? m.html)).toEqual(['/start', '¿Tu teléfono?', '+5491155550123', 'Ahora no', '✔️']);

    const missing = await post('keyboard', { text: '📱 Compartir mi teléfono' });
    expect(missing.status).toBe(400);
    expect(String(missing.json.error)).toContain('no reply keyboard is shown');
  });

  it('delivers the shared contact to a webhook with user_id equal to the sender', async () => {
    const receiver = await webhookReceiver([]);
    const custom = new TelegramEmulator({ chatPageUser: { id: 4040, firstName: 'Lucía', phoneNumber: '+5493515550199' } });
    await custom.start();
    try {
      const shopBot = custom.createBot({ username: 'hook_bot', firstName: 'Hook Shop' });
      await ok(custom, shopBot.token, 'setWebhook', { url: receiver.url });
      const send = (path: string, body: Record<string, unknown>) =>
        fetch(`${custom.apiRoot}/chat/api/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ bot: 'hook_bot', ...body }),
        });
      await send('send', { text: '/start' });
      await until(() => receiver.hits.length === 1);
      await ok(custom, shopBot.token, 'sendMessage', {
        chat_id: 4040,
        text: '¿Tu teléfono?',
        reply_markup: { keyboard: [[{ text: 'Compartir', request_contact: true }]] },
      });
      expect((await send('keyboard', { text: 'Compartir' })).status).toBe(200);
      await until(() => receiver.hits.length === 2);
      const update = receiver.hits[1]?.body as TgUpdate;
      expect(update.message).toMatchObject({
        from: { id: 4040, is_bot: false, first_name: 'Lucía' },
        chat: { id: 4040, type: 'private' },
        contact: { phone_number: '+5493515550199', first_name: 'Lucía', user_id: 4040 },
      });
      expect(update.message?.text).toBeUndefined();
    } finally {
      await custom.stop();
      await receiver.close();
    }
  });

  it('renders bot text safely: no markup injection, no script URLs', async () => {
    await post('send', { text: 'hola' });
    await ok(emulator, bot.token, 'sendMessage', { chat_id: PAGE_USER, text: '<script>alert(1)</script><img src=x onerror=alert(2)>' });
    await ok(emulator, bot.token, 'sendMessage', {
      chat_id: PAGE_USER,
      text: 'click "here" <now>',
      entities: [
        { type: 'text_link', offset: 0, length: 5, url: 'javascript:alert(3)' },
        { type: 'bold', offset: 6, length: 6 },
        { type: 'text_link', offset: 13, length: 5, url: 'https://ok.example/"onmouseover="x' },
      ],
    });
    const { messages } = await state();
    expect(messages[1]?.html).toBe('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(messages[2]?.html).toBe(
      'click <b>&quot;here&quot;</b> <a href="https://ok.example/&quot;onmouseover=&quot;x" target="_blank" rel="noopener noreferrer">&lt;now&gt;</a>',
    );
    await post('send', { text: '<b>yo</b>' });
    expect((await state()).messages[3]?.html).toBe('&lt;b&gt;yo&lt;/b&gt;');
  });

  it('uploads a photo from the page and serves its bytes for the bubble', async () => {
    const form = new FormData();
    form.append('bot', 'demo_bot');
    form.append('caption', 'mi foto');
    form.append('photo', new Blob([PNG_1X1], { type: 'image/png' }), 'foto.png');
    const response = await fetch(`${emulator.apiRoot}/chat/api/photo`, { method: 'POST', body: form });
    expect(await response.json()).toMatchObject({ ok: true });
    const { messages } = await state();
    expect(messages[0]).toMatchObject({ side: 'user', captionHtml: 'mi foto', photo: { width: 1, height: 1 } });
    const image = await fetch(`${emulator.apiRoot}${messages[0]?.photo?.url}`);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG_1X1)).toBe(true);
    const [update] = await ok<TgUpdate[]>(emulator, bot.token, 'getUpdates');
    expect(update?.message?.caption).toBe('mi foto');
    expect(update?.message?.photo?.[0]?.width).toBe(1);

    // Documents are offered as downloads, never rendered in the page's origin.
    await ok(emulator, bot.token, 'sendDocument', { chat_id: PAGE_USER, document: await htmlDocumentId() });
    const doc = (await state()).messages[1];
    expect(doc?.file).toMatchObject({ name: 'page.html', kind: 'document' });
    const download = await fetch(`${emulator.apiRoot}${doc?.file?.url}`);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="page.html"');
  });

  it('switches the language and resets the chat', async () => {
    expect((await post('language', { languageCode: 'en' })).json).toEqual({ ok: true, languageCode: 'en' });
    await post('send', { text: 'hello' });
    const [update] = await ok<TgUpdate[]>(emulator, bot.token, 'getUpdates');
    expect(update?.message?.from.language_code).toBe('en');
    expect((await state()).user.languageCode).toBe('en');
    expect((await post('language', { languageCode: 'english' })).status).toBe(400);

    expect((await post('reset', {})).json.ok).toBe(true);
    expect((await state()).messages).toEqual([]);
    expect((await post('send', { text: 'again' })).json.ok).toBe(true);
    expect((await state()).messages.map((m) => m.html)).toEqual(['again']);
  });

  it('reports unknown bots and bad requests as JSON errors', async () => {
    const unknown = await fetch(`${emulator.apiRoot}/chat/api/state?bot=nobody_bot`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ ok: false, error: 'unknown bot @nobody_bot' });
    expect((await post('send', { text: '   ' })).status).toBe(400);
  });
});

/** A document the bot uploaded earlier: HTML content that must not render inline. */
async function htmlDocumentId(): Promise<string> {
  const form = new FormData();
  form.append('chat_id', String(PAGE_USER));
  form.append('document', new Blob(['<script>alert(1)</script>'], { type: 'text/html' }), 'page.html');
  const response = await fetch(`${emulator.apiRoot}/bot${bot.token}/sendDocument`, { method: 'POST', body: form });
  const body = (await response.json()) as { result: { message_id: number; document: { file_id: string } } };
  await ok(emulator, bot.token, 'deleteMessage', { chat_id: PAGE_USER, message_id: body.result.message_id });
  return body.result.document.file_id;
}
