import { randomBytes, randomInt } from 'node:crypto';
import type { TgBotCommand, TgBotUser, TgChat, TgMessage, TgReplyKeyboardMarkup, TgUpdate, TgUser } from './types.js';

/** The simulated human's profile; shared by every chat the user has with any bot. */
export interface UserProfile {
  id: number;
  firstName: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
  /**
   * The phone number of the user's Telegram account (E.164), shared when the user taps a
   * `request_contact` reply-keyboard button. Never part of the User object, as in Telegram.
   */
  phoneNumber: string;
}

export interface StoredMessage {
  message: TgMessage;
  fromBot: boolean;
  deleted: boolean;
  /** Chat version at which the message appeared. */
  sentVersion: number;
  /** Chat version of the last change (send, edit). */
  changedVersion: number;
  /**
   * Sent with a reply keyboard, its removal or force_reply: Telegram refuses to edit such a
   * message ("message can't be edited"), because what the keyboard does depends on its content.
   */
  uneditable?: boolean;
}

export interface CallbackAnswer {
  text?: string;
  showAlert: boolean;
  url?: string;
  cacheTime?: number;
  answeredAt: number;
}

export interface CallbackRecord {
  id: string;
  data: string;
  messageId: number;
  createdAt: number;
  answer?: CallbackAnswer;
}

/** A toast/alert the chat page shows (answerCallbackQuery text). */
export interface ChatNotice {
  id: number;
  text: string;
  alert: boolean;
}

export interface QueuedUpdate {
  updateId: number;
  /** What goes on the wire: normally a TgUpdate, anything for injected raw updates. */
  payload: unknown;
}

export interface WebhookConfig {
  url: string;
  secretToken?: string;
  maxConnections: number;
  allowedUpdates?: string[];
  ipAddress?: string;
}

export interface BotSetup {
  token?: string;
  username: string;
  firstName: string;
  id?: number;
}

const NOTICE_LIMIT = 20;
/** A chat action shows for 5 seconds or until the bot's next message, as in Telegram clients. */
export const CHAT_ACTION_MS = 5000;

export class ChatState {
  readonly messages: StoredMessage[] = [];
  readonly callbacks = new Map<string, CallbackRecord>();
  readonly notices: ChatNotice[] = [];
  readonly chatInstance = BigInt.asIntN(64, BigInt(`0x${randomBytes(8).toString('hex')}`)).toString();
  nextMessageId = 1;
  version = 0;
  /** Version at the latest user action: waitForMessages counts from here. */
  markVersion = 0;
  blocked = false;
  /** Set by the user's first message: until then the bot cannot write (403). */
  started = false;
  chatAction: { action: string; until: number } | undefined;
  replyKeyboard: TgReplyKeyboardMarkup | undefined;
  private nextNoticeId = 1;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly bot: BotState,
    readonly user: UserProfile,
  ) {}

  get chat(): TgChat {
    const chat: TgChat = { id: this.user.id, type: 'private', first_name: this.user.firstName };
    if (this.user.lastName) chat.last_name = this.user.lastName;
    if (this.user.username) chat.username = this.user.username;
    return chat;
  }

  /** Records a change and wakes waiters (driver waits, chat page long-polls). */
  touch(): number {
    this.version++;
    for (const listener of [...this.listeners]) listener();
    return this.version;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  find(messageId: number): StoredMessage | undefined {
    return this.messages.find((stored) => stored.message.message_id === messageId && !stored.deleted);
  }

  visible(): StoredMessage[] {
    return this.messages.filter((stored) => !stored.deleted);
  }

  addNotice(text: string, alert: boolean): void {
    this.notices.push({ id: this.nextNoticeId++, text, alert });
    if (this.notices.length > NOTICE_LIMIT) this.notices.shift();
  }

  currentAction(now = Date.now()): string | undefined {
    return this.chatAction && this.chatAction.until > now ? this.chatAction.action : undefined;
  }
}

export class BotState {
  readonly id: number;
  readonly token: string;
  readonly username: string;
  readonly firstName: string;
  readonly updates: QueuedUpdate[] = [];
  readonly chats = new Map<number, ChatState>();
  readonly commands = new Map<string, TgBotCommand[]>();
  /** setMyName/description/menu button and similar settings, keyed by method family and language. */
  readonly settings = new Map<string, unknown>();
  /** callback_query id -> chat, so answerCallbackQuery can find the query. */
  readonly callbackChats = new Map<string, ChatState>();
  nextUpdateId: number;
  allowedUpdates: string[] | undefined;
  webhook: WebhookConfig | undefined;
  webhookError: { date: number; message: string } | undefined;
  /** The pending long-poll getUpdates, if any. */
  poller: { wake(): void; terminate(reason: string): void } | undefined;
  private readonly updateListeners = new Set<() => void>();

  constructor(setup: BotSetup & { id: number; token: string }) {
    this.id = setup.id;
    this.token = setup.token;
    this.username = setup.username;
    this.firstName = setup.firstName;
    // Real update ids are large and arbitrary; start away from 0 to expose falsy-id bugs. Drawn
    // from a wide range so an emulator started again (the demo after a restart, over a database
    // that recorded the last run's update ids as processed) does not hand out ids already seen,
    // which the bot would rightly skip as redeliveries. Stays within 32 bits, as Telegram's do.
    this.nextUpdateId = randomInt(100_000_000, 1_100_000_000);
  }

  get user(): TgBotUser {
    return {
      id: this.id,
      is_bot: true,
      first_name: this.firstName,
      username: this.username,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    };
  }

  /** The `from` of the bot's messages: the short User form. */
  get sender(): TgUser {
    return { id: this.id, is_bot: true, first_name: this.firstName, username: this.username };
  }

  onUpdate(listener: () => void): () => void {
    this.updateListeners.add(listener);
    return () => this.updateListeners.delete(listener);
  }

  notifyUpdate(): void {
    for (const listener of [...this.updateListeners]) listener();
  }
}

/**
 * The phone a simulated user has when none is given: a Buenos Aires mobile in E.164,
 * +54 9 11 followed by the user id's last 8 digits (user 4242 → +5491100004242).
 * Deterministic, so tests and demos can assert it.
 */
export function defaultPhoneNumber(userId: number): string {
  return `+54911${String(Math.abs(userId) % 100_000_000).padStart(8, '0')}`;
}

export function userObject(profile: UserProfile): TgUser {
  const user: TgUser = { id: profile.id, is_bot: false, first_name: profile.firstName };
  if (profile.lastName) user.last_name = profile.lastName;
  if (profile.username) user.username = profile.username;
  if (profile.languageCode) user.language_code = profile.languageCode;
  return user;
}

/** The update's type: its first field besides update_id (used for allowed_updates). */
export function updateType(update: Omit<TgUpdate, 'update_id'>): string | undefined {
  return Object.keys(update).find((key) => key !== 'update_id');
}

/** Types delivered when allowed_updates is empty or unset, per the Bot API. */
export const DEFAULT_EXCLUDED_UPDATES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

export const unixNow = (): number => Math.floor(Date.now() / 1000);

export const clone = <T>(value: T): T => structuredClone(value);
