import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CHAT_PAGE_HTML } from './chat-page.js';
import type { EmulatorCore } from './core.js';
import { renderEntitiesHtml } from './formatting.js';
import { type ReplyButtonKind, replyButtonKind } from './markup.js';
import { parseRequest, readBody } from './request-params.js';
import type { BotState, ChatNotice, ChatState, StoredMessage } from './state.js';
import type { TelegramTestUser } from './test-user.js';
import type { TgFileObject, TgMessage } from './types.js';

/** One bubble of the chat page; all text is either escaped HTML (`*Html`) or plain. */
export interface ChatPageMessage {
  id: number;
  side: 'user' | 'bot';
  date: number;
  edited: boolean;
  html?: string;
  captionHtml?: string;
  photo?: { url: string; width: number; height: number };
  file?: { url: string; name: string; size: number; mimeType?: string; kind: string };
  location?: { latitude: number; longitude: number };
  contact?: { name: string; phone: string };
  replyTo?: { side: 'user' | 'bot'; preview: string };
  keyboard?: Array<Array<{ text: string; kind: 'callback' | 'url' | 'other'; url?: string }>>;
}

export interface ChatPageState {
  version: number;
  bot: { username: string; firstName: string };
  user: { id: number; firstName: string; languageCode?: string; phoneNumber: string };
  messages: ChatPageMessage[];
  /** Current chat action ("typing", "upload_photo", ...). */
  action?: string;
  notices: ChatNotice[];
  replyKeyboard?: ChatPageReplyButton[][];
  blocked: boolean;
}

export interface ChatPageUser {
  id: number;
  firstName: string;
  languageCode: string;
  /** E.164; what a `request_contact` button shares. */
  phoneNumber: string;
}

/** A reply-keyboard button under the composer; `kind` says what tapping it sends. */
export interface ChatPageReplyButton {
  text: string;
  kind: ReplyButtonKind;
}

const MAX_WAIT_MS = 30_000;

const fileUrl = (fileId: string): string => `/chat/api/files/${encodeURIComponent(fileId)}`;

function preview(message: TgMessage): string {
  if (message.text) return message.text.slice(0, 80);
  if (message.caption) return message.caption.slice(0, 80);
  if (message.photo) return 'Photo';
  if (message.document) return message.document.file_name ?? 'File';
  if (message.contact) return 'Contact';
  if (message.location) return 'Location';
  return 'Message';
}

function toPageMessage(stored: StoredMessage): ChatPageMessage {
  const { message } = stored;
  const view: ChatPageMessage = {
    id: message.message_id,
    side: stored.fromBot ? 'bot' : 'user',
    date: message.date,
    edited: message.edit_date !== undefined,
  };
  if (message.text !== undefined) view.html = renderEntitiesHtml(message.text, message.entities);
  if (message.caption !== undefined) view.captionHtml = renderEntitiesHtml(message.caption, message.caption_entities);
  const largest = message.photo?.[message.photo.length - 1];
  if (largest) view.photo = { url: fileUrl(largest.file_id), width: largest.width, height: largest.height };
  const fileKinds = ['document', 'video', 'audio', 'voice', 'animation', 'sticker', 'video_note'] as const;
  for (const kind of fileKinds) {
    const file: TgFileObject | undefined = message[kind];
    if (!file) continue;
    view.file = { url: fileUrl(file.file_id), name: file.file_name ?? kind, size: file.file_size, kind };
    if (file.mime_type) view.file.mimeType = file.mime_type;
  }
  if (message.location) view.location = { ...message.location };
  if (message.contact) {
    view.contact = {
      name: [message.contact.first_name, message.contact.last_name].filter(Boolean).join(' '),
      phone: message.contact.phone_number,
    };
  }
  if (message.reply_to_message) {
    view.replyTo = { side: message.reply_to_message.from.is_bot ? 'bot' : 'user', preview: preview(message.reply_to_message) };
  }
  const keyboard = message.reply_markup?.inline_keyboard;
  if (keyboard && keyboard.length > 0) {
    view.keyboard = keyboard.map((row) =>
      row.map((button) => {
        if (button.callback_data !== undefined) return { text: button.text, kind: 'callback' as const };
        if (typeof button.url === 'string') return { text: button.text, kind: 'url' as const, url: button.url };
        return { text: button.text, kind: 'other' as const };
      }),
    );
  }
  return view;
}

export function chatPageState(bot: BotState, chat: ChatState | undefined, user: TelegramTestUser, profileName: string): ChatPageState {
  const state: ChatPageState = {
    version: chat?.version ?? 0,
    bot: { username: bot.username, firstName: bot.firstName },
    user: { id: user.id, firstName: profileName, phoneNumber: user.phoneNumber },
    messages: (chat?.visible() ?? []).map(toPageMessage),
    notices: [...(chat?.notices ?? [])],
    blocked: chat?.blocked ?? false,
  };
  if (user.languageCode) state.user.languageCode = user.languageCode;
  const action = chat?.currentAction();
  if (action) state.action = action;
  if (chat?.replyKeyboard) {
    state.replyKeyboard = chat.replyKeyboard.keyboard.map((row) =>
      row.map((button) => ({ text: button.text, kind: replyButtonKind(button) })),
    );
  }
  return state;
}

class ChatApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(payload);
}

/**
 * The browser chat page and its JSON API under /chat/api. Every action goes
 * through the same TelegramTestUser driver that tests use.
 */
export class ChatPageApi {
  constructor(
    private readonly core: EmulatorCore,
    private readonly pageUser: ChatPageUser,
    private readonly userFor: (bot: BotState, userId: number) => TelegramTestUser,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    try {
      await this.route(req, res, url);
    } catch (error) {
      if (res.headersSent) {
        res.end();
        return;
      }
      const status = error instanceof ChatApiError ? error.status : 400;
      sendJson(res, status, { ok: false, error: (error as Error).message });
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    if (path === '/chat' && method === 'GET') {
      // A per-response nonce: only the page's own script runs, never markup that slipped into a message.
      const nonce = randomBytes(16).toString('base64');
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'none'`,
      });
      res.end(CHAT_PAGE_HTML.replace('<script>', `<script nonce="${nonce}">`));
      return;
    }
    const fileMatch = /^\/chat\/api\/files\/([^/]+)$/.exec(path);
    if (fileMatch && method === 'GET') {
      this.serveFile(res, decodeURIComponent(fileMatch[1] as string));
      return;
    }
    if (path === '/chat/api/bots' && method === 'GET') {
      sendJson(res, 200, {
        ok: true,
        bots: [...this.core.bots.values()].map((bot) => ({ username: bot.username, firstName: bot.firstName })),
        user: this.pageUser,
      });
      return;
    }
    if (path === '/chat/api/state' && method === 'GET') {
      await this.state(req, res, url);
      return;
    }
    if (method !== 'POST') throw new ChatApiError(404, 'not found');
    const parsed = parseRequest(req.headers['content-type'], url.searchParams, await readBody(req));
    const field = (name: string): string | undefined => {
      const value = parsed.params[name];
      return value === undefined || value === null ? undefined : String(value);
    };
    const { bot, user } = this.target(field('bot'), field('user'));
    switch (path) {
      case '/chat/api/send': {
        const text = (field('text') ?? '').trim();
        if (!text) throw new ChatApiError(400, 'text is empty');
        const message = await user.sendText(text);
        sendJson(res, 200, { ok: true, messageId: message.message_id });
        return;
      }
      case '/chat/api/keyboard': {
        // A reply-keyboard button, by its label: the driver sends what Telegram would (text, contact, location).
        const text = field('text') ?? '';
        if (!text.trim()) throw new ChatApiError(400, 'text is empty');
        const message = await user.pressKeyboardButton(text);
        sendJson(res, 200, { ok: true, messageId: message.message_id });
        return;
      }
      case '/chat/api/tap': {
        const messageId = Number(field('messageId'));
        const row = Number(field('row'));
        const column = Number(field('column'));
        const query = await user.tapButton((_, position) => position.row === row && position.column === column, {
          message: messageId,
        });
        sendJson(res, 200, { ok: true, callbackQueryId: query.id });
        return;
      }
      case '/chat/api/photo': {
        const photo = parsed.files.get('photo');
        if (!photo || photo.data.length === 0) throw new ChatApiError(400, 'no photo in the request');
        const options: { caption?: string; mimeType?: string } = {};
        const caption = field('caption')?.trim();
        if (caption) options.caption = caption;
        if (photo.contentType) options.mimeType = photo.contentType;
        const message = await user.sendPhoto(photo.data, options);
        sendJson(res, 200, { ok: true, messageId: message.message_id });
        return;
      }
      case '/chat/api/language': {
        const code = field('languageCode') ?? '';
        if (!/^[a-z]{2}$/.test(code)) throw new ChatApiError(400, 'languageCode must be two lower-case letters');
        user.setLanguage(code);
        sendJson(res, 200, { ok: true, languageCode: code });
        return;
      }
      case '/chat/api/reset': {
        user.clearHistory();
        // A fresh start includes unblocking, so the START button works again.
        user.unblock();
        sendJson(res, 200, { ok: true, bot: bot.username });
        return;
      }
      default:
        throw new ChatApiError(404, 'not found');
    }
  }

  private target(botName: string | undefined, userId: string | undefined): { bot: BotState; user: TelegramTestUser } {
    let bot: BotState | undefined;
    if (botName) bot = this.core.findBot(botName);
    else bot = this.core.bots.values().next().value;
    if (!bot) throw new ChatApiError(404, botName ? `unknown bot @${botName}` : 'no bot registered');
    const id = userId ? Number(userId) : this.pageUser.id;
    if (!Number.isInteger(id) || id <= 0) throw new ChatApiError(400, 'user must be a positive integer');
    return { bot, user: this.userFor(bot, id) };
  }

  /** Long poll: answers as soon as the chat changes past `since`, or after `wait` ms. */
  private async state(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const { bot, user } = this.target(url.searchParams.get('bot') ?? undefined, url.searchParams.get('user') ?? undefined);
    const since = Number(url.searchParams.get('since') ?? '-1');
    const wait = Math.min(MAX_WAIT_MS, Math.max(0, Number(url.searchParams.get('wait') ?? '0') || 0));
    const profile = this.core.users.get(user.id);
    if (!profile) throw new ChatApiError(404, `unknown user ${user.id}`);
    // Opening the chat state does not start the chat: the bot still cannot write first.
    const chat = this.core.openChat(bot, profile);
    if (chat.version <= since && wait > 0) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          unsubscribe();
          req.off('close', done);
          resolve();
        };
        const unsubscribe = chat.subscribe(done);
        const timer = setTimeout(done, wait);
        req.on('close', done);
      });
    }
    if (res.destroyed) return;
    sendJson(res, 200, { ok: true, ...chatPageState(bot, chat, user, profile.firstName) });
  }

  private serveFile(res: ServerResponse, fileId: string): void {
    const file = this.core.files.get(fileId);
    if (!file) throw new ChatApiError(404, 'file not found');
    const headers: Record<string, string | number> = {
      'content-type': file.blob.mimeType,
      'content-length': file.blob.data.length,
      'cache-control': 'private, max-age=3600',
      'x-content-type-options': 'nosniff',
    };
    // Only images render inline; anything else downloads, so no uploaded HTML/SVG can run in the page's origin.
    const inline = /^image\/(png|jpeg|gif|webp)$/.test(file.blob.mimeType);
    const name = (file.blob.fileName ?? file.blob.filePath.split('/').pop() ?? 'file').replace(/["\\\r\n]/g, '_');
    headers['content-disposition'] = `${inline ? 'inline' : 'attachment'}; filename="${name}"`;
    res.writeHead(200, headers);
    res.end(file.blob.data);
  }
}
