import { badRequest, conflict, entityTooLarge, forbidden, tooManyRequests } from './api-error.js';
import type { EmulatorCore } from './core.js';
import type { StoredFile, StoredFileKind } from './file-store.js';
import { type FormattedText, parseFormatted } from './formatting.js';
import { parseReplyMarkup } from './markup.js';
import { resolveMimeType, sniffImage } from './media.js';
import { optBool, optInt, optJson, optNumber, optString, optStringArray, type Params, requireInt } from './params.js';
import type { UploadedFile } from './request-params.js';
import { type BotState, CHAT_ACTION_MS, type ChatState, clone, type StoredMessage, unixNow } from './state.js';
import type {
  TgBotCommand,
  TgFile,
  TgFileObject,
  TgInlineKeyboardMarkup,
  TgMessage,
  TgMessageEntity,
  TgPhotoSize,
  TgReplyMarkup,
  TgWebhookInfo,
} from './types.js';

export interface ApiOptions {
  /** Real Telegram only accepts https webhooks; local tests use http, so this is off by default. */
  requireHttpsWebhook: boolean;
}

export interface MethodContext {
  core: EmulatorCore;
  bot: BotState;
  params: Params;
  files: Map<string, UploadedFile>;
  /** Aborted when the client goes away (long polls stop waiting). */
  signal: AbortSignal;
  options: ApiOptions;
}

/** A successful result that also carries Telegram's optional `description`. */
export class ApiResult {
  constructor(
    readonly result: unknown,
    readonly description?: string,
  ) {}
}

type Handler = (ctx: MethodContext) => unknown;

export const MAX_TEXT_LENGTH = 4096;
export const MAX_CAPTION_LENGTH = 1024;
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
const MAX_PHOTO_UPLOAD_BYTES = 10 * 1024 * 1024;
const MAX_FILE_UPLOAD_BYTES = 50 * 1024 * 1024;
const URL_FETCH_TIMEOUT_MS = 5000;

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

const COMMAND_SCOPES = new Set([
  'default',
  'all_private_chats',
  'all_group_chats',
  'all_chat_administrators',
  'chat',
  'chat_administrators',
  'chat_member',
]);

// ---------------------------------------------------------------------------
// Shared helpers

function chatIdOf(params: Params): number {
  const raw = params.chat_id;
  if (raw === undefined || raw === null || raw === '') throw badRequest('chat_id is empty');
  if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
  if (typeof raw === 'string' && /^-?\d+$/.test(raw.trim())) return Number(raw.trim());
  // @channel usernames: the emulator only has private chats.
  throw badRequest('chat not found');
}

function findChat(ctx: MethodContext, params: Params = ctx.params): ChatState {
  const id = chatIdOf(params);
  const chat = ctx.bot.chats.get(id);
  if (chat?.started) return chat;
  if (ctx.core.users.has(id)) throw forbidden("bot can't initiate conversation with a user");
  throw badRequest('chat not found');
}

/** A chat the bot may send to right now. */
function sendableChat(ctx: MethodContext): ChatState {
  const chat = findChat(ctx);
  if (chat.blocked) throw forbidden('bot was blocked by the user');
  return chat;
}

function validateEntities(raw: unknown, field: string): TgMessageEntity[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) throw badRequest(`can't parse ${field} JSON object`);
  return raw.map((entity) => {
    const value = entity as Partial<TgMessageEntity> | null;
    if (
      !value ||
      typeof value.type !== 'string' ||
      !Number.isInteger(value.offset) ||
      !Number.isInteger(value.length) ||
      (value.offset as number) < 0 ||
      (value.length as number) < 0
    ) {
      throw badRequest(`can't parse ${field}: wrong entity`);
    }
    return { ...(value as TgMessageEntity) };
  });
}

/** The message text (or caption) after parse_mode/entities, with Telegram's limits applied. */
function formattedField(
  ctx: MethodContext,
  field: 'text' | 'caption',
  entitiesField: 'entities' | 'caption_entities',
): FormattedText | undefined {
  const raw = optString(ctx.params, field);
  if (raw === undefined || raw === '') {
    if (field === 'text') throw badRequest('message text is empty');
    return undefined;
  }
  const parseMode = optString(ctx.params, 'parse_mode');
  const explicit = validateEntities(optJson(ctx.params, entitiesField), entitiesField);
  // Explicit entities take the text verbatim; parse_mode is ignored then, as in the Bot API.
  const formatted = explicit ? { text: raw, entities: explicit } : parseFormatted(raw, parseMode);
  if (field === 'text') {
    if (formatted.text.trim() === '') throw badRequest('message text is empty');
    if (formatted.text.length > MAX_TEXT_LENGTH) throw badRequest('message is too long');
  } else if (formatted.text.length > MAX_CAPTION_LENGTH) {
    throw badRequest('message caption is too long');
  }
  return formatted;
}

function withText(message: Partial<TgMessage>, formatted: FormattedText): void {
  message.text = formatted.text;
  if (formatted.entities.length > 0) message.entities = formatted.entities;
  else delete message.entities;
}

function withCaption(message: Partial<TgMessage>, formatted: FormattedText | undefined): void {
  if (formatted && formatted.text !== '') {
    message.caption = formatted.text;
    if (formatted.entities.length > 0) message.caption_entities = formatted.entities;
    else delete message.caption_entities;
  } else {
    delete message.caption;
    delete message.caption_entities;
  }
}

function isInline(markup: TgReplyMarkup | undefined): markup is TgInlineKeyboardMarkup {
  return markup !== undefined && 'inline_keyboard' in markup;
}

interface SendOptions {
  markup: TgReplyMarkup | undefined;
  replyTo: TgMessage | undefined;
  protect: boolean;
}

function sendOptions(ctx: MethodContext, chat: ChatState): SendOptions {
  const markup = parseReplyMarkup(optJson(ctx.params, 'reply_markup'));
  const replyParameters = optJson(ctx.params, 'reply_parameters') as
    | { message_id?: unknown; allow_sending_without_reply?: unknown }
    | undefined;
  const replyId =
    replyParameters && typeof replyParameters === 'object' ? Number(replyParameters.message_id) : optInt(ctx.params, 'reply_to_message_id');
  const allowWithout =
    replyParameters && typeof replyParameters === 'object'
      ? replyParameters.allow_sending_without_reply === true
      : optBool(ctx.params, 'allow_sending_without_reply') === true;
  let replyTo: TgMessage | undefined;
  if (replyId !== undefined && !Number.isNaN(replyId)) {
    const target = chat.find(replyId);
    if (target) {
      replyTo = clone(target.message);
      delete replyTo.reply_to_message;
    } else if (!allowWithout) {
      throw badRequest('message to be replied not found');
    }
  }
  return { markup, replyTo, protect: optBool(ctx.params, 'protect_content') === true };
}

function acquireSendSlot(ctx: MethodContext, chat: ChatState): void {
  const wait = ctx.core.limiter.acquire(ctx.bot.id, chat.user.id);
  if (wait > 0) throw tooManyRequests(wait);
}

/** Stores a new bot message in the chat and returns what the API answers with. */
function storeBotMessage(ctx: MethodContext, chat: ChatState, content: Partial<TgMessage>, options: SendOptions): TgMessage {
  const message: TgMessage = {
    message_id: chat.nextMessageId++,
    from: ctx.bot.sender,
    chat: chat.chat,
    date: unixNow(),
    ...content,
  };
  if (options.replyTo) message.reply_to_message = options.replyTo;
  if (isInline(options.markup)) message.reply_markup = options.markup;
  if (options.protect) message.has_protected_content = true;
  if (options.markup && 'keyboard' in options.markup) chat.replyKeyboard = options.markup;
  if (options.markup && 'remove_keyboard' in options.markup) chat.replyKeyboard = undefined;
  const version = chat.version + 1;
  const stored: StoredMessage = { message, fromBot: true, deleted: false, sentVersion: version, changedVersion: version };
  if (options.markup !== undefined && !isInline(options.markup)) stored.uneditable = true;
  chat.messages.push(stored);
  // A message ends the "typing…" indicator, as in Telegram clients.
  chat.chatAction = undefined;
  chat.touch();
  return clone(message);
}

function sendContent(ctx: MethodContext, chat: ChatState, content: Partial<TgMessage>): TgMessage {
  const options = sendOptions(ctx, chat);
  acquireSendSlot(ctx, chat);
  return storeBotMessage(ctx, chat, content, options);
}

// ---------------------------------------------------------------------------
// Files

type ResolvedInput = { upload: UploadedFile } | { existing: StoredFile };

async function resolveInput(ctx: MethodContext, value: unknown, kind: StoredFileKind, field: string): Promise<ResolvedInput> {
  if (typeof value !== 'string' || value === '') throw badRequest(`there is no ${field} in the request`);
  if (value.startsWith('attach://')) {
    const name = value.slice('attach://'.length);
    const upload = ctx.files.get(name);
    if (!upload) throw badRequest(`wrong file identifier/HTTP URL specified: attached file "${name}" not found`);
    return { upload };
  }
  if (/^https?:\/\//i.test(value)) return { upload: await fetchUrl(value, field) };
  const existing = ctx.core.files.get(value);
  // File ids are per bot in Telegram: another bot's id is as unknown as a made-up one.
  if (!existing || existing.botId !== ctx.bot.id) throw badRequest('wrong file identifier/HTTP URL specified');
  if (existing.kind !== kind) throw badRequest('type of file mismatch');
  return { existing };
}

async function inputFile(ctx: MethodContext, field: string, kind: StoredFileKind): Promise<ResolvedInput> {
  // The file may come as a part named after the field itself, or by attach://name.
  const direct = ctx.files.get(field);
  if (direct) return { upload: direct };
  return resolveInput(ctx, ctx.params[field], kind, field);
}

async function fetchUrl(url: string, field: string): Promise<UploadedFile> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(URL_FETCH_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const data = Buffer.from(await response.arrayBuffer());
    const file: UploadedFile = { field, data };
    const name = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    if (name) file.filename = name;
    const type = response.headers.get('content-type');
    if (type) file.contentType = type;
    return file;
  } catch {
    throw badRequest('failed to get HTTP URL content');
  }
}

function checkUpload(upload: UploadedFile, limit: number): void {
  if (upload.data.length === 0) throw badRequest('file must be non-empty');
  if (upload.data.length > limit) throw entityTooLarge();
}

function photoFrom(ctx: MethodContext, input: ResolvedInput): TgPhotoSize[] {
  if ('existing' in input) return clone(input.existing.photo ?? []);
  checkUpload(input.upload, MAX_PHOTO_UPLOAD_BYTES);
  return ctx.core.files.storePhoto(ctx.bot.id, input.upload.data, input.upload.contentType);
}

type FileKind = Exclude<StoredFileKind, 'photo'>;

function fileFrom(ctx: MethodContext, input: ResolvedInput, kind: FileKind, extra: Params = ctx.params): TgFileObject {
  let stored: StoredFile;
  if ('existing' in input) {
    stored = input.existing;
  } else {
    checkUpload(input.upload, MAX_FILE_UPLOAD_BYTES);
    const { data, filename } = input.upload;
    stored = ctx.core.files.storeFile(ctx.bot.id, kind, data, resolveMimeType(input.upload.contentType, filename, data), filename);
  }
  const object = ctx.core.files.fileObject(stored);
  const image = kind === 'sticker' || kind === 'animation' || kind === 'video' ? sniffImage(stored.blob.data) : undefined;
  const duration = optInt(extra, 'duration');
  const width = optInt(extra, 'width') ?? image?.width;
  const height = optInt(extra, 'height') ?? image?.height;
  switch (kind) {
    case 'video':
    case 'animation':
      Object.assign(object, { width: width ?? 640, height: height ?? 360, duration: duration ?? 0 });
      break;
    case 'audio':
    case 'voice':
      object.duration = duration ?? 0;
      if (kind === 'voice') delete object.file_name;
      break;
    case 'video_note':
      Object.assign(object, { length: optInt(extra, 'length') ?? 240, duration: duration ?? 0 });
      delete object.file_name;
      break;
    case 'sticker':
      Object.assign(object, { width: width ?? 512, height: height ?? 512, type: 'regular', is_animated: false, is_video: false });
      delete object.file_name;
      delete object.mime_type;
      break;
    default:
      break;
  }
  return object;
}

// ---------------------------------------------------------------------------
// Updates and webhooks

function confirmUpdates(bot: BotState, offset: number | undefined): void {
  if (offset === undefined || offset === 0) return;
  if (offset < 0) {
    // A negative offset keeps only the last |offset| updates and forgets the rest.
    const keep = -offset;
    if (bot.updates.length > keep) bot.updates.splice(0, bot.updates.length - keep);
    return;
  }
  const remaining = bot.updates.filter((update) => update.updateId >= offset);
  bot.updates.splice(0, bot.updates.length, ...remaining);
}

function getUpdates(ctx: MethodContext): unknown {
  const { bot, params } = ctx;
  if (bot.webhook) {
    throw conflict("can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
  }
  const offset = optInt(params, 'offset');
  const limit = Math.min(100, Math.max(1, optInt(params, 'limit') ?? 100));
  const timeout = Math.max(0, optInt(params, 'timeout') ?? 0);
  const allowed = optStringArray(params, 'allowed_updates');
  if (allowed !== undefined) bot.allowedUpdates = allowed;
  // Only one getUpdates may wait at a time: a newer request ends the older one, as in Telegram.
  bot.poller?.terminate('terminated by other getUpdates request; make sure that only one bot instance is running');
  confirmUpdates(bot, offset);
  const take = (): unknown[] => bot.updates.slice(0, limit).map((update) => update.payload);
  if (bot.updates.length > 0 || timeout === 0) return take();

  return new Promise<unknown>((resolve, reject) => {
    let done = false;
    const finish = (settle: () => void): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
      if (bot.poller === poller) bot.poller = undefined;
      settle();
    };
    const onAbort = (): void => finish(() => resolve([]));
    const poller = {
      // Wait a tick so that updates queued together are answered together.
      wake: () => setImmediate(() => finish(() => resolve(take()))),
      terminate: (reason: string) => finish(() => reject(conflict(reason))),
    };
    const timer = setTimeout(() => finish(() => resolve([])), timeout * 1000);
    ctx.signal.addEventListener('abort', onAbort);
    bot.poller = poller;
  });
}

function setWebhook(ctx: MethodContext): unknown {
  const { bot, params } = ctx;
  const url = optString(params, 'url') ?? '';
  if (url === '') return deleteWebhook(ctx);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest('invalid webhook URL specified');
  }
  if (parsed.protocol !== 'https:' && (ctx.options.requireHttpsWebhook || parsed.protocol !== 'http:')) {
    throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
  }
  const secret = optString(params, 'secret_token');
  if (secret !== undefined && secret !== '' && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) {
    throw badRequest(secret.length > 256 ? 'secret token is too long' : 'secret token contains unallowed characters');
  }
  const maxConnections = optInt(params, 'max_connections') ?? 40;
  if (maxConnections < 1 || maxConnections > 100) throw badRequest('bad webhook: max_connections must be between 1 and 100');
  const allowed = optStringArray(params, 'allowed_updates');
  if (allowed !== undefined) bot.allowedUpdates = allowed;
  if (optBool(params, 'drop_pending_updates')) bot.updates.length = 0;
  const same = bot.webhook?.url === url;
  bot.poller?.terminate('terminated by setWebhook request');
  bot.webhook = { url, maxConnections };
  if (secret) bot.webhook.secretToken = secret;
  if (allowed !== undefined) bot.webhook.allowedUpdates = allowed;
  const ip = optString(params, 'ip_address');
  if (ip) bot.webhook.ipAddress = ip;
  if (!same) bot.webhookError = undefined;
  ctx.core.webhookKick(bot);
  return new ApiResult(true, same ? 'Webhook is already set' : 'Webhook was set');
}

function deleteWebhook(ctx: MethodContext): ApiResult {
  const { bot } = ctx;
  if (optBool(ctx.params, 'drop_pending_updates')) bot.updates.length = 0;
  const had = bot.webhook !== undefined;
  bot.webhook = undefined;
  bot.webhookError = undefined;
  return new ApiResult(true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
}

function getWebhookInfo(ctx: MethodContext): TgWebhookInfo {
  const { bot } = ctx;
  const info: TgWebhookInfo = {
    url: bot.webhook?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: bot.updates.length,
  };
  if (bot.webhook) {
    info.max_connections = bot.webhook.maxConnections;
    info.ip_address = bot.webhook.ipAddress ?? '127.0.0.1';
    if (bot.webhook.allowedUpdates) info.allowed_updates = bot.webhook.allowedUpdates;
    if (bot.webhookError) {
      info.last_error_date = bot.webhookError.date;
      info.last_error_message = bot.webhookError.message;
    }
  }
  return info;
}

// ---------------------------------------------------------------------------
// Sending

async function sendPhoto(ctx: MethodContext): Promise<TgMessage> {
  const chat = sendableChat(ctx);
  const caption = formattedField(ctx, 'caption', 'caption_entities');
  const options = sendOptions(ctx, chat);
  const photo = photoFrom(ctx, await inputFile(ctx, 'photo', 'photo'));
  acquireSendSlot(ctx, chat);
  const content: Partial<TgMessage> = { photo };
  withCaption(content, caption);
  return storeBotMessage(ctx, chat, content, options);
}

function fileSender(kind: FileKind): Handler {
  return async (ctx) => {
    const chat = sendableChat(ctx);
    const caption = kind === 'sticker' || kind === 'video_note' ? undefined : formattedField(ctx, 'caption', 'caption_entities');
    const options = sendOptions(ctx, chat);
    const file = fileFrom(ctx, await inputFile(ctx, kind, kind), kind);
    acquireSendSlot(ctx, chat);
    const content: Partial<TgMessage> = { [kind]: file };
    withCaption(content, caption);
    return storeBotMessage(ctx, chat, content, options);
  };
}

async function sendMediaGroup(ctx: MethodContext): Promise<TgMessage[]> {
  const chat = sendableChat(ctx);
  const media = optJson(ctx.params, 'media');
  if (!Array.isArray(media) || media.length < 2 || media.length > 10) {
    throw badRequest('wrong number of media items: must be 2-10');
  }
  const options = sendOptions(ctx, chat);
  const contents: Array<Partial<TgMessage>> = [];
  for (const item of media as Array<Record<string, unknown>>) {
    const type = String(item?.type ?? '');
    const itemCtx: MethodContext = { ...ctx, params: item };
    const caption = formattedField(itemCtx, 'caption', 'caption_entities');
    const content: Partial<TgMessage> = {};
    if (type === 'photo') {
      content.photo = photoFrom(ctx, await resolveInput(ctx, item.media, 'photo', 'media'));
    } else if (type === 'document' || type === 'video' || type === 'audio') {
      content[type] = fileFrom(ctx, await resolveInput(ctx, item.media, type, 'media'), type, item);
    } else {
      throw badRequest(`unsupported media type "${type}"`);
    }
    withCaption(content, caption);
    contents.push(content);
  }
  acquireSendSlot(ctx, chat);
  const groupId = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  return contents.map((content, index) =>
    storeBotMessage(ctx, chat, { ...content, media_group_id: groupId }, index === 0 ? options : { ...options, markup: undefined }),
  );
}

function sendLocation(ctx: MethodContext): TgMessage {
  const chat = sendableChat(ctx);
  const latitude = optNumber(ctx.params, 'latitude');
  const longitude = optNumber(ctx.params, 'longitude');
  if (latitude === undefined || Math.abs(latitude) > 90) throw badRequest('wrong latitude');
  if (longitude === undefined || Math.abs(longitude) > 180) throw badRequest('wrong longitude');
  return sendContent(ctx, chat, { location: { latitude, longitude } });
}

function sendContact(ctx: MethodContext): TgMessage {
  const chat = sendableChat(ctx);
  const phone = optString(ctx.params, 'phone_number');
  const firstName = optString(ctx.params, 'first_name');
  if (!phone) throw badRequest('phone number is empty');
  if (!firstName) throw badRequest('first name is empty');
  const contact: NonNullable<TgMessage['contact']> = { phone_number: phone, first_name: firstName };
  const lastName = optString(ctx.params, 'last_name');
  if (lastName) contact.last_name = lastName;
  return sendContent(ctx, chat, { contact });
}

/** Fields of a message that copyMessage/forwardMessage carry over. */
function copiedContent(source: TgMessage): Partial<TgMessage> {
  const content: Partial<TgMessage> = {};
  for (const key of [
    'text',
    'entities',
    'caption',
    'caption_entities',
    'photo',
    'document',
    'video',
    'audio',
    'voice',
    'animation',
    'sticker',
    'video_note',
    'contact',
    'location',
  ] as const) {
    if (source[key] !== undefined) Object.assign(content, { [key]: clone(source[key]) });
  }
  return content;
}

function sourceMessage(ctx: MethodContext): TgMessage {
  const from = findChat(ctx, { chat_id: ctx.params.from_chat_id });
  const id = requireInt(ctx.params, 'message_id', 'message identifier is not specified');
  const stored = from.find(id);
  if (!stored) throw badRequest('message to copy not found');
  return stored.message;
}

function copyMessage(ctx: MethodContext): { message_id: number } {
  const chat = sendableChat(ctx);
  const source = sourceMessage(ctx);
  const content = copiedContent(source);
  if (ctx.params.caption !== undefined) withCaption(content, formattedField(ctx, 'caption', 'caption_entities'));
  return { message_id: sendContent(ctx, chat, content).message_id };
}

function forwardMessage(ctx: MethodContext): TgMessage {
  const chat = sendableChat(ctx);
  const source = sourceMessage(ctx);
  const content = copiedContent(source);
  content.forward_origin = { type: 'user', date: source.date, sender_user: clone(source.from) };
  return sendContent(ctx, chat, content);
}

// ---------------------------------------------------------------------------
// Editing and deleting

function editTarget(ctx: MethodContext): { chat: ChatState; stored: StoredMessage } {
  if (ctx.params.inline_message_id !== undefined) throw badRequest('MESSAGE_ID_INVALID');
  const chat = findChat(ctx);
  const id = requireInt(ctx.params, 'message_id', 'message identifier is not specified');
  const stored = chat.find(id);
  if (!stored) throw badRequest('message to edit not found');
  if (!stored.fromBot || stored.uneditable) throw badRequest("message can't be edited");
  return { chat, stored };
}

function inlineMarkupParam(ctx: MethodContext): TgInlineKeyboardMarkup | undefined {
  const markup = parseReplyMarkup(optJson(ctx.params, 'reply_markup'));
  if (markup !== undefined && !isInline(markup)) throw badRequest('inline keyboard expected');
  return markup;
}

const notModified = (): Error =>
  badRequest(
    'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
  );

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const MEDIA_KEYS = ['photo', 'document', 'video', 'audio', 'voice', 'animation', 'sticker', 'video_note'] as const;
const hasMedia = (message: TgMessage): boolean => MEDIA_KEYS.some((key) => message[key] !== undefined);

/** Applies an edit in place; edits keep the message's position and id. */
function applyEdit(
  chat: ChatState,
  stored: StoredMessage,
  change: (message: TgMessage) => void,
  markup: TgInlineKeyboardMarkup | undefined,
): TgMessage {
  change(stored.message);
  if (markup && markup.inline_keyboard.length > 0) stored.message.reply_markup = markup;
  else delete stored.message.reply_markup;
  stored.message.edit_date = unixNow();
  stored.changedVersion = chat.version + 1;
  chat.touch();
  return clone(stored.message);
}

function editMessageText(ctx: MethodContext): TgMessage {
  const { chat, stored } = editTarget(ctx);
  const formatted = formattedField(ctx, 'text', 'entities') as FormattedText;
  const markup = inlineMarkupParam(ctx);
  const current = stored.message;
  if (current.text === undefined) throw badRequest('there is no text in the message to edit');
  if (current.text === formatted.text && same(current.entities ?? [], formatted.entities) && same(current.reply_markup, markup)) {
    throw notModified();
  }
  return applyEdit(chat, stored, (message) => withText(message, formatted), markup);
}

function editMessageCaption(ctx: MethodContext): TgMessage {
  const { chat, stored } = editTarget(ctx);
  const formatted = formattedField(ctx, 'caption', 'caption_entities');
  const markup = inlineMarkupParam(ctx);
  const current = stored.message;
  if (!hasMedia(current)) throw badRequest('there is no caption in the message to edit');
  if (
    (current.caption ?? '') === (formatted?.text ?? '') &&
    same(current.caption_entities ?? [], formatted?.entities ?? []) &&
    same(current.reply_markup, markup)
  ) {
    throw notModified();
  }
  return applyEdit(chat, stored, (message) => withCaption(message, formatted), markup);
}

function editMessageReplyMarkup(ctx: MethodContext): TgMessage {
  const { chat, stored } = editTarget(ctx);
  const markup = inlineMarkupParam(ctx);
  const next = markup && markup.inline_keyboard.length > 0 ? markup : undefined;
  if (same(stored.message.reply_markup, next)) throw notModified();
  return applyEdit(chat, stored, () => {}, next);
}

async function editMessageMedia(ctx: MethodContext): Promise<TgMessage> {
  const { chat, stored } = editTarget(ctx);
  const media = optJson(ctx.params, 'media') as Record<string, unknown> | undefined;
  if (!media || typeof media !== 'object') throw badRequest('media is empty');
  if (!hasMedia(stored.message)) throw badRequest("message can't be edited: there is no media in the message");
  const markup = inlineMarkupParam(ctx);
  const type = String(media.type ?? '');
  const caption = formattedField({ ...ctx, params: media }, 'caption', 'caption_entities');
  const content: Partial<TgMessage> = {};
  if (type === 'photo') content.photo = photoFrom(ctx, await resolveInput(ctx, media.media, 'photo', 'media'));
  else if (type === 'document' || type === 'video' || type === 'audio' || type === 'animation') {
    content[type] = fileFrom(ctx, await resolveInput(ctx, media.media, type, 'media'), type, media);
  } else throw badRequest(`unsupported media type "${type}"`);
  return applyEdit(
    chat,
    stored,
    (message) => {
      for (const key of MEDIA_KEYS) delete message[key];
      Object.assign(message, content);
      withCaption(message, caption);
    },
    markup,
  );
}

function deleteMessage(ctx: MethodContext): boolean {
  const chat = findChat(ctx);
  const id = requireInt(ctx.params, 'message_id', 'message identifier is not specified');
  const stored = chat.find(id);
  if (!stored) throw badRequest('message to delete not found');
  stored.deleted = true;
  stored.changedVersion = chat.version + 1;
  chat.touch();
  return true;
}

function deleteMessages(ctx: MethodContext): boolean {
  const chat = findChat(ctx);
  const ids = optJson(ctx.params, 'message_ids');
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > 100) throw badRequest('message_ids must contain 1-100 identifiers');
  let changed = false;
  for (const id of ids) {
    const stored = chat.find(Number(id));
    if (stored) {
      stored.deleted = true;
      stored.changedVersion = chat.version + 1;
      changed = true;
    }
  }
  if (!changed) throw badRequest('message to delete not found');
  chat.touch();
  return true;
}

// ---------------------------------------------------------------------------
// Callback queries, chat actions, files, commands, settings

function answerCallbackQuery(ctx: MethodContext): boolean {
  const id = optString(ctx.params, 'callback_query_id') ?? '';
  const chat = ctx.bot.callbackChats.get(id);
  const record = chat?.callbacks.get(id);
  if (!chat || !record || record.answer) {
    throw badRequest('query is too old and response timeout expired or query ID is invalid');
  }
  const text = optString(ctx.params, 'text');
  if (text !== undefined && text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
  const showAlert = optBool(ctx.params, 'show_alert') === true;
  record.answer = { showAlert, answeredAt: Date.now() };
  if (text !== undefined && text !== '') record.answer.text = text;
  const url = optString(ctx.params, 'url');
  if (url) record.answer.url = url;
  const cacheTime = optInt(ctx.params, 'cache_time');
  if (cacheTime !== undefined) record.answer.cacheTime = cacheTime;
  if (record.answer.text) chat.addNotice(record.answer.text, showAlert);
  chat.touch();
  return true;
}

function sendChatAction(ctx: MethodContext): boolean {
  const chat = sendableChat(ctx);
  const action = optString(ctx.params, 'action') ?? '';
  if (!CHAT_ACTIONS.has(action)) throw badRequest('wrong parameter action in request');
  chat.chatAction = { action, until: Date.now() + CHAT_ACTION_MS };
  chat.touch();
  // Let the chat page drop the indicator once it expires.
  setTimeout(() => {
    if (chat.chatAction && chat.chatAction.until <= Date.now()) {
      chat.chatAction = undefined;
      chat.touch();
    }
  }, CHAT_ACTION_MS + 10).unref();
  return true;
}

function getFile(ctx: MethodContext): TgFile {
  const fileId = optString(ctx.params, 'file_id');
  if (!fileId) throw badRequest('file_id is empty');
  const file = ctx.core.files.get(fileId);
  if (!file || file.botId !== ctx.bot.id) throw badRequest('wrong file_id specified');
  if (file.blob.data.length > MAX_DOWNLOAD_BYTES) throw badRequest('file is too big');
  return {
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    file_size: file.blob.data.length,
    file_path: file.blob.filePath,
  };
}

function commandsKey(ctx: MethodContext): string {
  const scope = (optJson(ctx.params, 'scope') ?? { type: 'default' }) as Record<string, unknown>;
  if (typeof scope !== 'object' || typeof scope.type !== 'string' || !COMMAND_SCOPES.has(scope.type)) {
    throw badRequest('wrong parameter scope');
  }
  const language = optString(ctx.params, 'language_code') ?? '';
  if (language !== '' && !/^[a-z]{2}$/.test(language)) throw badRequest('invalid language code specified');
  return JSON.stringify([scope.type, scope.chat_id ?? null, scope.user_id ?? null, language]);
}

function setMyCommands(ctx: MethodContext): boolean {
  const raw = optJson(ctx.params, 'commands');
  if (!Array.isArray(raw)) throw badRequest('commands must be an Array');
  if (raw.length > 100) throw badRequest('too many commands specified');
  const commands: TgBotCommand[] = raw.map((item) => {
    const command = (item as Partial<TgBotCommand> | null)?.command;
    const description = (item as Partial<TgBotCommand> | null)?.description;
    if (typeof command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest('BOT_COMMAND_INVALID');
    if (typeof description !== 'string' || description.trim().length < 1 || description.length > 256) {
      throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    }
    return { command, description };
  });
  const key = commandsKey(ctx);
  if (commands.length === 0) ctx.bot.commands.delete(key);
  else ctx.bot.commands.set(key, commands);
  return true;
}

function getMyCommands(ctx: MethodContext): TgBotCommand[] {
  return clone(ctx.bot.commands.get(commandsKey(ctx)) ?? []);
}

function deleteMyCommands(ctx: MethodContext): boolean {
  ctx.bot.commands.delete(commandsKey(ctx));
  return true;
}

/** setMyName/getMyName and friends: a string stored per language code. */
function textSetting(field: string, maxLength: number): { set: Handler; get: Handler } {
  const key = (ctx: MethodContext): string => `${field}:${optString(ctx.params, 'language_code') ?? ''}`;
  return {
    set: (ctx) => {
      const value = optString(ctx.params, field) ?? '';
      if (value.length > maxLength) throw badRequest(`${field} is too long`);
      if (value === '') ctx.bot.settings.delete(key(ctx));
      else ctx.bot.settings.set(key(ctx), value);
      return true;
    },
    get: (ctx) => {
      const stored = ctx.bot.settings.get(key(ctx));
      const fallback = field === 'name' ? ctx.bot.firstName : '';
      return { [field]: typeof stored === 'string' ? stored : fallback };
    },
  };
}

const nameSetting = textSetting('name', 64);
const descriptionSetting = textSetting('description', 512);
const shortDescriptionSetting = textSetting('short_description', 120);

function getChat(ctx: MethodContext): Record<string, unknown> {
  const chat = findChat(ctx);
  return { ...chat.chat, accent_color_id: 0, max_reaction_count: 11 };
}

const trueHandler: Handler = () => true;

/** Canonical method names; lookups are case-insensitive, like the Bot API's. */
export const BOT_API_METHODS: Readonly<Record<string, Handler>> = {
  getMe: (ctx) => ctx.bot.user,
  logOut: trueHandler,
  close: trueHandler,
  getUpdates,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
  sendMessage: (ctx) => {
    const chat = sendableChat(ctx);
    const formatted = formattedField(ctx, 'text', 'entities') as FormattedText;
    const content: Partial<TgMessage> = {};
    withText(content, formatted);
    return sendContent(ctx, chat, content);
  },
  sendPhoto,
  sendDocument: fileSender('document'),
  sendVideo: fileSender('video'),
  sendAudio: fileSender('audio'),
  sendVoice: fileSender('voice'),
  sendAnimation: fileSender('animation'),
  sendSticker: fileSender('sticker'),
  sendVideoNote: fileSender('video_note'),
  sendMediaGroup,
  sendLocation,
  sendContact,
  copyMessage,
  forwardMessage,
  editMessageText,
  editMessageCaption,
  editMessageReplyMarkup,
  editMessageMedia,
  deleteMessage,
  deleteMessages,
  answerCallbackQuery,
  sendChatAction,
  getFile,
  setMyCommands,
  getMyCommands,
  deleteMyCommands,
  setMyName: nameSetting.set,
  getMyName: nameSetting.get,
  setMyDescription: descriptionSetting.set,
  getMyDescription: descriptionSetting.get,
  setMyShortDescription: shortDescriptionSetting.set,
  getMyShortDescription: shortDescriptionSetting.get,
  setChatMenuButton: (ctx) => {
    ctx.bot.settings.set(`menu:${optString(ctx.params, 'chat_id') ?? ''}`, optJson(ctx.params, 'menu_button') ?? { type: 'default' });
    return true;
  },
  getChatMenuButton: (ctx) => ctx.bot.settings.get(`menu:${optString(ctx.params, 'chat_id') ?? ''}`) ?? { type: 'commands' },
  getChat,
  getUserProfilePhotos: () => ({ total_count: 0, photos: [] }),
};

const LOOKUP = new Map(Object.keys(BOT_API_METHODS).map((name) => [name.toLowerCase(), name]));

export function canonicalMethod(name: string): string | undefined {
  return LOOKUP.get(name.toLowerCase());
}
