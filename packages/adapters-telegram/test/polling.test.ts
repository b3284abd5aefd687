import { AdapterError, type InboundEvent } from '@mostrador/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTelegramChannel, TELEGRAM_CAPABILITIES } from '../src/index.js';
import { type Harness, pngBytes, reply, startHarness } from './support/harness.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const rejection = async (work: Promise<unknown>): Promise<AdapterError> => {
  const error = await work.then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(AdapterError);
  return error as AdapterError;
};

describe('TelegramChannel in polling mode, against the Bot API emulator', () => {
  it('hands a text to the engine and delivers its answer', async () => {
    harness = await startHarness({ script: (event) => reply({ text: `Recibí: ${event.kind === 'text' ? event.text : '?'}` }) });
    const ana = harness.emulator.user({ firstName: 'Ana', lastName: 'Pérez', languageCode: 'es-AR' });

    await ana.sendText('hola');
    const [answer] = await ana.waitForMessages(1);

    expect(answer?.text).toBe('Recibí: hola');
    const [event] = harness.engine.events;
    const [update] = harness.emulator
      .calls('getUpdates')
      .flatMap((call) => (call.response.ok ? (call.response.result as { update_id: number }[]) : []));
    expect(event).toMatchObject({
      channel: 'telegram',
      kind: 'text',
      text: 'hola',
      chatId: String(ana.chatId),
      user: { id: String(ana.id), displayName: 'Ana Pérez', languageHint: 'es-AR' },
      idempotencyKey: String(update?.update_id),
    });
    expect(harness.engine.capabilitiesSeen[0]).toEqual(TELEGRAM_CAPABILITIES);
  });

  it('turns /start with a deep link and other commands into start and command events', async () => {
    harness = await startHarness();
    const user = harness.emulator.user({ firstName: 'Ana' });

    await user.sendCommand('start', 'promo_verano');
    await user.sendText('/buscar remera roja');
    await user.sendText('/menu@mostrador_test_bot');
    const events = await harness.engine.waitForEvents(3);

    expect(
      events.map(({ kind, ...rest }) => ({
        kind,
        ...('deepLink' in rest ? { deepLink: rest.deepLink } : {}),
        ...('command' in rest ? { command: rest.command, args: rest.args } : {}),
      })),
    ).toEqual([
      { kind: 'start', deepLink: 'promo_verano' },
      { kind: 'command', command: 'buscar', args: 'remera roja' },
      { kind: 'command', command: 'menu', args: '' },
    ]);
  });

  it('sends a tapped button as a choice on its message, answers the tap with the toast, and edits in place when paging', async () => {
    harness = await startHarness({
      script: (event) => {
        if (event.kind === 'choice') {
          return {
            messages: [
              {
                text: '*Página 2* de 2',
                choices: [[{ id: 'page:1', label: '« Anterior' }]],
                ...(event.messageRef ? { replaces: event.messageRef } : {}),
              },
            ],
            toast: 'Página 2',
          };
        }
        return reply({
          text: '*Página 1* de 2',
          choices: [
            [
              { id: 'page:2', label: 'Siguiente »' },
              { url: 'https://example.com/catalogo', label: 'Web' },
            ],
          ],
        });
      },
    });
    const user = harness.emulator.user({ firstName: 'Ana' });
    await user.sendText('catálogo');
    const [first] = await user.waitForMessages(1);
    expect(first?.reply_markup?.inline_keyboard).toEqual([
      [
        { text: 'Siguiente »', callback_data: 'page:2' },
        { text: 'Web', url: 'https://example.com/catalogo' },
      ],
    ]);

    await user.tapButton('Siguiente »');
    const answer = await user.waitForCallbackAnswer();
    const [edited] = await user.waitForMessages((message) => message.edit_date !== undefined);

    const choice = harness.engine.events[1] as Extract<InboundEvent, { kind: 'choice' }>;
    expect(choice).toMatchObject({ kind: 'choice', choiceId: 'page:2', messageRef: `${user.chatId}:${first?.message_id}` });
    expect(answer.text).toBe('Página 2');
    expect(edited?.message_id).toBe(first?.message_id);
    expect(edited?.text).toBe('Página 2 de 2');
    expect(edited?.reply_markup?.inline_keyboard).toEqual([[{ text: '« Anterior', callback_data: 'page:1' }]]);
    expect(user.botMessages()).toHaveLength(1);
    // The emulator records a call once it has answered it.
    await vi.waitFor(() => expect(harness?.emulator.calls('editMessageText')).toHaveLength(1));
  });

  it('answers a tap even when the engine has no toast, and says "not modified" is no error', async () => {
    harness = await startHarness({
      script: (event) =>
        event.kind === 'choice'
          ? reply({ text: 'Igual', replaces: event.messageRef ?? '' })
          : reply({ text: 'Igual', choices: [[{ id: 'same', label: 'Otra vez' }]] }),
    });
    const user = harness.emulator.user({ firstName: 'Ana' });
    await user.sendText('hola');
    await user.waitForMessages(1);

    await user.tapButton('Otra vez');
    const answer = await user.waitForCallbackAnswer();
    await harness.engine.waitForEvents(2);

    expect(answer.text).toBeUndefined();
    // The new content equals the old except for the keyboard, which the edit removes.
    await vi.waitFor(() => expect(harness?.emulator.calls('editMessageText').map((call) => call.status)).toEqual([200]));
    const receipt = await harness.channel.send(String(user.chatId), {
      text: 'Igual',
      replaces: `${user.chatId}:${user.lastMessage()?.message_id}`,
    });
    expect(receipt.messageRef).toBe(`${user.chatId}:${user.lastMessage()?.message_id}`);
    expect(harness.emulator.calls('editMessageText')[1]?.response).toMatchObject({
      ok: false,
      description: expect.stringMatching(/not modified/),
    });
    expect(harness.logger.lines.filter((line) => line.startsWith('error'))).toEqual([]);
  });

  it('sends a new message when the one to edit is gone', async () => {
    harness = await startHarness();
    const user = harness.emulator.user({ firstName: 'Ana' });
    await user.sendText('hola');
    await harness.engine.waitForEvents(1);

    const receipt = await harness.channel.send(String(user.chatId), { text: 'Nueva', replaces: `${user.chatId}:999` });

    expect(user.lastMessage()?.text).toBe('Nueva');
    expect(receipt.messageRef).toBe(`${user.chatId}:${user.lastMessage()?.message_id}`);
  });

  it('uploads a catalog image once, then reuses the file id Telegram gave it', async () => {
    harness = await startHarness();
    const imageId = await harness.images.put(pngBytes(64), 'image/png');
    const user = harness.emulator.user({ firstName: 'Ana' });
    await user.sendText('hola');
    await harness.engine.waitForEvents(1);
    const chatId = String(user.chatId);

    await harness.channel.send(chatId, { text: '*Remera* $ 12.000', imageId, choices: [[{ id: 'add:1', label: 'Agregar' }]] });
    await harness.channel.send(chatId, { text: 'Otra vez la remera', imageId });

    const [upload, reuse] = harness.emulator.calls('sendPhoto');
    expect(upload?.files).toHaveLength(1);
    expect(typeof reuse?.params.photo).toBe('string');
    expect(reuse?.files).toEqual([]);
    const sentPhoto = (upload?.response as { result: { photo: { file_id: string; width: number }[] } } | undefined)?.result.photo ?? [];
    const largest = [...sentPhoto].sort((a, b) => a.width - b.width).pop();
    expect(reuse?.params.photo).toBe(largest?.file_id);
    expect(await harness.settings.get(`telegram.file.${harness.bot.id}.${imageId}`)).toBe(largest?.file_id);
    const [card, again] = user.botMessages();
    expect(card?.caption).toBe('Remera $ 12.000');
    expect(card?.reply_markup?.inline_keyboard[0]?.[0]?.callback_data).toBe('add:1');
    expect(again?.photo).toBeDefined();
  });

  it('uploads again when the cached file id is no longer valid', async () => {
    harness = await startHarness();
    const imageId = await harness.images.put(pngBytes(), 'image/png');
    await harness.settings.set(`telegram.file.${harness.bot.id}.${imageId}`, 'AgACAgEAAxkBAAIBforgotten');
    const user = harness.emulator.user({ firstName: 'Ana' });
    await user.sendText('hola');
    await harness.engine.waitForEvents(1);

    await harness.channel.send(String(user.chatId), { text: 'Remera', imageId });

    const calls = harness.emulator.calls('sendPhoto');
    expect(calls.map((call) => call.status)).toEqual([400, 200]);
    expect(calls[1]?.files).toHaveLength(1);
    expect(user.lastMessage()?.photo).toBeDefined();
  });

  it('sends a photo whose text exceeds a caption as the photo with the beginning, then the rest', async () => {
    harness = await startHarness();
    const imageId = await harness.images.put(pngBytes(), 'image/png');
    const user = harness.emulator.user({ firstName: 'Ana' });
    await user.sendText('hola');
    await harness.engine.waitForEvents(1);
    const paragraph = 'Tela de algodón peinado, costuras reforzadas y talles del S al XXL. '.repeat(10).trim();
    const text = `*Remera clásica*\n${paragraph}\n${paragraph}`;

    await harness.channel.send(String(user.chatId), { text, imageId, choices: [[{ id: 'add:1', label: 'Agregar' }]] });

    const [photo, rest] = user.botMessages();
    expect(photo?.caption?.length).toBeLessThanOrEqual(1024);
    expect(photo?.caption?.startsWith('Remera clásica\n')).toBe(true);
    expect(photo?.reply_markup).toBeUndefined();
    expect(rest?.text).toBeDefined();
    expect(`${photo?.caption}\n${rest?.text}`).toBe(text.replaceAll('*', ''));
    expect(rest?.reply_markup?.inline_keyboard[0]?.[0]?.text).toBe('Agregar');
  });

  it('splits a text longer than 4096 characters, keyboard on the last part', async () => {
    harness = await startHarness();
    const user = harness.emulator.user({ firstName: 'Ana' });
    await user.sendText('hola');
    await harness.engine.waitForEvents(1);
    const line = `${'x'.repeat(99)}\n`;

    const receipt = await harness.channel.send(String(user.chatId), { text: line.repeat(50), choices: [[{ id: 'ok', label: 'OK' }]] });

    const messages = user.botMessages();
    expect(messages).toHaveLength(2);
    expect(messages.every((message) => (message.text?.length ?? 0) <= 4096)).toBe(true);
    expect(messages[0]?.reply_markup).toBeUndefined();
    expect(messages[1]?.reply_markup?.inline_keyboard[0]?.[0]?.text).toBe('OK');
    expect(receipt.messageRef).toBe(`${user.chatId}:${messages[1]?.message_id}`);
  });

  it('sends documents with their file name', async () => {
    harness = await startHarness();
    const user = harness.emulator.user({ firstName: 'Ana' });
    await user.sendText('hola');
    await harness.engine.waitForEvents(1);
    const pdf = new TextEncoder().encode('%PDF-1.4\n% factura\n');

    await harness.channel.send(String(user.chatId), {
      text: 'Tu factura *B 0001-00000042*',
      document: { fileName: 'factura-42.pdf', mimeType: 'application/pdf', bytes: pdf },
    });

    const [call] = harness.emulator.calls('sendDocument');
    expect(call?.files[0]).toMatchObject({ filename: 'factura-42.pdf', size: pdf.byteLength });
    const message = user.lastMessage();
    expect(message?.document?.file_name).toBe('factura-42.pdf');
    expect(message?.caption).toBe('Tu factura B 0001-00000042');
    expect(harness.emulator.file(message?.document?.file_id ?? '')?.size).toBe(pdf.byteLength);
  });

  it('shows product names with <, > and & literally, formats bold and links, and drops unsafe links', async () => {
    harness = await startHarness({
      script: () => reply({ text: '*Remera <b>Oferta</b> & Co*\n[Ver](https://example.com/p?a=1&b=2) [x](javascript:void)' }),
    });
    const user = harness.emulator.user({ firstName: 'Ana' });

    await user.sendText('remera');
    const [message] = await user.waitForMessages(1);

    expect(message?.text).toBe('Remera <b>Oferta</b> & Co\nVer x');
    expect(message?.entities).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'bold', offset: 0, length: 'Remera <b>Oferta</b> & Co'.length }),
        expect.objectContaining({ type: 'text_link', url: 'https://example.com/p?a=1&b=2' }),
      ]),
    );
    expect(message?.entities?.filter((entity) => entity.type === 'text_link')).toHaveLength(1);
  });

  it('hands photos over as images that download within the limit and are refused above it', async () => {
    harness = await startHarness();
    const user = harness.emulator.user({ firstName: 'Ana' });
    const bytes = pngBytes(2000);

    await user.sendPhoto(bytes, { caption: '¿tienen esta?' });
    const [event] = await harness.engine.waitForEvents(1);

    expect(event).toMatchObject({ kind: 'image', caption: '¿tienen esta?', sizeBytes: bytes.byteLength });
    const fileRef = (event as Extract<InboundEvent, { kind: 'image' }>).fileRef;
    expect(Buffer.from(await harness.channel.downloadFile(fileRef, 1024 * 1024))).toEqual(Buffer.from(bytes));
    const refused = await rejection(harness.channel.downloadFile(fileRef, 1000));
    expect(refused.code).toBe('CHANNEL.FILE_TOO_BIG');
    expect(harness.emulator.calls((call) => call.method === 'getFile')).toHaveLength(2);
  });

  it('turns shared contacts and locations into events', async () => {
    harness = await startHarness();
    const user = harness.emulator.user({ firstName: 'Ana', lastName: 'Gómez' });

    await user.sendContact({ phoneNumber: '+5491122223333' });
    await user.sendLocation({ latitude: -34.6037, longitude: -58.3816 });
    const [contact, location] = await harness.engine.waitForEvents(2);

    expect(contact).toMatchObject({ kind: 'contact', phone: '+5491122223333', name: 'Ana Gómez' });
    expect(location).toMatchObject({ kind: 'location', latitude: -34.6037, longitude: -58.3816 });
  });

  it('offers the "share my phone number" button, beside the inline buttons when there are some', async () => {
    harness = await startHarness();
    const user = harness.emulator.user({ firstName: 'Ana', lastName: 'Gómez' });
    await user.sendText('hola');
    await harness.engine.waitForEvents(1);
    const chatId = String(user.chatId);

    const alone = await harness.channel.send(chatId, { text: '¿Tu teléfono?', requestContact: 'Compartir mi número' });
    const withChoices = await harness.channel.send(chatId, {
      text: '¿Tu teléfono?',
      choices: [[{ id: 'back', label: 'Volver' }]],
      requestContact: 'Compartir mi número',
    });
    await user.sendContact({ phoneNumber: '+5491122223333' });
    const [, contact] = await harness.engine.waitForEvents(2);

    const [first, second, label] = user.botMessages();
    expect(alone.messageRef).toBe(`${chatId}:${first?.message_id}`);
    expect(withChoices.messageRef).toBe(`${chatId}:${second?.message_id}`);
    expect(second?.reply_markup?.inline_keyboard).toEqual([[{ text: 'Volver', callback_data: 'back' }]]);
    expect(label?.text).toBe('Compartir mi número');
    expect(user.replyKeyboard()?.keyboard).toEqual([[expect.objectContaining({ text: 'Compartir mi número', request_contact: true })]]);
    expect(harness.emulator.calls('sendMessage')[0]?.params.reply_markup).toMatchObject({ keyboard: [[{ request_contact: true }]] });
    expect(contact).toMatchObject({ kind: 'contact', phone: '+5491122223333', name: 'Ana Gómez' });
  });

  it('takes the "share my phone number" keyboard away with remove_keyboard on a message without buttons', async () => {
    harness = await startHarness();
    const user = harness.emulator.user({ firstName: 'Ana' });
    await user.sendText('hola');
    await harness.engine.waitForEvents(1);
    const chatId = String(user.chatId);
    await harness.channel.send(chatId, { text: '¿Tu teléfono?', requestContact: 'Compartir mi número' });
    expect(user.replyKeyboard()).toBeDefined();

    const receipt = await harness.channel.send(chatId, { text: 'Listo, *anotado*.', endsContactRequest: true });

    expect(user.replyKeyboard()).toBeUndefined();
    const [, done] = user.botMessages();
    expect(done?.text).toBe('Listo, anotado.');
    expect(receipt.messageRef).toBe(`${chatId}:${done?.message_id}`);
    expect(user.botMessages()).toHaveLength(2);
    expect(harness.emulator.calls('sendMessage').map((call) => call.params.reply_markup)).toEqual([
      expect.objectContaining({ keyboard: [[expect.objectContaining({ request_contact: true })]] }),
      { remove_keyboard: true },
    ]);
  });

  it('with inline buttons, removes the keyboard on a short message first and keeps the buttons (and their edits) on the message', async () => {
    harness = await startHarness();
    const user = harness.emulator.user({ firstName: 'Ana' });
    await user.sendText('hola');
    await harness.engine.waitForEvents(1);
    const chatId = String(user.chatId);
    await harness.channel.send(chatId, { text: '¿Tu teléfono?', requestContact: 'Compartir mi número' });

    const receipt = await harness.channel.send(chatId, {
      text: '¿Cómo querés recibir el pedido?',
      choices: [[{ id: 'pickup', label: 'Retiro' }], [{ id: 'ship', label: 'Envío' }]],
      endsContactRequest: true,
    });

    expect(user.replyKeyboard()).toBeUndefined();
    const [, removal, question] = user.botMessages();
    expect(removal?.text).toBe('✔️');
    expect(removal?.reply_markup).toBeUndefined();
    expect(question?.text).toBe('¿Cómo querés recibir el pedido?');
    expect(question?.reply_markup?.inline_keyboard.flat().map((button) => button.text)).toEqual(['Retiro', 'Envío']);
    expect(receipt.messageRef).toBe(`${chatId}:${question?.message_id}`);
    // The message with the buttons was not sent with the removal, so it can still be edited in place.
    const edited = await harness.channel.send(chatId, {
      text: 'Retiro en el local',
      choices: [[{ id: 'back', label: 'Volver' }]],
      replaces: receipt.messageRef,
    });
    expect(edited.messageRef).toBe(receipt.messageRef);
    expect(user.botMessages()).toHaveLength(3);
    expect(user.lastMessage()?.text).toBe('Retiro en el local');
  });

  it('puts the removal on the first part when the buttons ride on a later one, and before an edit', async () => {
    harness = await startHarness();
    const imageId = await harness.images.put(pngBytes(), 'image/png');
    const user = harness.emulator.user({ firstName: 'Ana' });
    await user.sendText('hola');
    await harness.engine.waitForEvents(1);
    const chatId = String(user.chatId);
    const paragraph = 'Tela de algodón peinado, costuras reforzadas y talles del S al XXL. '.repeat(10).trim();
    await harness.channel.send(chatId, { text: '¿Tu teléfono?', requestContact: 'Compartir mi número' });

    await harness.channel.send(chatId, {
      text: `*Remera*\n${paragraph}\n${paragraph}`,
      imageId,
      choices: [[{ id: 'add', label: 'Agregar' }]],
      endsContactRequest: true,
    });
    expect(user.replyKeyboard()).toBeUndefined();
    const [, photo, rest] = user.botMessages();
    expect(photo?.photo).toBeDefined();
    expect(rest?.reply_markup?.inline_keyboard[0]?.[0]?.text).toBe('Agregar');
    expect(user.botMessages()).toHaveLength(3);
    // The photo is uploaded (multipart), so its reply_markup arrives as JSON text.
    expect(JSON.parse(String(harness.emulator.calls('sendPhoto')[0]?.params.reply_markup))).toEqual({ remove_keyboard: true });

    // An edit cannot take the keyboard away: a short message does, and the edit goes on.
    await harness.channel.send(chatId, { text: '¿Tu teléfono?', requestContact: 'Compartir mi número' });
    const target = `${chatId}:${rest?.message_id}`;
    const receipt = await harness.channel.send(chatId, {
      text: 'Otra página',
      choices: [[{ id: 'next', label: 'Siguiente' }]],
      replaces: target,
      endsContactRequest: true,
    });
    expect(receipt.messageRef).toBe(target);
    expect(user.replyKeyboard()).toBeUndefined();
    expect(user.lastMessage()?.text).toBe('✔️');
    expect(user.botMessages().find((message) => message.message_id === rest?.message_id)?.text).toBe('Otra página');
  });

  it('ignores the removal on a message that asks for the contact again', async () => {
    harness = await startHarness();
    const user = harness.emulator.user({ firstName: 'Ana' });
    await user.sendText('hola');
    await harness.engine.waitForEvents(1);

    await harness.channel.send(String(user.chatId), {
      text: '¿Tu teléfono?',
      requestContact: 'Compartir mi número',
      endsContactRequest: true,
    });

    expect(user.replyKeyboard()?.keyboard).toEqual([[expect.objectContaining({ request_contact: true })]]);
    expect(user.botMessages()).toHaveLength(1);
  });

  it('waits out a 429 and then delivers', async () => {
    harness = await startHarness({ script: () => reply({ text: 'Listo' }) });
    const user = harness.emulator.user({ firstName: 'Ana' });
    harness.emulator.failNext('sendMessage', { retryAfter: 1 });

    await user.sendText('hola');
    const [message] = await user.waitForMessages(1, { timeoutMs: 5000 });

    expect(message?.text).toBe('Listo');
    await vi.waitFor(() => expect(harness?.emulator.calls('sendMessage').map((call) => call.status)).toEqual([429, 200]));
  });

  it('paces a burst to one chat within the limit instead of hitting 429s', async () => {
    harness = await startHarness({ options: { throttle: { globalPerSecond: 30, perChatPerSecond: 4 } } });
    const user = harness.emulator.user({ firstName: 'Ana' });
    await user.sendText('hola');
    await harness.engine.waitForEvents(1);
    // The emulator now answers 429 to more than two messages at once to a chat (10/s sustained), as Telegram would.
    harness.emulator.setRateLimits({ enabled: true, perChat: { perSecond: 10, burst: 2 }, global: { perSecond: 30, burst: 30 } });

    await Promise.all(['uno', 'dos', 'tres', 'cuatro'].map((text) => harness?.channel.send(String(user.chatId), { text })));

    expect(user.botMessages().map((message) => message.text)).toEqual(['uno', 'dos', 'tres', 'cuatro']);
    expect(harness.emulator.calls('sendMessage').map((call) => call.status)).toEqual([200, 200, 200, 200]);
  });

  it('shows "typing…" when asked', async () => {
    harness = await startHarness();
    const user = harness.emulator.user({ firstName: 'Ana' });
    await user.sendText('hola');
    await harness.engine.waitForEvents(1);

    await harness.channel.indicateActivity(String(user.chatId));

    expect(user.chatAction()).toBe('typing');
  });

  it('reports a wait longer than it will sit out as CHANNEL.RATE_LIMITED with the wait', async () => {
    harness = await startHarness();
    const user = harness.emulator.user({ firstName: 'Ana' });
    await user.sendText('hola');
    await harness.engine.waitForEvents(1);
    harness.emulator.failNext('sendMessage', { retryAfter: 3600 });

    const error = await rejection(harness.channel.send(String(user.chatId), { text: 'hola' }));

    expect(error.code).toBe('CHANNEL.RATE_LIMITED');
    expect(error.retryable).toBe(true);
    expect(error.details.retryAfterSeconds).toBe(3600);
  });

  it('maps a blocked bot and an unknown chat to their codes', async () => {
    harness = await startHarness();
    const user = harness.emulator.user({ firstName: 'Ana' });
    await user.sendText('hola');
    await harness.engine.waitForEvents(1);
    user.block();

    const blocked = await rejection(harness.channel.send(String(user.chatId), { text: 'oferta' }));
    const missing = await rejection(harness.channel.send('424242', { text: 'hola' }));

    expect([blocked.code, blocked.retryable]).toEqual(['CHANNEL.BLOCKED', false]);
    expect(missing.code).toBe('CHANNEL.CHAT_NOT_FOUND');
  });

  it('refuses choice ids that do not fit callback_data before calling Telegram', async () => {
    harness = await startHarness();
    const calls = harness.emulator.calls().length;

    const error = await rejection(harness.channel.send('1', { text: 'x', choices: [[{ id: 'ñ'.repeat(33), label: 'Largo' }]] }));

    expect(error.code).toBe('CHANNEL.BAD_REQUEST');
    expect(harness.emulator.calls()).toHaveLength(calls);
  });

  it('ignores malformed and unsupported updates and keeps serving', async () => {
    harness = await startHarness({ script: (event) => reply({ text: `ok ${event.kind}` }) });
    const user = harness.emulator.user({ firstName: 'Ana' });
    const token = harness.bot.token;

    harness.emulator.injectRawUpdate(token, { message: 'nonsense' });
    harness.emulator.injectRawUpdate(token, {
      message: { message_id: 1, chat: { id: user.chatId, type: 'private' }, from: { id: 'x' }, text: 5 },
    });
    harness.emulator.injectRawUpdate(token, { edited_message: { text: 'changed' } });
    harness.emulator.injectRawUpdate(token, 42);
    await user.sendText('hola');
    const [message] = await user.waitForMessages(1);

    expect(message?.text).toBe('ok text');
    expect(harness.engine.events.map((event) => event.kind)).toEqual(['text']);
    expect(harness.logger.lines.some((line) => line.includes('telegram update ignored'))).toBe(true);
    expect(harness.logger.lines.filter((line) => line.startsWith('error'))).toEqual([]);
  });

  it('does not spin on a batch of junk that cannot move the polling offset', async () => {
    harness = await startHarness({ script: (event) => reply({ text: `ok ${event.kind}` }) });
    const user = harness.emulator.user({ firstName: 'Ana' });
    await user.sendText('hola');
    await user.waitForMessages(1);
    const before = harness.emulator.calls('getUpdates').length;

    harness.emulator.injectRawUpdate(harness.bot.token, 42);
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    // Without a back-off the poller re-fetched the same junk about a thousand times a second.
    expect(harness.emulator.calls('getUpdates').length - before).toBeLessThan(10);
  });

  it('apologises in the user language when the engine fails, answers the tap, and goes on', async () => {
    let fail = true;
    harness = await startHarness({
      script: (event) => {
        if (fail) throw new Error('database is down');
        return reply({ text: `ok ${event.kind}` });
      },
    });
    const john = harness.emulator.user({ firstName: 'John', languageCode: 'en' });
    const ana = harness.emulator.user({ firstName: 'Ana', languageCode: 'es' });

    await john.sendText('hello');
    const [english] = await john.waitForMessages(1);
    await ana.sendText('hola');
    const [spanish] = await ana.waitForMessages(1);
    await harness.channel.send(String(ana.chatId), { text: 'Menú', choices: [[{ id: 'menu', label: 'Menú' }]] });
    await ana.tapButton('Menú');
    const tapAnswer = await ana.waitForCallbackAnswer();
    fail = false;
    await john.sendText('again');
    const [recovered] = await john.waitForMessages(1);

    expect(english?.text).toMatch(/^Sorry/);
    expect(spanish?.text).toMatch(/^Perdón/);
    expect(tapAnswer.callbackQueryId).toBeDefined();
    expect(recovered?.text).toBe('ok text');
    expect(harness.logger.lines.filter((line) => line.startsWith('error') && line.includes('database is down'))).toHaveLength(3);
  });

  it('handles two users side by side, and one chat in the order it wrote', async () => {
    harness = await startHarness({
      script: async (event) => {
        const text = event.kind === 'text' ? event.text : '';
        // The first message of a chat is the slowest: without ordering, later ones would overtake it.
        if (text.endsWith('1')) await new Promise((resolve) => setTimeout(resolve, 150));
        return reply({ text: `eco ${text}` });
      },
    });
    const ana = harness.emulator.user({ firstName: 'Ana' });
    const beto = harness.emulator.user({ firstName: 'Beto' });

    await ana.sendText('a1');
    await beto.sendText('b1');
    await ana.sendText('a2');
    await ana.sendText('a3');
    await beto.sendText('b2');
    await harness.engine.waitForEvents(5);
    await ana.waitForMessages((message) => message.text === 'eco a3');
    await beto.waitForMessages((message) => message.text === 'eco b2');

    const textsOf = (chatId: number) =>
      harness?.engine.events.filter((event) => event.chatId === String(chatId)).map((event) => (event.kind === 'text' ? event.text : ''));
    expect(textsOf(ana.chatId)).toEqual(['a1', 'a2', 'a3']);
    expect(textsOf(beto.chatId)).toEqual(['b1', 'b2']);
    expect(ana.botMessages().map((message) => message.text)).toEqual(['eco a1', 'eco a2', 'eco a3']);
    expect(beto.botMessages().map((message) => message.text)).toEqual(['eco b1', 'eco b2']);
  });

  it('sets the command menu in Spanish and English and deletes any webhook before polling', async () => {
    harness = await startHarness();

    const commands = harness.emulator.calls('setMyCommands').map((call) => ({
      language: call.params.language_code ?? '',
      names: (call.params.commands as { command: string }[]).map((command) => command.command),
    }));

    expect(commands).toEqual([
      { language: '', names: ['start', 'menu', 'buscar', 'carrito', 'pedidos', 'cancelar', 'idioma', 'ayuda'] },
      { language: 'en', names: ['start', 'menu', 'search', 'cart', 'orders', 'cancel', 'language', 'help'] },
    ]);
    expect(harness.emulator.calls('deleteWebhook').map((call) => call.params)).toEqual([{ drop_pending_updates: false }]);
    expect(harness.emulator.calls('setWebhook')).toEqual([]);
  });

  it('never lets the token into logs or errors', async () => {
    harness = await startHarness({
      script: () => {
        throw new Error('engine exploded');
      },
    });
    const token = harness.bot.token;
    const user = harness.emulator.user({ firstName: 'Ana' });
    await user.sendText('hola');
    await user.waitForMessages(1);
    const errors: string[] = [];
    const collect = async (work: Promise<unknown>) => {
      const error = await rejection(work);
      errors.push(error.message, JSON.stringify(error.details), String(error.stack));
    };
    harness.emulator.failNext('sendMessage', { retryAfter: 3600 });
    await collect(harness.channel.send(String(user.chatId), { text: 'x' }));
    await collect(harness.channel.downloadFile('no-such-file', 10));

    // A server that is not there: grammY's network error holds the URL, hence the token.
    const offline = createTelegramChannel(
      {
        token,
        mode: 'polling',
        apiRoot: 'http://127.0.0.1:9',
        throttle: false,
        botInfo: { id: harness.bot.id, first_name: 'M', username: harness.bot.username },
        // start retries a network failure: keep its waits short.
        startRetry: { attempts: 2, firstDelayMs: 10 },
      },
      { images: harness.images, settings: harness.settings, logger: harness.logger },
    );
    offline.connect({ deliver: async () => {} });
    await collect(offline.send(String(user.chatId), { text: 'x' }));
    await collect(offline.start());
    await collect(offline.downloadFile('file', 10));

    expect(errors.length).toBe(15);
    expect(errors.join('\n')).not.toContain(token);
    expect(errors.join('\n')).not.toContain(token.split(':')[1]);
    expect(harness.logger.lines.length).toBeGreaterThan(0);
    expect(harness.logger.lines.join('\n')).not.toContain(token.split(':')[1]);
  });
});
