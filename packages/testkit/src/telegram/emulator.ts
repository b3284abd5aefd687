import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BotApiError, notFound, tooManyRequests, unauthorized } from './api-error.js';
import { type ApiOptions, ApiResult, BOT_API_METHODS, canonicalMethod, type MethodContext } from './bot-api.js';
import { ChatPageApi, type ChatPageUser } from './chat-api.js';
import { EmulatorCore, type FaultSpec, type RecordedCall } from './core.js';
import type { EmulatedFile } from './file-store.js';
import type { RateLimitChange, RateLimitConfig } from './rate-limit.js';
import { type ParsedRequest, parseRequest, type RequestTransport, readBody, type UploadedFile } from './request-params.js';
import { type BotState, clone } from './state.js';
import { TelegramTestUser, type TelegramUserOptions } from './test-user.js';
import type { TgApiResponse, TgBotUser } from './types.js';
import { DEFAULT_WEBHOOK_DELIVERY, type WebhookDeliveryOptions, WebhookDispatcher } from './webhook.js';

export interface TelegramEmulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port chosen by the OS. */
  port?: number;
  /** Send limits; off unless `enabled: true`. */
  rateLimits?: RateLimitChange;
  /** Webhook retry timing; tests usually shorten it. */
  webhook?: Partial<WebhookDeliveryOptions>;
  /** Reject http:// webhook URLs as real Telegram does (default false: local bots listen on http). */
  requireHttpsWebhook?: boolean;
  /**
   * The simulated user behind the browser chat page. Default: id 5550001, "Ana", Spanish, phone
   * +5491155550123 (a Buenos Aires mobile in E.164), the number a `request_contact` button shares.
   */
  chatPageUser?: Partial<ChatPageUser>;
  /** Diagnostics (unexpected handler errors); silent by default. */
  log?: (line: string) => void;
}

export interface CreateBotOptions {
  /** Default: generated as `<id>:<secret>`; a numeric prefix becomes the bot id, as in real tokens. */
  token?: string;
  username: string;
  firstName: string;
}

/** A registered bot, as tests see it. */
export interface EmulatedBot {
  id: number;
  token: string;
  username: string;
  firstName: string;
  /** What getMe answers. */
  user: TgBotUser;
}

export type CallFilter = string | { method?: string; bot?: string } | ((call: RecordedCall) => boolean);

/** The demo's customer: the phone is a made-up Buenos Aires mobile (+54 9 11 5555-0123). */
const DEFAULT_PAGE_USER: ChatPageUser = { id: 5_550_001, firstName: 'Ana', languageCode: 'es', phoneNumber: '+5491155550123' };

function describeBot(bot: BotState): EmulatedBot {
  return { id: bot.id, token: bot.token, username: bot.username, firstName: bot.firstName, user: bot.user };
}

/**
 * A local Telegram Bot API server for tests and demos: point grammY at
 * `apiRoot` (`new Bot(token, { client: { apiRoot } })`), drive simulated
 * users with `user()`, and open `chatUrl()` in a browser.
 *
 * Reply-keyboard buttons behave as in Telegram clients, on the page and in
 * `TelegramTestUser.pressKeyboardButton`: a plain button sends its label, a
 * `request_contact` button sends the user's own contact (message.contact with
 * phone_number, first_name, last_name, user_id = the sender). Every simulated
 * user has a phone for that: `phoneNumber` when given, +5491155550123 for the
 * default page user, otherwise +54 9 11 and the id's last 8 digits
 * (user 4242 → +5491100004242). All made-up Buenos Aires mobiles in E.164.
 */
export class TelegramEmulator {
  private readonly core: EmulatorCore;
  private readonly options: TelegramEmulatorOptions;
  private readonly apiOptions: ApiOptions;
  private webhooks: WebhookDispatcher;
  private readonly chatPage: ChatPageApi;
  private server: Server | undefined;
  private origin_: string | undefined;
  private answerHold: { readonly released: Promise<void> } | null = null;
  /** A hold that starts once `remaining` more matching calls have been recorded. */
  private pendingHold: {
    remaining: number;
    readonly matches: (call: RecordedCall) => boolean;
    readonly hold: { readonly released: Promise<void> };
  } | null = null;
  private heldAnswers_ = 0;

  constructor(options: TelegramEmulatorOptions = {}) {
    this.options = options;
    this.core = new EmulatorCore(options.rateLimits);
    this.apiOptions = { requireHttpsWebhook: options.requireHttpsWebhook ?? false };
    this.webhooks = this.newDispatcher();
    this.core.webhookKick = (bot) => this.webhooks.kick(bot);
    const pageUser = { ...DEFAULT_PAGE_USER, ...options.chatPageUser };
    // Registered up front, so the page user keeps its phone even if a test drives the same id first.
    this.core.upsertUser(pageUser);
    this.chatPage = new ChatPageApi(this.core, pageUser, (bot, userId) => {
      const profile =
        this.core.users.get(userId) ??
        this.core.upsertUser(
          userId === pageUser.id ? pageUser : { id: userId, firstName: `User ${userId}`, languageCode: pageUser.languageCode },
        );
      return new TelegramTestUser(this.core, bot, profile);
    });
  }

  async start(): Promise<void> {
    if (this.server) return;
    // A stopped dispatcher stays stopped: a restart gets a fresh one and resumes pending deliveries.
    this.webhooks = this.newDispatcher();
    for (const bot of this.core.bots.values()) this.webhooks.kick(bot);
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.options.log?.(`telegram-emulator: ${(error as Error).stack ?? String(error)}`);
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error_code: 500, description: 'Internal Server Error' }));
        } else res.end();
      });
    });
    // Long polls last up to the client's timeout: never let Node cut them.
    server.requestTimeout = 0;
    server.headersTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.origin_ = `http://${host}:${address.port}`;
    this.server = server;
  }

  /** Ends long polls and webhook deliveries, then closes every connection (grammY keeps them alive). */
  async stop(): Promise<void> {
    this.webhooks.stop();
    for (const bot of this.core.bots.values()) bot.poller?.terminate('terminated by the server shutting down');
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** `http://127.0.0.1:<port>`: the value for grammY's `client.apiRoot` (no trailing slash). */
  get apiRoot(): string {
    if (!this.origin_) throw new Error('TelegramEmulator is not started: await emulator.start() first');
    return this.origin_;
  }

  /** The browser chat page for a bot (default: the first registered). */
  chatUrl(bot?: string, userId?: number): string {
    const query = new URLSearchParams();
    if (bot) query.set('bot', this.core.requireBot(bot).username);
    if (userId !== undefined) query.set('user', String(userId));
    const search = query.toString();
    return `${this.apiRoot}/chat${search ? `?${search}` : ''}`;
  }

  createBot(options: CreateBotOptions): EmulatedBot {
    return describeBot(this.core.createBot(options));
  }

  bots(): EmulatedBot[] {
    return [...this.core.bots.values()].map(describeBot);
  }

  /**
   * A simulated user talking to a bot. The same id always means the same
   * person (profile fields given here update it) and the same chat.
   */
  user(options: TelegramUserOptions): TelegramTestUser {
    const bot = this.core.requireBot(options.bot);
    const { bot: _bot, ...profile } = options;
    return new TelegramTestUser(this.core, bot, this.core.upsertUser(profile));
  }

  /**
   * Queues any JSON as the bot's next update. An object without an integer
   * update_id gets one (unless `assignUpdateId: false`); returns the id used
   * for offset confirmation.
   */
  injectRawUpdate(token: string, update: unknown, options: { assignUpdateId?: boolean } = {}): number {
    const bot = this.core.bots.get(token) ?? this.core.requireBot(token);
    return this.core.enqueueRaw(bot, clone(update), options.assignUpdateId ?? true);
  }

  /** Updates not yet confirmed (getUpdates) or delivered (webhook). */
  pendingUpdates(bot?: string): unknown[] {
    return this.core.requireBot(bot).updates.map((entry) => clone(entry.payload));
  }

  /** Every Bot API call so far, oldest first; filter by method name, bot, or predicate. */
  calls(filter?: CallFilter): RecordedCall[] {
    const all = this.core.callLog;
    if (filter === undefined) return all.map(clone);
    return all.filter(this.callPredicate(filter)).map(clone);
  }

  /** How many calls `calls(filter)` would return, without copying them (cheap to poll during long runs). */
  countCalls(filter?: CallFilter): number {
    if (filter === undefined) return this.core.callLog.length;
    const predicate = this.callPredicate(filter);
    let count = 0;
    for (const call of this.core.callLog) if (predicate(call)) count++;
    return count;
  }

  private callPredicate(filter: CallFilter): (call: RecordedCall) => boolean {
    if (typeof filter === 'function') return filter;
    const spec = typeof filter === 'string' ? { method: filter } : filter;
    const method = spec.method?.toLowerCase();
    const bot = spec.bot ? this.core.requireBot(spec.bot) : undefined;
    return (call) => (!method || call.method.toLowerCase() === method) && (!bot || call.token === bot.token);
  }

  clearCalls(): void {
    this.core.callLog.length = 0;
  }

  /**
   * Makes the next call of `method` ('*' for any) fail. By default a 429
   * `Too Many Requests: retry after N` with parameters.retry_after = N. Call it again to queue
   * more failures. Besides Bot API errors: an HTML (or any) body (`rawBody`), a Bot API error
   * without `description` (`omitDescription`), or a dropped connection (`disconnect`).
   */
  failNext(method: string, fault: FaultSpec = { retryAfter: 1 }): void {
    this.core.failNext(method, fault);
  }

  clearFaults(): void {
    this.core.clearFaults();
  }

  /**
   * Holds back the answers of Bot API calls until `release()`: calls are still carried out and
   * recorded (a message is delivered), only the HTTP answer waits, as over a slow network. Crash
   * tests use it to kill a sender while its requests have reached Telegram but their answers
   * have not reached it. With `afterCalls`, holding starts at a deterministic point: with the
   * answer of the `afterCalls`-th call matching `filter` (counted from now) and every call after
   * it.
   */
  holdAnswers(options: { readonly afterCalls?: number; readonly filter?: CallFilter } = {}): { release(): void } {
    if (this.answerHold !== null || this.pendingHold !== null) throw new Error('answers are already held');
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const hold = { released };
    if (options.afterCalls === undefined) this.answerHold = hold;
    else
      this.pendingHold = {
        remaining: options.afterCalls,
        matches: options.filter === undefined ? () => true : this.callPredicate(options.filter),
        hold,
      };
    return {
      release: () => {
        this.answerHold = null;
        this.pendingHold = null;
        release();
      },
    };
  }

  /** Calls carried out whose answer `holdAnswers` is holding back right now. */
  get heldAnswers(): number {
    return this.heldAnswers_;
  }

  /** Switches send limits at run time (buckets restart). */
  setRateLimits(change: RateLimitChange): void {
    this.core.limiter.configure(change);
  }

  get rateLimits(): RateLimitConfig {
    return this.core.limiter.settings;
  }

  /** A stored file (uploaded by the bot or sent by a user), with its bytes. */
  file(fileId: string): EmulatedFile | undefined {
    const stored = this.core.files.get(fileId);
    return stored ? this.core.files.describe(stored) : undefined;
  }

  private newDispatcher(): WebhookDispatcher {
    return new WebhookDispatcher({ ...DEFAULT_WEBHOOK_DELIVERY, ...this.options.webhook }, (bot, body) =>
      this.executeWebhookReply(bot, body),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const path = url.pathname;
    const api = /^\/bot([^/]+)\/([^/]*)$/.exec(path);
    if (api) {
      await this.handleApi(req, res, decodeURIComponent(api[1] as string), api[2] as string, url.searchParams);
      return;
    }
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(path);
    if (file) {
      await this.handleDownload(req, res, decodeURIComponent(file[1] as string), decodeURIComponent(file[2] as string));
      return;
    }
    if (path === '/chat' || path.startsWith('/chat/')) {
      await this.chatPage.handle(req, res, url);
      return;
    }
    if (path === '/favicon.ico') {
      req.resume();
      res.writeHead(204);
      res.end();
      return;
    }
    if (path === '/' && req.method === 'GET') {
      res.writeHead(302, { location: '/chat' });
      res.end();
      return;
    }
    req.resume();
    this.sendJson(res, 404, notFound().toJSON());
  }

  private async handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    token: string,
    methodName: string,
    query: URLSearchParams,
  ): Promise<void> {
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const bot = this.core.bots.get(token);
    let parsed: ParsedRequest = { params: {}, files: new Map(), transport: 'query' };
    let status: number;
    let response: TgApiResponse;
    let raw: RawAnswer | undefined;
    let closeAfter = false;
    try {
      parsed = parseRequest(req.headers['content-type'], query, await readBody(req));
      ({ status, response, raw } = await this.execute(bot, methodName, parsed, controller.signal));
    } catch (error) {
      ({ status, response, raw } = this.failure(error));
      // An oversized body was not read to the end: the connection cannot be reused.
      closeAfter = status === 413;
    }
    const recorded = this.core.record({
      at: Date.now(),
      token,
      ...(bot ? { botUsername: bot.username } : {}),
      method: canonicalMethod(methodName) ?? methodName,
      params: clone(parsed.params),
      files: describeFiles(parsed.files),
      transport: parsed.transport,
      status,
      response: clone(response),
    });
    if (this.pendingHold?.matches(recorded)) {
      this.pendingHold.remaining -= 1;
      if (this.pendingHold.remaining <= 0) {
        this.answerHold = this.pendingHold.hold;
        this.pendingHold = null;
      }
    }
    if (this.answerHold !== null) {
      this.heldAnswers_++;
      await this.answerHold.released;
      this.heldAnswers_--;
    }
    if (res.destroyed) return;
    if (raw?.kind === 'disconnect') {
      res.destroy();
      return;
    }
    if (raw?.kind === 'body') {
      res.writeHead(status, { 'content-type': raw.contentType, 'content-length': Buffer.byteLength(raw.text) });
      res.end(raw.text);
      return;
    }
    this.sendJson(res, status, response, closeAfter);
  }

  private async execute(bot: BotState | undefined, methodName: string, parsed: ParsedRequest, signal: AbortSignal): Promise<FailureAnswer> {
    try {
      if (!bot) throw unauthorized();
      const method = canonicalMethod(methodName);
      const handler = method ? BOT_API_METHODS[method] : undefined;
      if (!method || !handler) throw notFound();
      const fault = this.core.takeFault(method);
      if (fault) throw faultError(fault);
      const context: MethodContext = {
        core: this.core,
        bot,
        params: parsed.params,
        files: parsed.files,
        signal,
        options: this.apiOptions,
      };
      const result = await handler(context);
      if (result instanceof ApiResult) {
        return {
          status: 200,
          response: { ok: true, result: result.result, ...(result.description ? { description: result.description } : {}) },
        };
      }
      return { status: 200, response: { ok: true, result } };
    } catch (error) {
      return this.failure(error);
    }
  }

  private failure(error: unknown): FailureAnswer {
    if (error instanceof BotApiError) return { status: error.errorCode, response: error.toJSON() };
    if (error instanceof RawFault) {
      const recorded =
        error.answer.kind === 'disconnect' ? 'connection closed without an answer' : `not a Bot API answer (${error.answer.contentType})`;
      return { status: error.status, response: { ok: false, error_code: error.status, description: recorded }, raw: error.answer };
    }
    this.options.log?.(`telegram-emulator: handler failed: ${(error as Error).stack ?? String(error)}`);
    return { status: 500, response: { ok: false, error_code: 500, description: 'Internal Server Error' } };
  }

  /** A method call returned in a webhook response body: executed and recorded, its result discarded. */
  private async executeWebhookReply(bot: BotState, body: Record<string, unknown>): Promise<void> {
    const { method, ...params } = body;
    const parsed: ParsedRequest = { params, files: new Map(), transport: 'webhook-reply' satisfies RequestTransport };
    const { status, response } = await this.execute(bot, String(method), parsed, new AbortController().signal);
    this.core.record({
      at: Date.now(),
      token: bot.token,
      botUsername: bot.username,
      method: canonicalMethod(String(method)) ?? String(method),
      params: clone(params),
      files: [],
      transport: 'webhook-reply',
      status,
      response: clone(response),
    });
  }

  private async handleDownload(req: IncomingMessage, res: ServerResponse, token: string, filePath: string): Promise<void> {
    req.resume();
    const bot = this.core.bots.get(token);
    if (!bot) {
      this.sendJson(res, 401, unauthorized().toJSON());
      return;
    }
    const blob = this.core.files.blobByPath(bot.id, filePath);
    if (!blob) {
      this.sendJson(res, 404, notFound().toJSON());
      return;
    }
    res.writeHead(200, { 'content-type': blob.mimeType, 'content-length': blob.data.length });
    res.end(blob.data);
  }

  private sendJson(res: ServerResponse, status: number, body: unknown, close = false): void {
    const payload = JSON.stringify(body);
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
    };
    if (close) headers.connection = 'close';
    res.writeHead(status, headers);
    res.end(payload);
  }
}

/** An injected answer that is not a Bot API one: a body of another kind, or none at all. */
type RawAnswer = { readonly kind: 'body'; readonly contentType: string; readonly text: string } | { readonly kind: 'disconnect' };

/** How a call is answered; `raw` replaces the Bot API JSON on the wire (the record keeps `response`). */
interface FailureAnswer {
  status: number;
  response: TgApiResponse;
  raw?: RawAnswer;
}

/** An injected fault answered with something other than a Bot API error (status 0: no answer). */
class RawFault extends Error {
  constructor(
    readonly status: number,
    readonly answer: RawAnswer,
  ) {
    super(`injected ${answer.kind} fault`);
    this.name = 'RawFault';
  }
}

function faultError(fault: FaultSpec): BotApiError | RawFault {
  if (fault.disconnect) return new RawFault(0, { kind: 'disconnect' });
  const rawStatus = fault.errorCode ?? 502;
  if (fault.rawBody) return new RawFault(rawStatus, { kind: 'body', contentType: fault.rawBody.contentType, text: fault.rawBody.text });
  if (fault.omitDescription) {
    const text = JSON.stringify({ ok: false, error_code: rawStatus });
    return new RawFault(rawStatus, { kind: 'body', contentType: 'application/json', text });
  }
  if (fault.errorCode !== undefined && fault.errorCode !== 429) {
    const defaults: Record<number, string> = {
      400: 'Bad Request',
      403: 'Forbidden',
      500: 'Internal Server Error',
      502: 'Bad Gateway',
    };
    return new BotApiError(fault.errorCode, fault.description ?? defaults[fault.errorCode] ?? 'Error');
  }
  const retryAfter = fault.retryAfter ?? 1;
  const error = tooManyRequests(retryAfter);
  return fault.description ? new BotApiError(429, fault.description, error.parameters) : error;
}

function describeFiles(files: Map<string, UploadedFile>): RecordedCall['files'] {
  return [...files.values()].map((file) => {
    const entry: RecordedCall['files'][number] = { field: file.field, size: file.data.length };
    if (file.filename) entry.filename = file.filename;
    if (file.contentType) entry.contentType = file.contentType;
    return entry;
  });
}
