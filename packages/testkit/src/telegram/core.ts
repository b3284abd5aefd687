import { randomBytes } from 'node:crypto';
import { FileStore } from './file-store.js';
import { type RateLimitChange, SendRateLimiter } from './rate-limit.js';
import type { RequestTransport } from './request-params.js';
import { type BotSetup, BotState, ChatState, DEFAULT_EXCLUDED_UPDATES, defaultPhoneNumber, type UserProfile, updateType } from './state.js';
import type { TgApiResponse, TgUpdate } from './types.js';

/** One Bot API request as the emulator saw and answered it. */
export interface RecordedCall {
  seq: number;
  /** Epoch milliseconds. */
  at: number;
  token: string;
  /** Undefined when the token was not registered. */
  botUsername?: string;
  /** As in the URL (method names are case-insensitive in the Bot API). */
  method: string;
  params: Record<string, unknown>;
  files: Array<{ field: string; filename?: string; contentType?: string; size: number }>;
  transport: RequestTransport;
  status: number;
  response: TgApiResponse;
}

/** An injected failure for the next call of a method. */
export interface FaultSpec {
  /** Answer 429 Too Many Requests with this retry_after (seconds). */
  retryAfter?: number;
  /** Any other error instead (e.g. 500, 502); description defaults sensibly. */
  errorCode?: number;
  description?: string;
  /**
   * Not a Bot API answer: this body, with status `errorCode` (default 502) — what a proxy or load
   * balancer in front of the Bot API sends, e.g. `{ contentType: 'text/html', text: '<html>…' }`.
   */
  rawBody?: { readonly contentType: string; readonly text: string };
  /** `{"ok":false,"error_code":N}` with no `description` (some self-hosted Bot API servers and proxies). */
  omitDescription?: boolean;
  /** Close the connection without answering: a network failure. */
  disconnect?: boolean;
}

export interface UserSetup {
  id?: number;
  firstName: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
  /** Default: the phone the user already had, else `defaultPhoneNumber(id)`. */
  phoneNumber?: string;
}

/** Shared state and operations behind the HTTP API, the test driver and the chat page. */
export class EmulatorCore {
  readonly bots = new Map<string, BotState>();
  readonly users = new Map<number, UserProfile>();
  readonly files = new FileStore();
  readonly limiter: SendRateLimiter;
  readonly callLog: RecordedCall[] = [];
  /** Set by the emulator: starts webhook delivery for a bot. */
  webhookKick: (bot: BotState) => void = () => {};
  private readonly faults: Array<{ method: string; fault: FaultSpec }> = [];
  private nextUserId = 700_000_001;
  private nextBotId = 7_000_000_001;
  private callSeq = 0;

  constructor(rateLimits: RateLimitChange = {}) {
    this.limiter = new SendRateLimiter(rateLimits);
  }

  createBot(setup: BotSetup): BotState {
    const prefix = setup.token ? /^(\d+):/.exec(setup.token)?.[1] : undefined;
    const id = setup.id ?? (prefix ? Number(prefix) : this.nextBotId++);
    const token = setup.token ?? `${id}:AA${randomBytes(24).toString('base64url')}`;
    if (this.bots.has(token)) throw new Error(`a bot with token ${token} is already registered`);
    const username = setup.username.replace(/^@/, '');
    if ([...this.bots.values()].some((bot) => bot.username.toLowerCase() === username.toLowerCase())) {
      throw new Error(`a bot named @${username} is already registered`);
    }
    const bot = new BotState({ ...setup, id, token, username });
    this.bots.set(token, bot);
    return bot;
  }

  /** By token, or by username (with or without @, case-insensitive). */
  findBot(tokenOrUsername: string): BotState | undefined {
    const direct = this.bots.get(tokenOrUsername);
    if (direct) return direct;
    const name = tokenOrUsername.replace(/^@/, '').toLowerCase();
    return [...this.bots.values()].find((bot) => bot.username.toLowerCase() === name);
  }

  requireBot(tokenOrUsername: string | undefined): BotState {
    if (tokenOrUsername === undefined) {
      const all = [...this.bots.values()];
      if (all.length === 1) return all[0] as BotState;
      if (all.length === 0) throw new Error('no bot registered: call emulator.createBot() first');
      throw new Error(`several bots are registered (${all.map((bot) => `@${bot.username}`).join(', ')}): say which one`);
    }
    const bot = this.findBot(tokenOrUsername);
    if (!bot) throw new Error(`unknown bot ${tokenOrUsername}`);
    return bot;
  }

  upsertUser(setup: UserSetup): UserProfile {
    const id = setup.id ?? this.nextUserId++;
    const existing = this.users.get(id);
    const profile: UserProfile = existing ?? { id, firstName: setup.firstName, phoneNumber: defaultPhoneNumber(id) };
    profile.firstName = setup.firstName;
    if (setup.phoneNumber !== undefined) profile.phoneNumber = setup.phoneNumber;
    if (setup.lastName !== undefined) profile.lastName = setup.lastName;
    if (setup.username !== undefined) profile.username = setup.username;
    if (setup.languageCode !== undefined) profile.languageCode = setup.languageCode;
    this.users.set(id, profile);
    return profile;
  }

  openChat(bot: BotState, profile: UserProfile): ChatState {
    let chat = bot.chats.get(profile.id);
    if (!chat) {
      chat = new ChatState(bot, profile);
      bot.chats.set(profile.id, chat);
    }
    return chat;
  }

  /**
   * Queues an update for the bot, honouring allowed_updates like Telegram
   * (a filtered update is never created). Returns its update_id, or
   * undefined when filtered out.
   */
  enqueue(bot: BotState, update: Omit<TgUpdate, 'update_id'>): number | undefined {
    const type = updateType(update);
    const allowed = bot.allowedUpdates;
    const wanted = allowed && allowed.length > 0 ? type !== undefined && allowed.includes(type) : !DEFAULT_EXCLUDED_UPDATES.has(type ?? '');
    if (!wanted) return undefined;
    const updateId = bot.nextUpdateId++;
    bot.updates.push({ updateId, payload: { update_id: updateId, ...update } });
    this.wake(bot);
    return updateId;
  }

  /** Queues anything as an update, for malformed-update tests. */
  enqueueRaw(bot: BotState, payload: unknown, assignUpdateId: boolean): number {
    let updateId: number;
    let body = payload;
    const record =
      typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
    if (record && typeof record.update_id === 'number' && Number.isInteger(record.update_id)) {
      updateId = record.update_id;
      bot.nextUpdateId = Math.max(bot.nextUpdateId, updateId + 1);
    } else {
      updateId = bot.nextUpdateId++;
      if (record && assignUpdateId) body = { update_id: updateId, ...record };
    }
    bot.updates.push({ updateId, payload: body });
    this.wake(bot);
    return updateId;
  }

  private wake(bot: BotState): void {
    bot.poller?.wake();
    bot.notifyUpdate();
    this.webhookKick(bot);
  }

  failNext(method: string, fault: FaultSpec): void {
    this.faults.push({ method: method.toLowerCase(), fault });
  }

  takeFault(method: string): FaultSpec | undefined {
    const index = this.faults.findIndex((entry) => entry.method === method.toLowerCase() || entry.method === '*');
    if (index < 0) return undefined;
    return this.faults.splice(index, 1)[0]?.fault;
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  record(call: Omit<RecordedCall, 'seq'>): RecordedCall {
    const entry: RecordedCall = { seq: ++this.callSeq, ...call };
    this.callLog.push(entry);
    return entry;
  }
}
