import { hash, timingSafeEqual } from 'node:crypto';
import { autoRetry } from '@grammyjs/auto-retry';
import { type RunnerHandle, run } from '@grammyjs/runner';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import {
  AdapterError,
  type ChannelAdapter,
  type ChannelCapabilities,
  type DeliveryReceipt,
  type ImageStore,
  type InboundSink,
  type Logger,
  type OutboundMessage,
  type SettingsRepository,
  waitAtMost,
} from '@mostrador/core';
import { type ApiClientOptions, Bot, BotError, type Context, HttpError, InputFile, type Transformer } from 'grammy';
import type {
  InlineKeyboardMarkup,
  InputMediaPhoto,
  Message,
  PhotoSize,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
  Update,
} from 'grammy/types';
import { createBotApiFetch } from './bot-api-transport.js';
import { apiDescription, scrubToken, toAdapterError } from './errors.js';
import { ALLOWED_UPDATES, CHANNEL_NAME, toInboundEvent } from './inbound.js';
import {
  KEYBOARD_REMOVAL_TEXT,
  MAX_BUTTONS,
  MAX_BUTTONS_PER_ROW,
  REMOVE_REPLY_KEYBOARD,
  toContactKeyboard,
  toInlineKeyboard,
} from './keyboard.js';
import { parseTelegramOptions, type ResolvedTelegramOptions, type TelegramChannelOptions, type TelegramThrottle } from './options.js';
import { allParts, renderMarkup } from './render.js';
import { BOT_COMMANDS } from './texts.js';

export const TELEGRAM_MAX_TEXT = 4096;
export const TELEGRAM_MAX_CAPTION = 1024;

export const TELEGRAM_CAPABILITIES: ChannelCapabilities = {
  inlineButtons: true,
  urlButtons: true,
  maxButtonsPerRow: MAX_BUTTONS_PER_ROW,
  maxButtons: MAX_BUTTONS,
  editInPlace: true,
  maxTextLength: TELEGRAM_MAX_TEXT,
  maxCaptionLength: TELEGRAM_MAX_CAPTION,
  images: true,
  documents: true,
  // Telegram elides long labels itself; 64 only keeps a keyboard readable.
  maxChoiceLabelLength: 64,
  // callback_data takes 1-64 bytes.
  maxChoicePayloadBytes: 64,
  contactRequest: true,
  toasts: true,
  deepLinks: true,
};

export interface TelegramChannelDependencies {
  /** Catalog images sent as photos. */
  readonly images: ImageStore;
  /** Caches Telegram's file ids of uploaded catalog images (`telegram.file.<botId>.<imageId>`). */
  readonly settings: SettingsRepository;
  /** Fields never hold the token or what customers wrote. Default: warnings and errors to the console. */
  readonly logger?: Logger;
}

/** A webhook request as any web framework can hand it over. */
export interface TelegramWebhookRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The parsed JSON body (a raw JSON string or bytes are parsed too). */
  readonly body: unknown;
}

export interface TelegramWebhookResponse {
  readonly status: number;
  readonly body: unknown;
}

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** Longest a webhook answer waits for the update to be handled; Telegram gives up (and retries) later than this. */
const WEBHOOK_ANSWER_MS = 8_000;
/** Longest stop() waits for updates being handled. */
const DRAIN_MS = 10_000;
/** 429s are waited out up to this long per wait, this many times; then CHANNEL.RATE_LIMITED reaches the caller. */
const RETRY_MAX_ATTEMPTS = 3;
/** Calls only `start` makes: it retries them itself (bounded, see `startRetry`), not autoRetry's longer waits. */
const START_METHODS: ReadonlySet<string> = new Set(['getMe', 'setMyCommands', 'setWebhook', 'deleteWebhook']);

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('stopped while starting'));
    const done = () => {
      clearTimeout(timer);
      reject(new Error('stopped while starting'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', done);
      resolve();
    }, ms);
    signal.addEventListener('abort', done, { once: true });
  });

const MESSAGE_REF = /^(-?\d{1,20}):(\d{1,20})$/;
const CHAT_ID = /^-?\d{1,20}$/;
const NOT_MODIFIED = /message is not modified/i;
/** The message to edit is gone or of another kind: a new message is sent instead. */
const NOT_EDITABLE =
  /message to edit not found|message can't be edited|MESSAGE_ID_INVALID|there is no (text|media|caption) in the message|message not found/i;
const STALE_FILE_ID = /wrong file identifier|wrong remote file|file reference|type of file mismatch|FILE_ID_INVALID/i;

const consoleLogger: Logger = {
  info: () => {},
  warn: (message, fields) => console.warn(message, fields ?? {}),
  error: (message, fields) => console.error(message, fields ?? {}),
};

const EXTENSIONS: Readonly<Record<string, string>> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif' };

type PhotoSource = { readonly kind: 'cached'; readonly fileId: string } | { readonly kind: 'upload'; readonly file: InputFile };

/** What a message may carry: the inline keyboard, the "share my phone number" reply keyboard, or its removal. */
type Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove;

/** One message to deliver; the last of a reply carries the keyboard. */
type SendStep = (keyboard: Markup | undefined) => Promise<Message>;

/** One-shot SHA-256 (`crypto.hash`: half the cost of a Hash object, paid on every webhook update). */
const digest = (value: string): Buffer => hash('sha256', value, 'buffer');

/** Compares digests, so neither the content nor the length of the secret leaks through timing. */
const secretMatches = (given: string | undefined, expectedDigest: Buffer): boolean =>
  given !== undefined && timingSafeEqual(digest(given), expectedDigest);

const headerValue = (headers: Readonly<Record<string, string | undefined>>, name: string): string | undefined => {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
};

const parseBody = (body: unknown): unknown => {
  if (typeof body === 'string' || body instanceof Uint8Array) {
    try {
      return JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
    } catch {
      return undefined;
    }
  }
  return body;
};

const isUpdate = (value: unknown): value is Update =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Number.isSafeInteger((value as { update_id?: unknown }).update_id);

const largest = (sizes: readonly PhotoSize[] | undefined): PhotoSize | undefined =>
  [...(sizes ?? [])].sort((a, b) => a.width * a.height - b.width * b.height || (a.file_size ?? 0) - (b.file_size ?? 0)).pop();

/** Telegram limits messages; chat actions, file look-ups and callback answers are not held back. */
const isPaced = (method: string): boolean => (method.startsWith('send') && method !== 'sendChatAction') || method.startsWith('edit');

const messageThrottler = (throttle: TelegramThrottle): Transformer => {
  const throttler = apiThrottler(throttlerOptions(throttle));
  return (prev, method, payload, signal) => (isPaced(method) ? throttler(prev, method, payload, signal) : prev(method, payload, signal));
};

const throttlerOptions = (throttle: TelegramThrottle): Parameters<typeof apiThrottler>[0] => {
  const perChatGap = Math.ceil(1000 / throttle.perChatPerSecond);
  const global = Math.max(1, Math.floor(throttle.globalPerSecond));
  return {
    global: { reservoir: global, reservoirRefreshAmount: global, reservoirRefreshInterval: 1000 },
    // Groups: Telegram allows about 20 messages a minute.
    group: {
      maxConcurrent: 1,
      minTime: Math.max(perChatGap, 3000),
      reservoir: 20,
      reservoirRefreshAmount: 20,
      reservoirRefreshInterval: 60_000,
    },
    out: { maxConcurrent: 1, minTime: perChatGap },
  };
};

/**
 * Telegram through grammY, as a ChannelAdapter: turns updates (long polling or webhook pushes)
 * into InboundEvents for core's chat driver (the sink given to `connect`), and renders
 * OutboundMessages with inline keyboards, in-place edits and cached photo uploads. Ordering,
 * deduplication, "typing…", retries of failed deliveries and apologies are the driver's.
 */
export class TelegramChannel implements ChannelAdapter {
  readonly name = CHANNEL_NAME;
  readonly phase = 'connect' as const;
  readonly capabilities = TELEGRAM_CAPABILITIES;
  private readonly bot: Bot;
  private readonly logger: Logger;
  private sink: InboundSink | null = null;
  private runner: RunnerHandle | null = null;
  private accepting = false;
  private readonly inFlight = new Set<Promise<void>>();
  /** Aborted by `stop()` while `start()` is still retrying. */
  private starting: AbortController | null = null;
  /** The webhook secret's digest, computed once: every update is checked against it. */
  private readonly secretDigest: Buffer | null;

  constructor(
    private readonly options: ResolvedTelegramOptions,
    private readonly deps: TelegramChannelDependencies,
  ) {
    this.logger = deps.logger ?? consoleLogger;
    this.secretDigest = options.webhookSecret === null ? null : digest(options.webhookSecret);
    this.bot = new Bot(options.token, {
      ...(options.botInfo ? { botInfo: options.botInfo } : {}),
      client: { apiRoot: options.apiRoot, fetch: createBotApiFetch() as unknown as NonNullable<ApiClientOptions['fetch']> },
    });
    // Innermost first: later transformers wrap earlier ones, so retries pass through the throttler.
    this.bot.api.config.use(this.guardTransformer());
    if (options.throttle) this.bot.api.config.use(messageThrottler(options.throttle));
    const retrying = autoRetry({
      maxDelaySeconds: options.rateLimitWaitSeconds,
      maxRetryAttempts: RETRY_MAX_ATTEMPTS,
      rethrowHttpErrors: true,
    });
    this.bot.api.config.use((prev, method, payload, signal) =>
      START_METHODS.has(method) ? prev(method, payload, signal) : retrying(prev, method, payload, signal),
    );
    // Polled updates reach the sink in the order they were fetched; the chat driver orders each chat.
    this.bot.use((ctx) => this.receive(ctx.update));
    this.bot.catch((error) => this.onPollingError(error));
  }

  // ---- lifecycle ----

  /** Where updates go: core's chat driver. Called once, before `start`. */
  connect(sink: InboundSink): void {
    if (this.sink !== null) throw new Error('the Telegram channel is already connected');
    this.sink = sink;
  }

  /**
   * Checks the token (getMe), sets the command menu, then the webhook or long polling. Transient
   * failures are retried with backoff (`startRetry`); the command menu is a convenience, so its
   * failure is a warning; getMe or the webhook failing for good fails the start, saying why.
   */
  async start(): Promise<void> {
    if (this.sink === null) throw new Error('connect the Telegram channel to a chat driver before starting it');
    const starting = new AbortController();
    this.starting = starting;
    try {
      await this.startUp(starting.signal);
    } finally {
      if (this.starting === starting) this.starting = null;
    }
    this.logger.info('telegram channel started', { mode: this.options.mode, bot: this.bot.botInfo.username });
  }

  private async startUp(signal: AbortSignal): Promise<void> {
    // Not bot.init(): it retries getMe without end; start's own retries are bounded.
    if (!this.bot.isInited()) this.bot.botInfo = await this.requiredAtStart('getMe', signal, () => this.bot.api.getMe());
    // Spanish for everyone, English for clients set to English.
    await this.optionalAtStart('setMyCommands', signal, () => this.bot.api.setMyCommands(BOT_COMMANDS.es));
    await this.optionalAtStart('setMyCommands', signal, () => this.bot.api.setMyCommands(BOT_COMMANDS.en, { language_code: 'en' }));
    if (this.options.mode === 'webhook') {
      this.accepting = true;
      try {
        await this.requiredAtStart('setWebhook', signal, () =>
          this.bot.api.setWebhook(this.options.webhookUrl as string, {
            secret_token: this.options.webhookSecret as string,
            allowed_updates: ALLOWED_UPDATES,
            drop_pending_updates: false,
          }),
        );
      } catch (error) {
        this.accepting = false;
        throw error;
      }
    } else {
      // getUpdates is refused while a webhook is set.
      await this.requiredAtStart('deleteWebhook', signal, () => this.bot.api.deleteWebhook({ drop_pending_updates: false }));
      this.accepting = true;
      const runner = run(this.bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES, timeout: 25 }, silent: true } });
      this.runner = runner;
      runner.task()?.catch((error: unknown) => {
        this.logger.error('telegram polling stopped', { error: toAdapterError(error, 'getUpdates', this.options.token).message });
      });
    }
  }

  /**
   * A call start cannot do without: retried while the failure is transient, within `startRetry`;
   * then an AdapterError saying the channel could not start, why, and after how many attempts.
   */
  private async requiredAtStart<T>(method: string, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    const { attempts, firstDelayMs, maxDelayMs } = this.options.startRetry;
    let delayMs = firstDelayMs;
    for (let attempt = 1; ; attempt += 1) {
      let failure: AdapterError;
      try {
        return await work();
      } catch (error) {
        failure = toAdapterError(error, method, this.options.token);
      }
      const retryAfterMs = failure.code === 'CHANNEL.RATE_LIMITED' ? Number(failure.details.retryAfterSeconds ?? 1) * 1000 : 0;
      const waitMs = Math.max(delayMs, retryAfterMs);
      if (!failure.retryable || attempt >= attempts || waitMs > maxDelayMs || signal.aborted) {
        const tries = attempt > 1 ? ` (gave up after ${attempt} attempts)` : '';
        throw new AdapterError(failure.code, `the Telegram channel could not start: ${failure.message}${tries}`, failure.retryable, {
          ...failure.details,
          attempts: attempt,
        });
      }
      this.logger.warn('telegram start: a call failed, retrying', { method, attempt, retryInMs: waitMs, error: failure.message });
      await pause(waitMs, signal);
      delayMs = Math.min(delayMs * 2, maxDelayMs);
    }
  }

  /** A call the channel works without (the command menu): retried like a required one, then only a warning. */
  private async optionalAtStart(method: string, signal: AbortSignal, work: () => Promise<unknown>): Promise<void> {
    try {
      await this.requiredAtStart(method, signal, work);
    } catch (error) {
      if (signal.aborted) throw error;
      this.logger.warn('telegram start: an optional call failed; the channel starts without it', {
        method,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  async stop(): Promise<void> {
    // A start still retrying gives up.
    this.starting?.abort();
    this.accepting = false;
    const runner = this.runner;
    this.runner = null;
    if (runner?.isRunning()) await runner.stop();
    // In webhook mode the webhook stays set: other instances keep serving it.
    await waitAtMost(Promise.allSettled([...this.inFlight]), DRAIN_MS);
  }

  // ---- inbound ----

  /**
   * The webhook endpoint, framework-agnostic (`telegramModule` mounts it as `POST /telegram/webhook`):
   * 401 (and nothing handled) without the right secret header, 400 for a body that is not an
   * update, 200 once handled (or after a few seconds, while it goes on being handled).
   */
  async handleWebhook(request: TelegramWebhookRequest): Promise<TelegramWebhookResponse> {
    const secret = this.secretDigest;
    if (this.options.mode !== 'webhook' || secret === null) return { status: 404, body: { ok: false, error: 'webhook mode is off' } };
    if (!secretMatches(headerValue(request.headers, SECRET_HEADER), secret)) {
      this.logger.warn('telegram webhook refused: wrong or missing secret token');
      return { status: 401, body: { ok: false, error: 'unauthorized' } };
    }
    const update = parseBody(request.body);
    if (!isUpdate(update)) {
      this.logger.warn('telegram webhook refused: the body is not an update');
      return { status: 400, body: { ok: false, error: 'not an update' } };
    }
    // Telegram retries until it gets a 2xx, so a request arriving while stopped is told to come back.
    if (!this.accepting) return { status: 503, body: { ok: false, error: 'not started' } };
    await waitAtMost(this.receive(update), WEBHOOK_ANSWER_MS);
    return { status: 200, body: { ok: true } };
  }

  /**
   * Hands one update to the sink; resolves when it has been handled. A tap is acknowledged through
   * answerCallbackQuery (also for updates that are not handed over), or its button keeps spinning.
   */
  private receive(update: Update): Promise<void> {
    const conversion = toInboundEvent(update, this.bot.botInfo.username, new Date());
    const { callbackQueryId } = conversion;
    if (conversion.kind === 'ignored' || this.sink === null) {
      if (conversion.kind === 'ignored')
        this.logger.info('telegram update ignored', { updateId: update.update_id, reason: conversion.reason });
      else this.logger.error('telegram update dropped: the channel is not connected', { updateId: update.update_id });
      return callbackQueryId !== null ? this.track(this.answerCallback(callbackQueryId, null)) : Promise.resolve();
    }
    return this.track(
      this.sink.deliver({
        event: conversion.event,
        ...(callbackQueryId !== null ? { acknowledge: (toast: string | null) => this.answerCallback(callbackQueryId, toast) } : {}),
      }),
    );
  }

  /** Remembers work `stop()` waits for; the sink never rejects, anything else is logged. */
  private track(work: Promise<void>): Promise<void> {
    const tracked = work.catch((error: unknown) => {
      this.logger.error('telegram update handling failed', { error: toAdapterError(error, 'handleUpdate', this.options.token).message });
    });
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
    return tracked;
  }

  /** Answers a tap; `toast` is shown briefly (at most 200 characters). Never throws. */
  private async answerCallback(callbackQueryId: string, toast: string | null): Promise<void> {
    try {
      await this.bot.api.answerCallbackQuery(callbackQueryId, toast ? { text: toast.slice(0, 200) } : {});
    } catch (error) {
      // A query older than a few minutes cannot be answered any more; nothing to do about it.
      this.logger.warn('telegram callback query not answered', {
        error: toAdapterError(error, 'answerCallbackQuery', this.options.token).message,
      });
    }
  }

  private onPollingError(failure: BotError<Context> | unknown): void {
    const update: unknown = failure instanceof BotError ? failure.ctx.update : undefined;
    const cause = failure instanceof BotError ? failure.error : failure;
    const error = toAdapterError(cause, 'handleUpdate', this.options.token);
    this.logger.error('telegram update failed', {
      updateId: isUpdate(update) ? update.update_id : null,
      code: error.code,
      error: error.message,
    });
  }

  // ---- outbound ----

  async send(chatId: string, message: OutboundMessage): Promise<DeliveryReceipt> {
    const chat = this.chatNumber(chatId);
    const keyboard = toInlineKeyboard(message.choices) ?? undefined;
    const contact = toContactKeyboard(message.requestContact);
    // A message that asks for the contact again replaces the keyboard anyway.
    let dismiss = message.endsContactRequest === true && contact === null;
    let receipt: DeliveryReceipt | null = null;
    if (message.replaces !== undefined) {
      // An edit cannot remove the reply keyboard (and a message sent with the removal can never be edited).
      if (dismiss) await this.sendKeyboardRemoval(chat);
      dismiss = false;
      receipt = await this.tryEdit(chat, message.replaces, message, keyboard);
    }
    if (receipt === null) {
      const steps = await this.plan(chat, message);
      if (steps.length === 0)
        throw new AdapterError('CHANNEL.BAD_REQUEST', 'an outbound message needs text, an image or a document', false);
      // A message carries one reply_markup: a lone message with inline buttons gets the removal on a message of its own, first.
      if (dismiss && keyboard !== undefined && steps.length === 1) {
        await this.sendKeyboardRemoval(chat);
        dismiss = false;
      }
      const removal = dismiss ? REMOVE_REPLY_KEYBOARD : undefined;
      // Without buttons, the contact button (or the removal) rides on the last message itself;
      // with buttons on the last part, the removal rides on the first.
      const lastMarkup = keyboard ?? contact ?? removal;
      const firstMarkup = keyboard !== undefined ? removal : undefined;
      let last: Message | undefined;
      for (const [index, step] of steps.entries()) {
        last = await step(index === steps.length - 1 ? lastMarkup : index === 0 ? firstMarkup : undefined);
      }
      receipt = { messageRef: `${chat}:${(last as Message).message_id}` };
      if (keyboard === undefined) return receipt;
    }
    // A message carries one keyboard: the contact button, a reply keyboard, follows on a message of its own.
    if (contact !== null && message.requestContact !== undefined) {
      await this.call('sendMessage', () => this.bot.api.sendMessage(chat, message.requestContact as string, { reply_markup: contact }));
    }
    return receipt;
  }

  /** A short message whose only job is to take the "share my phone number" keyboard away. */
  private async sendKeyboardRemoval(chat: number): Promise<void> {
    await this.call('sendMessage', () => this.bot.api.sendMessage(chat, KEYBOARD_REMOVAL_TEXT, { reply_markup: REMOVE_REPLY_KEYBOARD }));
  }

  async indicateActivity(chatId: string): Promise<void> {
    try {
      await this.bot.api.sendChatAction(this.chatNumber(chatId), 'typing');
    } catch {
      // Best effort: a missing "typing…" is not worth a failure.
    }
  }

  /**
   * The messages that deliver one OutboundMessage, in order: the photo (captioned with the text, or
   * its beginning), the document (captioned when there is no photo), then the text that did not fit.
   */
  private async plan(chat: number, message: OutboundMessage): Promise<SendStep[]> {
    const imageId = message.imageId;
    const photo = imageId !== undefined ? await this.photoSource(imageId) : null;
    const document = message.document;
    const captioned = photo !== null || document !== undefined;
    const rendered = renderMarkup(message.text, captioned ? TELEGRAM_MAX_CAPTION : TELEGRAM_MAX_TEXT, TELEGRAM_MAX_TEXT);
    const steps: SendStep[] = [];
    if (photo !== null && imageId !== undefined) {
      steps.push((keyboard) => this.sendPhoto(chat, imageId, photo, rendered.first, keyboard));
    }
    if (document !== undefined) {
      const caption = photo === null ? rendered.first : '';
      steps.push((keyboard) =>
        this.call('sendDocument', () =>
          this.bot.api.sendDocument(chat, new InputFile(document.bytes, document.fileName), {
            ...(caption !== '' ? { caption, parse_mode: 'HTML' as const } : {}),
            ...(keyboard ? { reply_markup: keyboard } : {}),
          }),
        ),
      );
    }
    const texts = captioned ? rendered.rest : allParts(rendered);
    for (const text of texts) {
      steps.push((keyboard) =>
        this.call('sendMessage', () =>
          this.bot.api.sendMessage(chat, text, {
            parse_mode: 'HTML',
            link_preview_options: { is_disabled: true },
            ...(keyboard ? { reply_markup: keyboard } : {}),
          }),
        ),
      );
    }
    return steps;
  }

  private async tryEdit(
    chat: number,
    ref: string,
    message: OutboundMessage,
    keyboard: InlineKeyboardMarkup | undefined,
  ): Promise<DeliveryReceipt | null> {
    const match = MESSAGE_REF.exec(ref);
    if (!match || Number(match[1]) !== chat || message.document !== undefined) return null;
    const messageId = Number(match[2]);
    const markup = keyboard ? { reply_markup: keyboard } : {};
    try {
      if (message.imageId !== undefined) {
        const rendered = renderMarkup(message.text, TELEGRAM_MAX_CAPTION);
        if (rendered.rest.length > 0) return null;
        const photo = await this.photoSource(message.imageId);
        if (photo === null) return null;
        const media: InputMediaPhoto = {
          type: 'photo',
          media: photo.kind === 'cached' ? photo.fileId : photo.file,
          ...(rendered.first !== '' ? { caption: rendered.first, parse_mode: 'HTML' as const } : {}),
        };
        const edited = await this.bot.api.editMessageMedia(chat, messageId, media, markup);
        if (photo.kind === 'upload' && edited !== true && 'photo' in edited) await this.rememberPhoto(message.imageId, edited.photo);
      } else {
        const rendered = renderMarkup(message.text, TELEGRAM_MAX_TEXT);
        if (rendered.rest.length > 0 || rendered.first === '') return null;
        await this.bot.api.editMessageText(chat, messageId, rendered.first, {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          ...markup,
        });
      }
      return { messageRef: ref };
    } catch (error) {
      const description = apiDescription(error);
      if (NOT_MODIFIED.test(description)) return { messageRef: ref };
      if (NOT_EDITABLE.test(description) || STALE_FILE_ID.test(description)) return null;
      throw toAdapterError(error, message.imageId !== undefined ? 'editMessageMedia' : 'editMessageText', this.options.token);
    }
  }

  private photoCacheKey(imageId: string): string {
    return `telegram.file.${this.bot.botInfo.id}.${imageId}`;
  }

  /** The cached file id of a catalog image, or its bytes to upload; null when the image cannot be sent as a photo. */
  private async photoSource(imageId: string, useCache = true): Promise<PhotoSource | null> {
    if (useCache) {
      const fileId = await this.deps.settings.get<string>(this.photoCacheKey(imageId));
      if (typeof fileId === 'string' && fileId !== '') return { kind: 'cached', fileId };
    }
    const image = await this.deps.images.get(imageId);
    if (image === null) {
      this.logger.warn('telegram photo skipped: image not found', { imageId });
      return null;
    }
    if (image.bytes.byteLength > this.options.maxPhotoBytes) {
      this.logger.warn('telegram photo skipped: image too big to upload', { imageId, bytes: image.bytes.byteLength });
      return null;
    }
    return { kind: 'upload', file: new InputFile(image.bytes, `${imageId}.${EXTENSIONS[image.mimeType] ?? 'jpg'}`) };
  }

  private async sendPhoto(
    chat: number,
    imageId: string,
    source: PhotoSource,
    caption: string,
    keyboard: Markup | undefined,
  ): Promise<Message> {
    const extra = { ...(caption !== '' ? { caption, parse_mode: 'HTML' as const } : {}), ...(keyboard ? { reply_markup: keyboard } : {}) };
    if (source.kind === 'cached') {
      try {
        return await this.bot.api.sendPhoto(chat, source.fileId, extra);
      } catch (error) {
        if (!STALE_FILE_ID.test(apiDescription(error))) throw toAdapterError(error, 'sendPhoto', this.options.token);
        // Telegram forgot the file (or it belongs to another bot): upload it again.
        await this.deps.settings.delete(this.photoCacheKey(imageId));
        const fresh = await this.photoSource(imageId, false);
        if (fresh === null) throw new AdapterError('CHANNEL.BAD_REQUEST', `image ${imageId} can no longer be sent`, false, { imageId });
        return this.sendPhoto(chat, imageId, fresh, caption, keyboard);
      }
    }
    void this.bot.api.sendChatAction(chat, 'upload_photo').catch(() => {});
    const sent = await this.call('sendPhoto', () => this.bot.api.sendPhoto(chat, source.file, extra));
    await this.rememberPhoto(imageId, sent.photo);
    return sent;
  }

  private async rememberPhoto(imageId: string, sizes: readonly PhotoSize[] | undefined): Promise<void> {
    const best = largest(sizes);
    if (best) await this.deps.settings.set(this.photoCacheKey(imageId), best.file_id);
  }

  // ---- files ----

  async downloadFile(fileRef: string, maxBytes: number): Promise<Uint8Array> {
    if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0)
      throw new AdapterError('CHANNEL.BAD_REQUEST', 'maxBytes must be a positive integer', false);
    const tooBig = (size: number | null) =>
      new AdapterError('CHANNEL.FILE_TOO_BIG', `the file is larger than ${maxBytes} bytes`, false, {
        maxBytes,
        ...(size !== null ? { size } : {}),
      });
    let file: Awaited<ReturnType<Bot['api']['getFile']>>;
    try {
      file = await this.bot.api.getFile(fileRef);
    } catch (error) {
      // Telegram refuses getFile for files over 20 MB.
      if (/file is too big/i.test(apiDescription(error))) throw tooBig(null);
      throw toAdapterError(error, 'getFile', this.options.token);
    }
    if (file.file_size !== undefined && file.file_size > maxBytes) throw tooBig(file.file_size);
    if (!file.file_path) throw new AdapterError('CHANNEL.FILE_UNAVAILABLE', 'Telegram gave no path to download the file', true);

    const url = `${this.options.apiRoot}/file/bot${this.options.token}/${file.file_path}`;
    let response: Response;
    try {
      response = await fetch(url);
    } catch (error) {
      throw new AdapterError(
        'CHANNEL.UNAVAILABLE',
        `file download failed: ${scrubToken(error instanceof Error ? error.message : String(error), this.options.token)}`,
        true,
      );
    }
    if (!response.ok || response.body === null) {
      await response.body?.cancel();
      throw new AdapterError('CHANNEL.FILE_UNAVAILABLE', `file download answered ${response.status}`, response.status >= 500, {
        status: response.status,
      });
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body.cancel();
      throw tooBig(declared);
    }
    // The size Telegram reported may be missing or wrong: the limit also holds while reading.
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw tooBig(null);
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return bytes;
  }

  // ---- plumbing ----

  private chatNumber(chatId: string): number {
    if (!CHAT_ID.test(chatId)) throw new AdapterError('CHANNEL.BAD_REQUEST', 'a Telegram chat id is an integer', false);
    return Number(chatId);
  }

  /** Runs a Bot API call; failures become AdapterErrors that name the method, never the token. */
  private async call<T>(method: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toAdapterError(error, method, this.options.token);
    }
  }

  /**
   * The innermost API transformer: network errors lose the URL (it holds the token) before any
   * other code sees them, and getUpdates answers that are not updates are dropped and logged.
   */
  private guardTransformer(): Transformer {
    const token = this.options.token;
    return async (prev, method, payload, signal) => {
      let result: Awaited<ReturnType<typeof prev>>;
      try {
        result = await prev(method, payload, signal);
      } catch (error) {
        if (error instanceof HttpError) {
          const cause = error.error as { message?: unknown; code?: unknown } | undefined;
          const scrubbed = new Error(scrubToken(String(cause?.message ?? ''), token));
          // The system error code (ECONNREFUSED…) carries no secret and says whether the request left.
          if (typeof cause?.code === 'string') Object.assign(scrubbed, { code: cause.code });
          throw new HttpError(scrubToken(error.message, token), scrubbed);
        }
        throw error;
      }
      if (method === 'getUpdates' && result.ok && Array.isArray(result.result)) {
        const updates = result.result as unknown[];
        const valid = updates.filter(isUpdate);
        if (valid.length !== updates.length) {
          this.logger.warn('telegram updates dropped: not updates', { count: updates.length - valid.length });
          // Entries without an update_id cannot move the polling offset past them, so the server may
          // send them again: when a batch holds nothing else, wait before asking again rather than spin.
          if (valid.length === 0) await new Promise((resolve) => setTimeout(resolve, JUNK_BACKOFF_MS));
          return { ...result, result: valid } as typeof result;
        }
      }
      return result;
    };
  }
}

const JUNK_BACKOFF_MS = 1_000;

/** Validates the options (throwing a ValidationError that names the bad one) and builds the channel. */
export function createTelegramChannel(options: TelegramChannelOptions, deps: TelegramChannelDependencies): TelegramChannel {
  return new TelegramChannel(parseTelegramOptions(options), deps);
}
