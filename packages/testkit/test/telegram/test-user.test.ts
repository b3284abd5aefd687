import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EmulatedBot, TelegramEmulator, type TgMessage, type TgUpdate } from '../../src/telegram/index.js';
import { ok, PNG_1X1, until, webhookReceiver } from './helpers.js';

let emulator: TelegramEmulator;
let bot: EmulatedBot;

beforeEach(async () => {
  emulator = new TelegramEmulator();
  await emulator.start();
  bot = emulator.createBot({ username: 'tienda_bot', firstName: 'Tienda' });
});

afterEach(async () => {
  await emulator.stop();
});

const keyboard = (...rows: Array<Array<[string, string]>>) => ({
  inline_keyboard: rows.map((row) => row.map(([text, callback_data]) => ({ text, callback_data }))),
});

describe('TelegramTestUser', () => {
  it('shows the transcript as the user sees it: edits in place, deleted messages gone', async () => {
    const user = emulator.user({ firstName: 'Ana', languageCode: 'es' });
    await user.sendText('hola');
    const a = await ok<TgMessage>(emulator, bot.token, 'sendMessage', {
      chat_id: user.chatId,
      text: 'Página 1',
      reply_markup: keyboard([['Siguiente', 'p2']]),
    });
    const b = await ok<TgMessage>(emulator, bot.token, 'sendMessage', { chat_id: user.chatId, text: 'aviso temporal' });
    await ok(emulator, bot.token, 'editMessageText', { chat_id: user.chatId, message_id: a.message_id, text: 'Página 2' });
    await ok(emulator, bot.token, 'deleteMessage', { chat_id: user.chatId, message_id: b.message_id });

    const transcript = user.messages();
    expect(transcript.map((m) => [m.from.is_bot, m.text])).toEqual([
      [false, 'hola'],
      [true, 'Página 2'],
    ]);
    expect(transcript[1]?.edit_date).toBeGreaterThan(0);
    // The edit dropped the keyboard because none was given, as in Telegram.
    expect(transcript[1]?.reply_markup).toBeUndefined();
    expect(user.lastMessage()?.text).toBe('Página 2');
    expect(user.transcriptText()).toContain('bot: "Página 2" (edited)');
  });

  it('waits for a number of bot messages since the last user action', async () => {
    const user = emulator.user({ firstName: 'Ana' });
    await user.sendText('precio?');
    setTimeout(() => {
      void ok(emulator, bot.token, 'sendMessage', { chat_id: user.chatId, text: 'uno' }).then(() =>
        ok(emulator, bot.token, 'sendMessage', { chat_id: user.chatId, text: 'dos' }),
      );
    }, 20);
    const replies = await user.waitForMessages(2, { timeoutMs: 2000 });
    expect(replies.map((m) => m.text)).toEqual(['uno', 'dos']);
    // The calls behind the replies are already recorded when the wait ends.
    expect(emulator.calls('sendMessage').map((call) => [call.status, call.params.text])).toEqual([
      [200, 'uno'],
      [200, 'dos'],
    ]);

    // A new user action moves the mark: older replies no longer count.
    await user.sendText('otra');
    await expect(user.waitForMessages(1, { timeoutMs: 80 })).rejects.toThrow(
      /timed out after 80 ms waiting for 1 bot message\(s\) from @tienda_bot[\s\S]*user: "otra"/,
    );
  });

  it('waits with a predicate that also sees edits', async () => {
    const user = emulator.user({ firstName: 'Ana' });
    await user.sendText('/start');
    const menu = await ok<TgMessage>(emulator, bot.token, 'sendMessage', {
      chat_id: user.chatId,
      text: 'Menú',
      reply_markup: keyboard([['Ofertas', 'offers']]),
    });
    await user.tapButton('Ofertas');
    setTimeout(
      () => void ok(emulator, bot.token, 'editMessageText', { chat_id: user.chatId, message_id: menu.message_id, text: 'Ofertas: 2x1' }),
      20,
    );
    const [edited] = await user.waitForMessages((m) => m.text?.startsWith('Ofertas') ?? false);
    expect(edited?.message_id).toBe(menu.message_id);
  });

  it('taps inline buttons and reports the labels when the button is missing', async () => {
    const user = emulator.user({ firstName: 'Ana' });
    await user.sendText('/start');
    await ok(emulator, bot.token, 'sendMessage', {
      chat_id: user.chatId,
      text: 'Elegí',
      reply_markup: {
        inline_keyboard: [
          [
            { text: 'Zapatillas', callback_data: 'cat:1' },
            { text: 'Web', url: 'https://shop.example' },
          ],
          [{ text: 'Remeras', callback_data: 'cat:2' }],
        ],
      },
    });
    const query = await user.tapButton(/remeras/i);
    expect(query.data).toBe('cat:2');
    const tapAt = await user.tapButton((_, position) => position.row === 0 && position.column === 0);
    expect(tapAt.data).toBe('cat:1');

    const updates = await ok<TgUpdate[]>(emulator, bot.token, 'getUpdates');
    const callback = updates.find((u) => u.callback_query)?.callback_query;
    expect(callback).toMatchObject({
      id: query.id,
      from: { id: user.id, is_bot: false },
      data: 'cat:2',
      chat_instance: expect.any(String),
      message: { text: 'Elegí', chat: { id: user.chatId } },
    });
    const ids = updates.map((u) => u.update_id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(ids.length);

    await expect(user.tapButton('Pantalones')).rejects.toThrow(
      'no inline button matching "Pantalones" on message #2; available: "Zapatillas", "Web" (url), "Remeras"',
    );
    await expect(user.tapButton('Web')).rejects.toThrow(/URL button \(https:\/\/shop.example\)/);

    await ok(emulator, bot.token, 'sendMessage', { chat_id: user.chatId, text: 'sin botones' });
    await expect(user.tapButton('Remeras')).rejects.toThrow(/that message has no inline keyboard/);
    // An explicit message still works.
    expect((await user.tapButton('Remeras', { message: 2 })).data).toBe('cat:2');
  });

  it('collects callback answers and waits for one', async () => {
    const user = emulator.user({ firstName: 'Ana' });
    await user.sendText('/start');
    await ok(emulator, bot.token, 'sendMessage', { chat_id: user.chatId, text: '¿Agregar?', reply_markup: keyboard([['Sí', 'add']]) });
    const query = await user.tapButton('Sí');
    setTimeout(() => void ok(emulator, bot.token, 'answerCallbackQuery', { callback_query_id: query.id, text: 'Agregado' }), 20);
    const answer = await user.waitForCallbackAnswer();
    expect(answer).toMatchObject({ callbackQueryId: query.id, data: 'add', text: 'Agregado', showAlert: false });
    expect(user.callbackAnswers()).toHaveLength(1);
  });

  it('sends photos, documents, contacts and locations with Bot API shapes', async () => {
    const user = emulator.user({ id: 9001, firstName: 'Ana', lastName: 'Paz', username: 'anapaz', languageCode: 'en' });
    const photo = await user.sendPhoto(PNG_1X1, { caption: 'mi zapatilla' });
    expect(photo.photo).toEqual([
      { file_id: expect.any(String), file_unique_id: expect.any(String), width: 1, height: 1, file_size: PNG_1X1.length },
    ]);
    expect(emulator.file(photo.photo?.[0]?.file_id as string)?.bytes.equals(PNG_1X1)).toBe(true);
    const doc = await user.sendDocument(Buffer.from('a,b'), { fileName: 'lista.csv' });
    expect(doc.document).toMatchObject({ file_name: 'lista.csv', mime_type: 'text/csv', file_size: 3 });
    const contact = await user.sendContact({ phoneNumber: '+5491100000000' });
    expect(contact.contact).toEqual({ phone_number: '+5491100000000', first_name: 'Ana', last_name: 'Paz', user_id: 9001 });
    const location = await user.sendLocation({ latitude: -34.6, longitude: -58.38 });
    expect(location.location).toEqual({ latitude: -34.6, longitude: -58.38 });

    const updates = await ok<TgUpdate[]>(emulator, bot.token, 'getUpdates');
    expect(updates).toHaveLength(4);
    expect(updates[0]?.message?.from).toEqual({
      id: 9001,
      is_bot: false,
      first_name: 'Ana',
      last_name: 'Paz',
      username: 'anapaz',
      language_code: 'en',
    });
    expect(updates[0]?.message?.chat).toEqual({ id: 9001, type: 'private', first_name: 'Ana', last_name: 'Paz', username: 'anapaz' });
    // The bot can download what the user sent.
    const file = await ok<{ file_path: string }>(emulator, bot.token, 'getFile', { file_id: photo.photo?.[0]?.file_id });
    const bytes = Buffer.from(await (await fetch(`${emulator.apiRoot}/file/bot${bot.token}/${file.file_path}`)).arrayBuffer());
    expect(bytes.equals(PNG_1X1)).toBe(true);
  });

  it('presses reply-keyboard buttons as Telegram does: the own contact for request_contact, the label for plain buttons', async () => {
    const user = emulator.user({ id: 9002, firstName: 'Ana', lastName: 'Paz', languageCode: 'es', phoneNumber: '+5491166667777' });
    expect(user.phoneNumber).toBe('+5491166667777');
    await user.sendText('/start');
    await ok(emulator, bot.token, 'sendMessage', {
      chat_id: user.chatId,
      text: '¿Tu teléfono?',
      reply_markup: {
        keyboard: [[{ text: '📱 Compartir mi teléfono', request_contact: true }], [{ text: 'Cancelar' }]],
        one_time_keyboard: true,
        resize_keyboard: true,
      },
    });

    const shared = await user.pressKeyboardButton('📱 Compartir mi teléfono');
    expect(shared.text).toBeUndefined();
    expect(shared.contact).toEqual({ phone_number: '+5491166667777', first_name: 'Ana', last_name: 'Paz', user_id: 9002 });
    const plain = await user.pressKeyboardButton('Cancelar');
    expect(plain.text).toBe('Cancelar');
    expect(plain.contact).toBeUndefined();

    const updates = await ok<TgUpdate[]>(emulator, bot.token, 'getUpdates');
    expect(updates.map((update) => update.message?.text ?? update.message?.contact?.phone_number)).toEqual([
      '/start',
      '+5491166667777',
      'Cancelar',
    ]);
    const contactMessage = updates[1]?.message;
    expect(contactMessage).toMatchObject({
      from: { id: 9002, is_bot: false, first_name: 'Ana', last_name: 'Paz', language_code: 'es' },
      chat: { id: 9002, type: 'private' },
      contact: { phone_number: '+5491166667777', first_name: 'Ana', last_name: 'Paz', user_id: 9002 },
    });
    expect(contactMessage?.contact?.user_id).toBe(contactMessage?.from.id);
    expect(user.transcriptText()).toContain('user: [contact +5491166667777]');

    await expect(user.pressKeyboardButton('Compartir')).rejects.toThrow(
      'no reply keyboard button "Compartir"; available: "📱 Compartir mi teléfono", "Cancelar"',
    );
  });

  it('delivers a pressed request_contact button to a webhook as message.contact', async () => {
    const receiver = await webhookReceiver([]);
    try {
      const user = emulator.user({ id: 9003, firstName: 'Mario' });
      await ok(emulator, bot.token, 'setWebhook', { url: receiver.url });
      await user.sendText('hola');
      await until(() => receiver.hits.length === 1);
      await ok(emulator, bot.token, 'sendMessage', {
        chat_id: user.chatId,
        text: '¿Tu teléfono?',
        reply_markup: { keyboard: [[{ text: 'Compartir', request_contact: true }]] },
      });
      await user.pressKeyboardButton('Compartir');
      await until(() => receiver.hits.length === 2);
      const update = receiver.hits[1]?.body as TgUpdate;
      // No phone given: a Buenos Aires mobile made of the id's last 8 digits.
      expect(update.message?.contact).toEqual({ phone_number: '+5491100009003', first_name: 'Mario', user_id: 9003 });
      expect(update.message?.from.id).toBe(9003);
      expect(update.message?.text).toBeUndefined();
    } finally {
      await receiver.close();
    }
  });

  it('shares a location for request_location buttons and refuses picker buttons it cannot emulate', async () => {
    const user = emulator.user({ id: 9004, firstName: 'Ana' });
    await user.sendText('/start');
    await ok(emulator, bot.token, 'sendMessage', {
      chat_id: user.chatId,
      text: '¿Dónde estás?',
      reply_markup: {
        keyboard: [
          [
            { text: '📍 Mi ubicación', request_location: true },
            { text: 'Elegir chat', request_chat: { request_id: 1, chat_is_channel: false } },
          ],
        ],
      },
    });
    const here = await user.pressKeyboardButton('📍 Mi ubicación');
    expect(here.location).toEqual({ latitude: -34.603722, longitude: -58.381592 });
    const there = await user.pressKeyboardButton('📍 Mi ubicación', { location: { latitude: -31.42, longitude: -64.18 } });
    expect(there.location).toEqual({ latitude: -31.42, longitude: -64.18 });
    await expect(user.pressKeyboardButton('Elegir chat')).rejects.toThrow(/opens a picker or web app/);
    expect(user.messages().map((m) => m.text ?? (m.location ? 'location' : '?'))).toEqual([
      '/start',
      '¿Dónde estás?',
      'location',
      'location',
    ]);
  });

  it('changes language, blocks and unblocks with my_chat_member updates', async () => {
    const user = emulator.user({ firstName: 'Ana', languageCode: 'es' });
    await user.sendText('hola');
    user.setLanguage('en');
    await user.sendText('hello');
    user.block();
    user.unblock();
    const updates = await ok<TgUpdate[]>(emulator, bot.token, 'getUpdates');
    expect(updates.map((u) => u.message?.from.language_code ?? u.my_chat_member?.new_chat_member.status)).toEqual([
      'es',
      'en',
      'kicked',
      'member',
    ]);
  });

  it('requires a bot choice when several bots exist, and keeps one chat per user and bot', async () => {
    const second = emulator.createBot({ username: 'otro_bot', firstName: 'Otro' });
    expect(() => emulator.user({ firstName: 'Ana' })).toThrow(/several bots are registered/);
    const withFirst = emulator.user({ id: 77, firstName: 'Ana', bot: 'tienda_bot' });
    const withSecond = emulator.user({ id: 77, firstName: 'Ana', bot: second.token });
    await withFirst.sendText('a la tienda');
    await withSecond.sendText('al otro');
    expect(emulator.pendingUpdates('tienda_bot')).toHaveLength(1);
    expect(emulator.pendingUpdates('@otro_bot')).toHaveLength(1);
    expect(withFirst.messages().map((m) => m.text)).toEqual(['a la tienda']);
    expect(emulator.user({ id: 77, firstName: 'Ana', bot: 'tienda_bot' }).messages()).toHaveLength(1);
  });
});
