/**
 * Telegram Bot API emulator: a local HTTP server that real grammY bots talk
 * to, a driver for simulated users, and a browser chat page.
 */
export { BotApiError } from './api-error.js';
export type { ChatPageMessage, ChatPageReplyButton, ChatPageState, ChatPageUser } from './chat-api.js';
export type { FaultSpec, RecordedCall } from './core.js';
export {
  type CallFilter,
  type CreateBotOptions,
  type EmulatedBot,
  TelegramEmulator,
  type TelegramEmulatorOptions,
} from './emulator.js';
export type { EmulatedFile, StoredFileKind } from './file-store.js';
export { escapeHtml, type FormattedText, parseFormatted, renderEntitiesHtml } from './formatting.js';
export type { ReplyButtonKind } from './markup.js';
export { type MultipartPart, parseMultipart } from './multipart.js';
export type { RateLimit, RateLimitChange, RateLimitConfig } from './rate-limit.js';
export type { RequestTransport } from './request-params.js';
export {
  type ButtonMatcher,
  type ButtonPosition,
  type CallbackAnswerRecord,
  type PressKeyboardButtonOptions,
  type SendContactOptions,
  type SendDocumentOptions,
  type SendPhotoOptions,
  type TapOptions,
  TelegramTestUser,
  type TelegramUserOptions,
  type WaitOptions,
} from './test-user.js';
export type * from './types.js';
export type { WebhookDeliveryOptions } from './webhook.js';
