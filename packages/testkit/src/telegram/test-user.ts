import { randomBytes } from 'node:crypto';
import type { EmulatorCore } from './core.js';
import { replyButtonKind } from './markup.js';
import { resolveMimeType } from './media.js';
import {
  type BotState,
  type CallbackRecord,
  type ChatState,
  clone,
  type StoredMessage,
  type UserProfile,
  unixNow,
  userObject,
} from './state.js';
import type { TgCallbackQuery, TgContact, TgInlineKeyboardButton, TgMessage, TgMessageEntity, TgReplyKeyboardMarkup } from './types.js';

export interface TelegramUserOptions {
  /** Telegram user id; also the private chat id. Generated when omitted. */
  id?: number;
  firstName: string;
  lastName?: string;
  username?: string;
  /** IETF tag sent in `from.language_code` (e.g. 'es', 'en'). */
  languageCode?: string;
  /**
   * The account's phone (E.164), shared by `request_contact` buttons. Default: the phone this id
   * already had, else a Buenos Aires mobile made of the id's last 8 digits (id 4242 → +5491100004242).
   */
  phoneNumber?: string;
  /** Bot token or username; may be omitted while exactly one bot is registered. */
  bot?: string;
}

export interface WaitOptions {
  /** Default 3000 ms. */
  timeoutMs?: number;
}

export interface ButtonPosition {
  row: number;
  column: number;
}

/** A label (exact, trimmed), a pattern, or a predicate over the button. */
export type ButtonMatcher = string | RegExp | ((button: TgInlineKeyboardButton, position: ButtonPosition) => boolean);

export interface TapOptions {
  /** The message carrying the keyboard (id or message); default: the latest bot message. */
  message?: number | TgMessage;
}

export interface CallbackAnswerRecord {
  callbackQueryId: string;
  data: string;
  messageId: number;
  text?: string;
  showAlert: boolean;
  url?: string;
  cacheTime?: number;
}

export interface SendPhotoOptions {
  caption?: string;
  fileName?: string;
  mimeType?: string;
}

export interface SendDocumentOptions {
  fileName: string;
  mimeType?: string;
  caption?: string;
}

export interface SendContactOptions {
  phoneNumber: string;
  firstName?: string;
  lastName?: string;
  /** Default true: the user shares their own contact (contact.user_id set). */
  own?: boolean;
}

export interface PressKeyboardButtonOptions {
  /** What a `request_location` button shares; default: the Obelisco, Buenos Aires. */
  location?: { latitude: number; longitude: number };
}

/** The Obelisco, Buenos Aires: where simulated users are when a button asks for their location. */
const DEFAULT_LOCATION = { latitude: -34.603722, longitude: -58.381592 };

const DEFAULT_WAIT_MS = 3000;

/** A command at a word start: /name or /name@bot, as Telegram clients mark them. */
const COMMAND_PATTERN = /(^|\s)(\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)(?=$|\s)/g;

function commandEntities(text: string): TgMessageEntity[] {
  const entities: TgMessageEntity[] = [];
  for (const match of text.matchAll(COMMAND_PATTERN)) {
    const command = match[2] as string;
    entities.push({ type: 'bot_command', offset: (match.index ?? 0) + (match[1]?.length ?? 0), length: command.length });
  }
  return entities;
}

function describeButton(button: TgInlineKeyboardButton): string {
  if (button.callback_data !== undefined) return `"${button.text}"`;
  if (button.url !== undefined) return `"${button.text}" (url)`;
  return `"${button.text}" (no callback_data)`;
}

/** One line per message, for readable failures. */
export function describeMessage(message: TgMessage, fromBot: boolean): string {
  const who = fromBot ? 'bot' : 'user';
  const parts: string[] = [];
  if (message.text !== undefined) parts.push(JSON.stringify(message.text));
  if (message.photo) parts.push('[photo]');
  if (message.document) parts.push(`[document ${message.document.file_name ?? ''}]`.replace(' ]', ']'));
  if (message.contact) parts.push(`[contact ${message.contact.phone_number}]`);
  if (message.location) parts.push(`[location ${message.location.latitude},${message.location.longitude}]`);
  if (message.caption !== undefined) parts.push(`caption ${JSON.stringify(message.caption)}`);
  const keyboard = message.reply_markup?.inline_keyboard;
  if (keyboard) parts.push(`buttons ${keyboard.map((row) => row.map((b) => `[${b.text}]`).join(' ')).join(' / ')}`);
  if (message.edit_date) parts.push('(edited)');
  return `#${message.message_id} ${who}: ${parts.join(' ')}`;
}

/**
 * The simulated human in a private chat with one bot. Actions queue updates
 * for the bot (getUpdates or webhook); reads show the chat as the user sees
 * it: edits applied in place, deleted messages gone.
 */
export class TelegramTestUser {
  /** @internal Use `TelegramEmulator.user()`. */
  constructor(
    private readonly core: EmulatorCore,
    private readonly bot: BotState,
    private readonly profile: UserProfile,
  ) {}

  get id(): number {
    return this.profile.id;
  }

  /** The private chat id (equal to the user id). */
  get chatId(): number {
    return this.profile.id;
  }

  get botUsername(): string {
    return this.bot.username;
  }

  /** The account's phone number (E.164), as a `request_contact` button shares it. */
  get phoneNumber(): string {
    return this.profile.phoneNumber;
  }

  get languageCode(): string | undefined {
    return this.profile.languageCode;
  }

  /** Later updates carry the new language_code. */
  setLanguage(languageCode: string): void {
    this.profile.languageCode = languageCode;
    this.existingChat()?.touch();
  }

  async sendText(text: string): Promise<TgMessage> {
    if (text === '') throw new Error('sendText: Telegram clients cannot send an empty message');
    const content: Partial<TgMessage> = { text };
    const entities = commandEntities(text);
    if (entities.length > 0) content.entities = entities;
    return this.post(content);
  }

  /** `/start` with an optional deep-link payload: "/start <payload>". */
  async sendCommand(command: string, payload?: string): Promise<TgMessage> {
    const name = command.startsWith('/') ? command : `/${command}`;
    return this.sendText(payload ? `${name} ${payload}` : name);
  }

  /** Stores the bytes as a photo file of this bot; the update carries its PhotoSize variants. */
  async sendPhoto(bytes: Uint8Array, options: SendPhotoOptions = {}): Promise<TgMessage> {
    const data = Buffer.from(bytes);
    if (data.length === 0) throw new Error('sendPhoto: empty photo');
    const photo = this.core.files.storePhoto(this.bot.id, data, options.mimeType);
    const content: Partial<TgMessage> = { photo };
    if (options.caption) content.caption = options.caption;
    return this.post(content);
  }

  async sendDocument(bytes: Uint8Array, options: SendDocumentOptions): Promise<TgMessage> {
    const data = Buffer.from(bytes);
    const stored = this.core.files.storeFile(
      this.bot.id,
      'document',
      data,
      resolveMimeType(options.mimeType, options.fileName, data),
      options.fileName,
    );
    const content: Partial<TgMessage> = { document: this.core.files.fileObject(stored) };
    if (options.caption) content.caption = options.caption;
    return this.post(content);
  }

  async sendContact(options: SendContactOptions): Promise<TgMessage> {
    const contact: TgContact = {
      phone_number: options.phoneNumber,
      first_name: options.firstName ?? this.profile.firstName,
    };
    const lastName = options.lastName ?? (options.firstName === undefined ? this.profile.lastName : undefined);
    if (lastName) contact.last_name = lastName;
    if (options.own !== false) contact.user_id = this.profile.id;
    return this.post({ contact });
  }

  async sendLocation(location: { latitude: number; longitude: number }): Promise<TgMessage> {
    return this.post({ location: { latitude: location.latitude, longitude: location.longitude } });
  }

  /**
   * Taps a button of the current reply keyboard and sends what a Telegram client sends: the label
   * as text for a plain button, the user's own contact (phone_number, names, user_id) for a
   * `request_contact` button, a location for a `request_location` one. Buttons that open a
   * picker (request_users, request_chat, request_poll, web_app) are not emulated and throw.
   */
  async pressKeyboardButton(label: string, options: PressKeyboardButtonOptions = {}): Promise<TgMessage> {
    const buttons = this.existingChat()?.replyKeyboard?.keyboard.flat() ?? [];
    const button = buttons.find((candidate) => candidate.text === label);
    if (!button) {
      const labels = buttons.map((candidate) => `"${candidate.text}"`);
      throw new Error(
        `no reply keyboard button "${label}"; ${labels.length ? `available: ${labels.join(', ')}` : 'no reply keyboard is shown'}`,
      );
    }
    switch (replyButtonKind(button)) {
      case 'contact':
        return this.sendContact({ phoneNumber: this.profile.phoneNumber });
      case 'location':
        return this.sendLocation(options.location ?? DEFAULT_LOCATION);
      case 'other':
        throw new Error(`reply keyboard button "${label}" opens a picker or web app, which the emulator does not simulate`);
      case 'text':
        return this.sendText(label);
    }
  }

  /**
   * Taps an inline button and sends the callback_query update. Throws, listing
   * the labels on offer, when no callback button matches.
   */
  async tapButton(matcher: ButtonMatcher, options: TapOptions = {}): Promise<TgCallbackQuery> {
    const chat = this.chat();
    const target = this.tapTarget(chat, options.message);
    const keyboard = target.message.reply_markup?.inline_keyboard ?? [];
    let found: TgInlineKeyboardButton | undefined;
    for (const [rowIndex, row] of keyboard.entries()) {
      found = row.find((button, column) => matches(matcher, button, { row: rowIndex, column }));
      if (found) break;
    }
    const where = `message #${target.message.message_id}`;
    if (!found) {
      const labels = keyboard.flat().map(describeButton);
      throw new Error(
        `no inline button matching ${describeMatcher(matcher)} on ${where}; ${
          labels.length > 0 ? `available: ${labels.join(', ')}` : 'that message has no inline keyboard'
        }\n${this.transcriptText()}`,
      );
    }
    const button: TgInlineKeyboardButton = found;
    if (button.callback_data === undefined) {
      throw new Error(
        button.url !== undefined
          ? `button "${button.text}" on ${where} is a URL button (${button.url}): it opens a link and sends no update`
          : `button "${button.text}" on ${where} has no callback_data`,
      );
    }
    const id = BigInt(`0x${randomBytes(8).toString('hex')}`).toString();
    const record: CallbackRecord = {
      id,
      data: button.callback_data,
      messageId: target.message.message_id,
      createdAt: Date.now(),
    };
    chat.callbacks.set(id, record);
    this.bot.callbackChats.set(id, chat);
    chat.markVersion = chat.version;
    const query: TgCallbackQuery = {
      id,
      from: userObject(this.profile),
      message: clone(target.message),
      chat_instance: chat.chatInstance,
      data: button.callback_data,
    };
    this.core.enqueue(this.bot, { callback_query: clone(query) });
    return query;
  }

  /**
   * Waits until the bot has sent `count` messages since the user's latest
   * action, or until a bot message sent or edited since then matches the
   * predicate. Resolves with those messages in their current state.
   */
  waitForMessages(expected: number | ((message: TgMessage) => boolean), options: WaitOptions = {}): Promise<TgMessage[]> {
    const chat = this.chat();
    const mark = chat.markVersion;
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
    const check = (): TgMessage[] | undefined => {
      if (typeof expected === 'number') {
        const fresh = chat.messages.filter((stored) => stored.fromBot && !stored.deleted && stored.sentVersion > mark);
        return fresh.length >= expected ? fresh.map((stored) => clone(stored.message)) : undefined;
      }
      const matching = chat.messages.filter(
        (stored) => stored.fromBot && !stored.deleted && stored.changedVersion > mark && expected(clone(stored.message)),
      );
      return matching.length > 0 ? matching.map((stored) => clone(stored.message)) : undefined;
    };
    const what = typeof expected === 'number' ? `${expected} bot message(s)` : 'a bot message matching the predicate';
    return this.waitOn(chat, check, timeoutMs, what);
  }

  /** Waits for the bot's answerCallbackQuery (to the latest tap, or to the given query id). */
  waitForCallbackAnswer(options: WaitOptions & { callbackQueryId?: string } = {}): Promise<CallbackAnswerRecord> {
    const chat = this.chat();
    const id = options.callbackQueryId ?? [...chat.callbacks.keys()].pop();
    if (id === undefined) return Promise.reject(new Error('waitForCallbackAnswer: no button was tapped yet'));
    const check = (): CallbackAnswerRecord | undefined => {
      const record = chat.callbacks.get(id);
      return record?.answer ? answerRecord(record) : undefined;
    };
    return this.waitOn(chat, check, options.timeoutMs ?? DEFAULT_WAIT_MS, `the answer to callback query ${id}`);
  }

  /** The chat as the user sees it, oldest first. */
  messages(): TgMessage[] {
    return (this.existingChat()?.visible() ?? []).map((stored) => clone(stored.message));
  }

  botMessages(): TgMessage[] {
    return (this.existingChat()?.visible() ?? []).filter((stored) => stored.fromBot).map((stored) => clone(stored.message));
  }

  /** The latest message from the bot still in the chat. */
  lastMessage(): TgMessage | undefined {
    return this.botMessages().pop();
  }

  /** Answers the bot gave to this user's button taps, in tap order. */
  callbackAnswers(): CallbackAnswerRecord[] {
    return [...(this.existingChat()?.callbacks.values() ?? [])].filter((record) => record.answer !== undefined).map(answerRecord);
  }

  /** The chat action currently shown ("typing", "upload_photo", ...), if any. */
  chatAction(): string | undefined {
    return this.existingChat()?.currentAction();
  }

  replyKeyboard(): TgReplyKeyboardMarkup | undefined {
    const keyboard = this.existingChat()?.replyKeyboard;
    return keyboard ? clone(keyboard) : undefined;
  }

  /** Blocks the bot: the bot gets a my_chat_member update and 403 on sends. */
  block(): void {
    this.setBlocked(true);
  }

  unblock(): void {
    this.setBlocked(false);
  }

  /** "Clear history" on the user's side: the bot is not told, as in Telegram. */
  clearHistory(): void {
    const chat = this.existingChat();
    if (!chat) return;
    chat.messages.length = 0;
    chat.notices.length = 0;
    chat.replyKeyboard = undefined;
    chat.chatAction = undefined;
    chat.markVersion = chat.version + 1;
    chat.touch();
  }

  /** The transcript as text, handy in assertion messages. */
  transcriptText(): string {
    const stored = this.existingChat()?.visible() ?? [];
    if (stored.length === 0) return '(empty chat)';
    return stored.map((entry) => describeMessage(entry.message, entry.fromBot)).join('\n');
  }

  private existingChat(): ChatState | undefined {
    return this.bot.chats.get(this.profile.id);
  }

  private chat(): ChatState {
    return this.core.openChat(this.bot, this.profile);
  }

  private post(content: Partial<TgMessage>): TgMessage {
    const chat = this.chat();
    if (chat.blocked) throw new Error(`user ${this.profile.id} has blocked @${this.bot.username}: call unblock() first`);
    const message: TgMessage = {
      message_id: chat.nextMessageId++,
      from: userObject(this.profile),
      chat: chat.chat,
      date: unixNow(),
      ...content,
    };
    const version = chat.version + 1;
    const stored: StoredMessage = { message, fromBot: false, deleted: false, sentVersion: version, changedVersion: version };
    chat.messages.push(stored);
    chat.started = true;
    chat.markVersion = version;
    chat.touch();
    this.core.enqueue(this.bot, { message: clone(message) });
    return clone(message);
  }

  private tapTarget(chat: ChatState, message: TapOptions['message']): StoredMessage {
    if (message !== undefined) {
      const id = typeof message === 'number' ? message : message.message_id;
      const stored = chat.find(id);
      if (!stored) throw new Error(`message #${id} is not in the chat (deleted or never sent)\n${this.transcriptText()}`);
      return stored;
    }
    const latest = chat
      .visible()
      .filter((stored) => stored.fromBot)
      .pop();
    if (!latest) throw new Error(`the bot has sent no message to tap a button on\n${this.transcriptText()}`);
    return latest;
  }

  private setBlocked(blocked: boolean): void {
    const chat = this.chat();
    if (chat.blocked === blocked) return;
    chat.blocked = blocked;
    chat.touch();
    const member = { user: this.bot.sender };
    this.core.enqueue(this.bot, {
      my_chat_member: {
        chat: chat.chat,
        from: userObject(this.profile),
        date: unixNow(),
        old_chat_member: { ...member, status: blocked ? 'member' : 'kicked' },
        new_chat_member: blocked ? { ...member, status: 'kicked', until_date: 0 } : { ...member, status: 'member' },
      },
    });
  }

  private waitOn<T>(chat: ChatState, check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const immediate = check();
    if (immediate !== undefined) return Promise.resolve(immediate);
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const unsubscribe = chat.subscribe(() => {
        // Check after the current API call has answered and been recorded,
        // so that calls() already holds it when the wait resolves.
        setImmediate(() => {
          if (settled) return;
          const result = check();
          if (result === undefined) return;
          settled = true;
          clearTimeout(timer);
          unsubscribe();
          resolve(result);
        });
      });
      const timer = setTimeout(() => {
        settled = true;
        unsubscribe();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} from @${this.bot.username}\n${this.transcriptText()}`));
      }, timeoutMs);
    });
  }
}

function matches(matcher: ButtonMatcher, button: TgInlineKeyboardButton, position: ButtonPosition): boolean {
  if (typeof matcher === 'string') return button.text.trim() === matcher.trim();
  if (matcher instanceof RegExp) return matcher.test(button.text);
  return matcher(button, position);
}

function describeMatcher(matcher: ButtonMatcher): string {
  if (typeof matcher === 'string') return `"${matcher}"`;
  if (matcher instanceof RegExp) return String(matcher);
  return 'the predicate';
}

function answerRecord(record: CallbackRecord): CallbackAnswerRecord {
  const answer: CallbackAnswerRecord = {
    callbackQueryId: record.id,
    data: record.data,
    messageId: record.messageId,
    showAlert: record.answer?.showAlert ?? false,
  };
  if (record.answer?.text !== undefined) answer.text = record.answer.text;
  if (record.answer?.url !== undefined) answer.url = record.answer.url;
  if (record.answer?.cacheTime !== undefined) answer.cacheTime = record.answer.cacheTime;
  return answer;
}
