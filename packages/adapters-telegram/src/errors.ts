import { AdapterError } from '@mostrador/core';
import { GrammyError, HttpError } from 'grammy';

/** Anything shaped like a bot token (`<digits>:<secret>`), wherever it appears (URLs included). */
const TOKEN_SHAPE = /\d{5,20}:[A-Za-z0-9_-]{30,}/g;

/**
 * Removes the bot token from text. grammY's network errors carry the request URL, which is
 * `${apiRoot}/bot${token}/${method}`; so do fetch failures of file downloads.
 */
export const scrubToken = (text: string, token: string): string => text.split(token).join('[token]').replace(TOKEN_SHAPE, '[token]');

/** Bot API error descriptions that mean "the chat is not there (any more)". */
const CHAT_NOT_FOUND = /chat not found|PEER_ID_INVALID|user not found|CHAT_ID_INVALID/i;

/**
 * Maps a failure of a Bot API call to core's AdapterError with a stable code. The message and
 * details never hold the token or the payload (which carries customers' messages).
 */
export function toAdapterError(error: unknown, method: string, token: string): AdapterError {
  if (error instanceof AdapterError) return error;
  if (error instanceof GrammyError) {
    const description = scrubToken(error.description, token);
    const details = { method, errorCode: error.error_code, description };
    const message = `Telegram ${method} failed (${error.error_code}: ${description})`;
    if (error.error_code === 429) {
      const retryAfterSeconds = error.parameters.retry_after ?? 1;
      return new AdapterError('CHANNEL.RATE_LIMITED', message, true, { ...details, retryAfterSeconds });
    }
    if (error.error_code === 403) return new AdapterError('CHANNEL.BLOCKED', message, false, details);
    if (error.error_code === 401 || error.error_code === 404) return new AdapterError('CHANNEL.UNAUTHORIZED', message, false, details);
    if (error.error_code === 400 && CHAT_NOT_FOUND.test(error.description)) {
      return new AdapterError('CHANNEL.CHAT_NOT_FOUND', message, false, details);
    }
    if (error.error_code === 400 || error.error_code === 413) return new AdapterError('CHANNEL.BAD_REQUEST', message, false, details);
    if (error.error_code >= 500) return new AdapterError('CHANNEL.UNAVAILABLE', message, true, details);
    return new AdapterError('CHANNEL.FAILED', message, false, details);
  }
  if (error instanceof HttpError) {
    // The wrapped error's message may hold the URL, hence the token: only the scrubbed outer message is kept.
    return new AdapterError('CHANNEL.UNAVAILABLE', scrubToken(error.message, token), true, { method });
  }
  const text = error instanceof Error ? error.message : String(error);
  return new AdapterError('CHANNEL.FAILED', `Telegram ${method} failed: ${scrubToken(text, token)}`, false, { method });
}

/** The Bot API description of a failed call, or '' for any other error. */
export const apiDescription = (error: unknown): string => (error instanceof GrammyError ? error.description : '');
