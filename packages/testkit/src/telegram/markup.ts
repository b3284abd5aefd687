import { badRequest } from './api-error.js';
import type { TgInlineKeyboardButton, TgKeyboardButton, TgReplyMarkup } from './types.js';

/**
 * What tapping a reply-keyboard button does, as a Telegram client decides it: send the label
 * ('text'), share the user's own contact ('contact') or location ('location'); 'other' buttons
 * (polls, user and chat pickers, web apps) open pickers the emulator does not have.
 */
export type ReplyButtonKind = 'text' | 'contact' | 'location' | 'other';

const PICKER_FIELDS = ['request_users', 'request_chat', 'request_poll', 'web_app'] as const;

export function replyButtonKind(button: TgKeyboardButton): ReplyButtonKind {
  if (button.request_contact === true) return 'contact';
  if (button.request_location === true) return 'location';
  if (PICKER_FIELDS.some((field) => button[field] !== undefined && button[field] !== false)) return 'other';
  return 'text';
}

const INLINE_ACTIONS = [
  'callback_data',
  'url',
  'login_url',
  'web_app',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
] as const;

/** Telegram caps an inline keyboard at 100 buttons. */
const MAX_INLINE_BUTTONS = 100;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function isValidButtonUrl(url: string): boolean {
  if (/^tg:\/\/\S+$/i.test(url)) return true;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname.length > 0;
  } catch {
    return false;
  }
}

/** Parses (when sent as a string) and validates reply_markup the way the Bot API does. */
export function parseReplyMarkup(raw: unknown): TgReplyMarkup | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw badRequest("can't parse reply keyboard markup JSON object");
    }
  }
  if (!isRecord(value)) throw badRequest("can't parse reply keyboard markup JSON object");
  if ('inline_keyboard' in value) return { inline_keyboard: validateInlineKeyboard(value.inline_keyboard) };
  if ('keyboard' in value) return { ...value, keyboard: validateReplyKeyboard(value.keyboard) };
  if (value.remove_keyboard === true) return { ...value, remove_keyboard: true };
  if (value.force_reply === true) return { ...value, force_reply: true };
  throw badRequest("can't parse reply keyboard markup JSON object");
}

function validateInlineKeyboard(rows: unknown): TgInlineKeyboardButton[][] {
  if (!Array.isArray(rows)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array');
  let count = 0;
  return rows.map((row) => {
    if (!Array.isArray(row)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
    return row.map((button): TgInlineKeyboardButton => {
      count++;
      if (count > MAX_INLINE_BUTTONS) throw badRequest('reply markup is too long');
      if (!isRecord(button)) throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
      if (typeof button.text !== 'string') {
        throw badRequest('can\'t parse inline keyboard button: Field "text" must be of type String');
      }
      if (button.text.trim() === '') throw badRequest('BUTTON_TEXT_INVALID');
      const actions = INLINE_ACTIONS.filter((action) => button[action] !== undefined);
      if (actions.length === 0) {
        throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
      }
      if (button.callback_data !== undefined) {
        const data = button.callback_data;
        const bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : 0;
        if (bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
      }
      if (button.url !== undefined) {
        const url = button.url;
        if (typeof url !== 'string' || !isValidButtonUrl(url)) {
          throw badRequest(`inline keyboard button URL '${String(url)}' is invalid: Wrong HTTP URL`);
        }
      }
      return { ...button, text: button.text };
    });
  });
}

function validateReplyKeyboard(rows: unknown): TgKeyboardButton[][] {
  if (!Array.isArray(rows)) throw badRequest('field "keyboard" of the ReplyKeyboardMarkup must be an Array');
  return rows.map((row) => {
    if (!Array.isArray(row)) throw badRequest('field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays');
    return row.map((button): TgKeyboardButton => {
      // Plain strings are accepted as shorthand for {text}.
      if (typeof button === 'string') return { text: button };
      if (!isRecord(button) || typeof button.text !== 'string') {
        throw badRequest('can\'t parse keyboard button: Field "text" must be of type String');
      }
      return { ...button, text: button.text };
    });
  });
}
