import { AdapterError, type Choice } from '@mostrador/core';
import type { InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'grammy/types';

export const MAX_BUTTONS_PER_ROW = 8;
export const MAX_BUTTONS = 100;
const MAX_CALLBACK_DATA_BYTES = 64;
const BUTTON_URL = /^(https?:\/\/|tg:\/\/)/i;

const badChoice = (message: string): AdapterError => new AdapterError('CHANNEL.BAD_REQUEST', message, false);

const toButton = (choice: Choice): InlineKeyboardButton => {
  if ('url' in choice) {
    if (!BUTTON_URL.test(choice.url)) throw badChoice('URL buttons must link to http(s) or tg: addresses');
    return { text: choice.label, url: choice.url };
  }
  const bytes = Buffer.byteLength(choice.id, 'utf8');
  if (bytes < 1 || bytes > MAX_CALLBACK_DATA_BYTES) {
    throw badChoice(`choice id "${choice.id}" is ${bytes} bytes; Telegram's callback_data takes 1-${MAX_CALLBACK_DATA_BYTES}`);
  }
  return { text: choice.label, callback_data: choice.id };
};

/**
 * Rows of choices as an inline keyboard; rows longer than Telegram shows are wrapped. Null when
 * there is nothing to show. More than 100 buttons, or a choice id over 64 bytes, is the engine
 * breaking the capabilities it was told: an AdapterError, not a silently shortened keyboard.
 */
export function toInlineKeyboard(choices: readonly (readonly Choice[])[] | undefined): InlineKeyboardMarkup | null {
  const rows: InlineKeyboardButton[][] = [];
  let count = 0;
  for (const row of choices ?? []) {
    for (let start = 0; start < row.length; start += MAX_BUTTONS_PER_ROW) {
      rows.push(row.slice(start, start + MAX_BUTTONS_PER_ROW).map(toButton));
    }
    count += row.length;
  }
  if (count > MAX_BUTTONS) throw badChoice(`${count} buttons offered; Telegram shows at most ${MAX_BUTTONS}`);
  return rows.length === 0 ? null : { inline_keyboard: rows };
}

/** The "share my phone number" button under the text field; its answer arrives as a contact. Null without a label. */
export function toContactKeyboard(label: string | undefined): ReplyKeyboardMarkup | null {
  if (label === undefined || label.trim() === '') return null;
  return { keyboard: [[{ text: label, request_contact: true }]], one_time_keyboard: true, resize_keyboard: true };
}

/** Takes the "share my phone number" keyboard away (the engine's `endsContactRequest`). */
export const REMOVE_REPLY_KEYBOARD: ReplyKeyboardRemove = { remove_keyboard: true };

/**
 * The text of the short message that removes the reply keyboard when the message the engine put
 * the removal on cannot carry it (it has inline buttons, or it is an edit). Telegram wants a
 * text, and `send` does not know the person's language: a check mark reads in any.
 */
export const KEYBOARD_REMOVAL_TEXT = '✔️';
