import type { ChannelUser, InboundEvent, InboundPayload } from '@mostrador/core';

/*
 * Telegram updates as core's InboundEvents. Updates arrive from the network (a webhook body, a
 * getUpdates answer), so every field is checked here rather than trusted to its declared type:
 * anything unexpected becomes `ignored` with a reason that names no person.
 */

export const CHANNEL_NAME = 'telegram';

/** The update kinds the adapter asks Telegram for (setWebhook / getUpdates allowed_updates). */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

export type InboundConversion =
  | { readonly kind: 'event'; readonly event: InboundEvent; readonly callbackQueryId: string | null }
  | { readonly kind: 'ignored'; readonly reason: string; readonly callbackQueryId: string | null };

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);
const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * `/name`, `/name@bot`, then an optional argument text. Telegram's own commands are ASCII; names
 * typed in other letters (`/menú`) are read too, so the addressee is dropped here for all of them
 * and core never sees `@bot`.
 */
const COMMAND = /^\/([\p{L}\p{N}_]{1,32})(?:@([A-Za-z0-9_]{3,32}))?(?:\s+([\s\S]*))?$/u;

const ignored = (reason: string, callbackQueryId: string | null = null): InboundConversion => ({
  kind: 'ignored',
  reason,
  callbackQueryId,
});

const toUser = (from: unknown): ChannelUser | null => {
  if (!isRecord(from) || !isInteger(from.id) || from.is_bot === true) return null;
  const names = [from.first_name, from.last_name].filter(isString).filter((name) => name !== '');
  return {
    id: String(from.id),
    displayName: names.join(' '),
    languageHint: isString(from.language_code) && from.language_code !== '' ? from.language_code : null,
  };
};

/** The private chat an update belongs to, or null (groups and channels are not served). */
const privateChatId = (chat: unknown): string | null =>
  isRecord(chat) && isInteger(chat.id) && chat.type === 'private' ? String(chat.id) : null;

const textPayload = (text: string, botUsername: string): InboundPayload | null => {
  const command = COMMAND.exec(text);
  if (!command) return { kind: 'text', text };
  const [, name = '', addressee, args = ''] = command;
  // "/menu@OtherBot" is meant for another bot.
  if (addressee !== undefined && addressee.toLowerCase() !== botUsername.toLowerCase()) return null;
  const lower = name.toLowerCase();
  if (lower === 'start') return { kind: 'start', deepLink: args.trim() === '' ? null : args.trim() };
  return { kind: 'command', command: lower, args: args.trim() };
};

/** The largest PhotoSize of a photo message: by pixels, then by bytes. */
const largestPhoto = (sizes: readonly unknown[]): Json | null => {
  let best: Json | null = null;
  let bestArea = -1;
  let bestBytes = -1;
  for (const size of sizes) {
    if (!isRecord(size) || !isString(size.file_id)) continue;
    const area = (isInteger(size.width) ? size.width : 0) * (isInteger(size.height) ? size.height : 0);
    const bytes = isInteger(size.file_size) ? size.file_size : 0;
    if (area > bestArea || (area === bestArea && bytes > bestBytes)) {
      best = size;
      bestArea = area;
      bestBytes = bytes;
    }
  }
  return best;
};

const captionOf = (message: Json): string | null => (isString(message.caption) && message.caption !== '' ? message.caption : null);

const messagePayload = (message: Json, botUsername: string): InboundPayload | string => {
  if (isString(message.text)) return textPayload(message.text, botUsername) ?? 'command for another bot';
  if (Array.isArray(message.photo)) {
    const photo = largestPhoto(message.photo);
    if (!photo) return 'photo without sizes';
    return {
      kind: 'image',
      fileRef: photo.file_id as string,
      caption: captionOf(message),
      sizeBytes: isInteger(photo.file_size) ? photo.file_size : null,
    };
  }
  // A photo sent "as a file" (uncompressed) is still a photo to the shop.
  if (isRecord(message.document) && isString(message.document.file_id)) {
    const document = message.document;
    if (!isString(document.mime_type) || !document.mime_type.startsWith('image/')) return 'document that is not an image';
    return {
      kind: 'image',
      fileRef: document.file_id as string,
      caption: captionOf(message),
      sizeBytes: isInteger(document.file_size) ? document.file_size : null,
    };
  }
  if (isRecord(message.contact) && isString(message.contact.phone_number)) {
    const contact = message.contact;
    const name = [contact.first_name, contact.last_name]
      .filter(isString)
      .filter((part) => part !== '')
      .join(' ');
    return { kind: 'contact', phone: contact.phone_number as string, name };
  }
  if (isRecord(message.location)) {
    const { latitude, longitude } = message.location;
    if (typeof latitude !== 'number' || typeof longitude !== 'number' || !Number.isFinite(latitude) || !Number.isFinite(longitude)) {
      return 'location without coordinates';
    }
    return { kind: 'location', latitude, longitude };
  }
  return 'unsupported message content';
};

/** Converts one raw update; never throws. */
export function toInboundEvent(update: unknown, botUsername: string, receivedAt: Date): InboundConversion {
  if (!isRecord(update) || !isInteger(update.update_id)) return ignored('not an update');
  const idempotencyKey = String(update.update_id);

  if (isRecord(update.callback_query)) {
    const query = update.callback_query;
    const queryId = isString(query.id) && query.id !== '' ? query.id : null;
    const user = toUser(query.from);
    if (!user) return ignored('callback query without a user', queryId);
    if (!isString(query.data) || query.data === '') return ignored('callback query without data', queryId);
    const message = isRecord(query.message) ? query.message : null;
    // A tap on a message older than 48 h comes with an "inaccessible message" (date 0): no edits then.
    const messageChat = message ? privateChatId(message.chat) : null;
    if (message && messageChat === null) return ignored('callback query outside a private chat', queryId);
    const messageRef =
      message && messageChat !== null && isInteger(message.message_id) && message.date !== 0
        ? `${messageChat}:${message.message_id}`
        : null;
    const event: InboundEvent = {
      channel: CHANNEL_NAME,
      chatId: messageChat ?? user.id,
      user,
      receivedAt,
      idempotencyKey,
      kind: 'choice',
      choiceId: query.data,
      messageRef,
    };
    return { kind: 'event', event, callbackQueryId: queryId };
  }

  if (isRecord(update.message)) {
    const message = update.message;
    const chatId = privateChatId(message.chat);
    if (chatId === null) return ignored('message outside a private chat');
    const user = toUser(message.from);
    if (!user) return ignored('message without a human sender');
    const payload = messagePayload(message, botUsername);
    if (typeof payload === 'string') return ignored(payload);
    return { kind: 'event', event: { channel: CHANNEL_NAME, chatId, user, receivedAt, idempotencyKey, ...payload }, callbackQueryId: null };
  }

  const kind = Object.keys(update).find((key) => key !== 'update_id') ?? 'empty';
  return ignored(`unsupported update kind ${kind.slice(0, 40)}`);
}
