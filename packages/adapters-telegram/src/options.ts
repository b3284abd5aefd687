import { ValidationError } from '@mostrador/core';
import type { UserFromGetMe } from 'grammy/types';

/** Outbound pacing within Telegram's limits (about 30 messages/s per bot, 1/s per chat). */
export interface TelegramThrottle {
  readonly globalPerSecond: number;
  readonly perChatPerSecond: number;
}

/**
 * What `getMe` answers, at least id, first name and username; given in tests (or by a caller that
 * already knows it) to skip that call. Missing flags default to false.
 */
export type TelegramBotInfo = Pick<UserFromGetMe, 'id' | 'first_name' | 'username'> & Partial<UserFromGetMe>;

/**
 * How `start` retries its Bot API calls after a transient failure (5xx, a network error, an answer
 * that is not the Bot API's, 429): up to `attempts` tries in all, waiting `firstDelayMs`, then
 * twice as long each time, at most `maxDelayMs` (a longer retry_after gives up at once).
 */
export interface TelegramStartRetry {
  readonly attempts: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

export interface TelegramChannelOptions {
  /** The bot token from @BotFather (`123456:ABC…`). Never logged, never in an error. */
  readonly token: string;
  /** `webhook` in production (any instance serves any update), `polling` for development. */
  readonly mode: 'webhook' | 'polling';
  /** Bot API server; default https://api.telegram.org. No trailing slash. */
  readonly apiRoot?: string;
  /** Public HTTPS URL that reaches `handleWebhook` (the app mounts it at `POST /telegram/webhook`). Required in webhook mode. */
  readonly webhookUrl?: string;
  /** Shared secret Telegram sends in `X-Telegram-Bot-Api-Secret-Token`: 1–256 of `A-Za-z0-9_-`. Required in webhook mode. */
  readonly webhookSecret?: string;
  /** Largest catalog image uploaded as a photo; default 10 MB (Telegram's limit). */
  readonly maxPhotoBytes?: number;
  /** Outbound pacing; `false` turns it off (fast tests). Default 30/s per bot, 1/s per chat. */
  readonly throttle?: TelegramThrottle | false;
  readonly botInfo?: TelegramBotInfo;
  /** Retries of the calls `start` makes. Default 5 attempts, 1 s doubling up to 30 s (about 15 s before giving up). */
  readonly startRetry?: Partial<TelegramStartRetry>;
  /**
   * The longest 429 `retry_after` (seconds) a send waits out itself, up to 3 times, before throwing
   * `CHANNEL.RATE_LIMITED` (default 60). 0 hands every 429 to the caller at once: what bulk senders
   * paced by a job queue want, since the queue then pauses every worker sharing the limit instead of
   * one request retrying on top of the paced flow.
   */
  readonly rateLimitWaitSeconds?: number;
}

/** Options after validation, with every default filled in. */
export interface ResolvedTelegramOptions {
  readonly token: string;
  readonly mode: 'webhook' | 'polling';
  readonly apiRoot: string;
  readonly webhookUrl: string | null;
  readonly webhookSecret: string | null;
  readonly maxPhotoBytes: number;
  readonly throttle: TelegramThrottle | false;
  readonly botInfo: UserFromGetMe | null;
  readonly startRetry: TelegramStartRetry;
  readonly rateLimitWaitSeconds: number;
}

export const DEFAULT_API_ROOT = 'https://api.telegram.org';
export const TELEGRAM_MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const DEFAULT_THROTTLE: TelegramThrottle = { globalPerSecond: 30, perChatPerSecond: 1 };
export const DEFAULT_START_RETRY: TelegramStartRetry = { attempts: 5, firstDelayMs: 1_000, maxDelayMs: 30_000 };
export const DEFAULT_RATE_LIMIT_WAIT_SECONDS = 60;

const TOKEN_PATTERN = /^\d{1,20}:[A-Za-z0-9_-]{20,100}$/;
const SECRET_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

const invalid = (option: string, problem: string): ValidationError =>
  new ValidationError('TELEGRAM.OPTIONS_INVALID', `Telegram channel option "${option}" ${problem}`, { option });

const isPositiveNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;

const parseHttpUrl = (option: string, value: unknown, httpsOnly: boolean): URL => {
  if (typeof value !== 'string' || value === '') throw invalid(option, 'must be a URL');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(option, 'must be a URL');
  }
  const allowed = httpsOnly ? ['https:'] : ['https:', 'http:'];
  if (!allowed.includes(url.protocol)) throw invalid(option, `must be an ${httpsOnly ? 'https' : 'http(s)'} URL`);
  return url;
};

/**
 * Checks the options at registration so a wrong token format or a missing webhook secret fails at
 * start with a message that names the option. Values of secrets are never repeated in messages.
 */
export function parseTelegramOptions(options: TelegramChannelOptions): ResolvedTelegramOptions {
  if (typeof options !== 'object' || options === null) throw invalid('options', 'must be an object');
  if (typeof options.token !== 'string' || !TOKEN_PATTERN.test(options.token)) {
    throw invalid('token', 'is not a bot token (expected the "<digits>:<secret>" form BotFather gives)');
  }
  if (options.mode !== 'webhook' && options.mode !== 'polling') throw invalid('mode', 'must be "webhook" or "polling"');

  let apiRoot = DEFAULT_API_ROOT;
  if (options.apiRoot !== undefined) {
    parseHttpUrl('apiRoot', options.apiRoot, false);
    if (options.apiRoot.endsWith('/')) throw invalid('apiRoot', 'must not end with "/"');
    apiRoot = options.apiRoot;
  }

  let webhookUrl: string | null = null;
  let webhookSecret: string | null = null;
  if (options.webhookSecret !== undefined) {
    if (typeof options.webhookSecret !== 'string' || !SECRET_PATTERN.test(options.webhookSecret)) {
      throw invalid('webhookSecret', 'must be 1-256 characters of A-Z, a-z, 0-9, "_" and "-"');
    }
    webhookSecret = options.webhookSecret;
  }
  if (options.webhookUrl !== undefined) {
    // Telegram only pushes to HTTPS; plain http is accepted for local emulators.
    webhookUrl = parseHttpUrl('webhookUrl', options.webhookUrl, false).toString();
  }
  if (options.mode === 'webhook') {
    if (webhookUrl === null) throw invalid('webhookUrl', 'is required in webhook mode');
    if (webhookSecret === null) throw invalid('webhookSecret', 'is required in webhook mode (updates are authenticated with it)');
  }

  const maxPhotoBytes = options.maxPhotoBytes ?? TELEGRAM_MAX_PHOTO_BYTES;
  if (!Number.isInteger(maxPhotoBytes) || maxPhotoBytes <= 0) throw invalid('maxPhotoBytes', 'must be a positive integer');

  let throttle: TelegramThrottle | false = DEFAULT_THROTTLE;
  if (options.throttle === false) throttle = false;
  else if (options.throttle !== undefined) {
    if (!isPositiveNumber(options.throttle.globalPerSecond)) throw invalid('throttle.globalPerSecond', 'must be a positive number');
    if (!isPositiveNumber(options.throttle.perChatPerSecond)) throw invalid('throttle.perChatPerSecond', 'must be a positive number');
    throttle = { globalPerSecond: options.throttle.globalPerSecond, perChatPerSecond: options.throttle.perChatPerSecond };
  }

  let botInfo: UserFromGetMe | null = null;
  if (options.botInfo !== undefined) {
    const info = options.botInfo;
    if (typeof info !== 'object' || info === null || !Number.isInteger(info.id) || typeof info.username !== 'string') {
      throw invalid('botInfo', 'must be the getMe answer (id, first_name and username at least)');
    }
    if (!options.token.startsWith(`${info.id}:`)) throw invalid('botInfo', 'does not belong to the bot of the token');
    botInfo = {
      can_join_groups: false,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
      ...info,
      is_bot: true,
    };
  }

  const startRetry: TelegramStartRetry = { ...DEFAULT_START_RETRY, ...options.startRetry };
  if (!Number.isInteger(startRetry.attempts) || startRetry.attempts < 1 || startRetry.attempts > 20)
    throw invalid('startRetry.attempts', 'must be a whole number from 1 to 20');
  if (!Number.isInteger(startRetry.firstDelayMs) || startRetry.firstDelayMs < 0)
    throw invalid('startRetry.firstDelayMs', 'must be a whole number of milliseconds');
  if (!Number.isInteger(startRetry.maxDelayMs) || startRetry.maxDelayMs < startRetry.firstDelayMs)
    throw invalid('startRetry.maxDelayMs', 'must be a whole number of milliseconds, at least startRetry.firstDelayMs');

  const rateLimitWaitSeconds = options.rateLimitWaitSeconds ?? DEFAULT_RATE_LIMIT_WAIT_SECONDS;
  if (!Number.isInteger(rateLimitWaitSeconds) || rateLimitWaitSeconds < 0 || rateLimitWaitSeconds > 300)
    throw invalid('rateLimitWaitSeconds', 'must be a whole number of seconds from 0 to 300');
  return {
    token: options.token,
    mode: options.mode,
    apiRoot,
    webhookUrl,
    webhookSecret,
    maxPhotoBytes,
    throttle,
    botInfo,
    startRetry,
    rateLimitWaitSeconds,
  };
}
