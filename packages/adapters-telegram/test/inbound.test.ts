import { describe, expect, it } from 'vitest';
import { toInboundEvent } from '../src/inbound.js';

const at = new Date('2026-11-25T12:00:00Z');
const ana = { id: 700, is_bot: false, first_name: 'Ana', last_name: 'Pérez', language_code: 'es' };
const chat = { id: 700, type: 'private', first_name: 'Ana' };
const message = (content: Record<string, unknown>) => ({ update_id: 9, message: { message_id: 3, date: 1, chat, from: ana, ...content } });

describe('toInboundEvent', () => {
  it('keeps the envelope: channel, chat, user, time and update id', () => {
    const conversion = toInboundEvent(message({ text: 'hola' }), 'shop_bot', at);

    expect(conversion).toEqual({
      kind: 'event',
      callbackQueryId: null,
      event: {
        channel: 'telegram',
        chatId: '700',
        user: { id: '700', displayName: 'Ana Pérez', languageHint: 'es' },
        receivedAt: at,
        idempotencyKey: '9',
        kind: 'text',
        text: 'hola',
      },
    });
  });

  it('reads /start payloads and commands, and leaves commands for other bots alone', () => {
    const kinds = [
      '/start',
      '/start abc_123',
      '/Carrito',
      '/buscar@shop_bot zapatillas 42',
      '/menu@other_bot',
      '/ no es comando',
      '/Menú@shop_bot',
    ].map((text) => {
      const conversion = toInboundEvent(message({ text }), 'shop_bot', at);
      if (conversion.kind === 'ignored') return conversion.reason;
      const { event } = conversion;
      return event.kind === 'start'
        ? `start ${event.deepLink}`
        : event.kind === 'command'
          ? `command ${event.command} [${event.args}]`
          : event.kind;
    });

    expect(kinds).toEqual([
      'start null',
      'start abc_123',
      'command carrito []',
      'command buscar [zapatillas 42]',
      'command for another bot',
      'text',
      // Core gets the bare name, whatever letters it was typed in: it never sees the addressee.
      'command menú []',
    ]);
  });

  it('takes the largest photo size, and image documents as photos', () => {
    const photo = toInboundEvent(
      message({
        photo: [
          { file_id: 'small', file_unique_id: 's', width: 90, height: 90, file_size: 1000 },
          { file_id: 'large', file_unique_id: 'l', width: 1280, height: 1280, file_size: 90000 },
          { file_id: 'medium', file_unique_id: 'm', width: 320, height: 320, file_size: 9000 },
        ],
        caption: 'esta',
      }),
      'shop_bot',
      at,
    );
    const document = toInboundEvent(
      message({ document: { file_id: 'doc', file_unique_id: 'd', mime_type: 'image/jpeg', file_size: 5 } }),
      'shop_bot',
      at,
    );
    const pdf = toInboundEvent(
      message({ document: { file_id: 'pdf', file_unique_id: 'p', mime_type: 'application/pdf' } }),
      'shop_bot',
      at,
    );

    expect(photo).toMatchObject({ event: { kind: 'image', fileRef: 'large', sizeBytes: 90000, caption: 'esta' } });
    expect(document).toMatchObject({ event: { kind: 'image', fileRef: 'doc', sizeBytes: 5, caption: null } });
    expect(pdf).toMatchObject({ kind: 'ignored' });
  });

  it('reads taps, with the message they were on when Telegram still has it', () => {
    const tap = (extra: Record<string, unknown>) =>
      toInboundEvent(
        { update_id: 10, callback_query: { id: 'q1', from: ana, chat_instance: '1', data: 'add:7', ...extra } },
        'shop_bot',
        at,
      );

    expect(tap({ message: { message_id: 44, date: 5, chat } })).toMatchObject({
      callbackQueryId: 'q1',
      event: { kind: 'choice', choiceId: 'add:7', messageRef: '700:44', chatId: '700' },
    });
    expect(tap({ message: { message_id: 44, date: 0, chat } })).toMatchObject({ event: { messageRef: null } });
    expect(tap({})).toMatchObject({ event: { messageRef: null, chatId: '700' } });
    expect(tap({ data: undefined })).toEqual({ kind: 'ignored', reason: 'callback query without data', callbackQueryId: 'q1' });
  });

  it('ignores what it cannot serve, without throwing', () => {
    const inputs: unknown[] = [
      null,
      42,
      'x',
      [],
      { update_id: '1' },
      { update_id: 1 },
      { update_id: 1, message: 'nonsense' },
      { update_id: 1, message: { chat: { id: -100, type: 'group' }, from: ana, text: 'hola' } },
      { update_id: 1, message: { chat, from: { id: 1, is_bot: true, first_name: 'Bot' }, text: 'hola' } },
      { update_id: 1, message: { chat, from: ana, sticker: {} } },
      { update_id: 1, message: { chat, from: ana, location: { latitude: 'a' } } },
      { update_id: 1, edited_message: { chat, from: ana, text: 'x' } },
      { update_id: 1, callback_query: { id: 7, from: 'x' } },
    ];

    expect(inputs.map((input) => toInboundEvent(input, 'shop_bot', at).kind)).toEqual(inputs.map(() => 'ignored'));
  });

  it('names the chat of messages and taps (what the chat driver orders by)', () => {
    const chatOf = (update: unknown): string | null => {
      const conversion = toInboundEvent(update, 'shop_bot', at);
      return conversion.kind === 'event' ? conversion.event.chatId : null;
    };
    expect(chatOf(message({ text: 'x' }))).toBe('700');
    // A tap on a message too old to be sent along belongs to the private chat with the user.
    expect(chatOf({ update_id: 1, callback_query: { id: 'q', from: ana, data: 'c1' } })).toBe('700');
    expect(chatOf({ update_id: 1, callback_query: { id: 'q', from: ana, data: 'c1', message: { message_id: 4, date: 1, chat } } })).toBe(
      '700',
    );
  });
});
