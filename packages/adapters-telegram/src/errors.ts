import { AdapterError } from '@mostrador/core';
import { GrammyError, HttpError } from 'grammy';

/** Anything shaped like a bot token (`<digits>:<secret>`), wherever it appears (URLs included). */
const TOKEN_SHAPE = /\d{5,20}:[A-Za-z0-9_-]{30,}/g;

/**
 * Removes the bot token from text. grammY's network errors carry the request URL, which is
 * `${apiRoot}/bot${token}/${method}`; so do fetch failures of file downloads.
 */
export const scrubToken = (text: unknown, token: string): string =>
  (typeof text === 'string' ? text : String(text ?? '')).split(token).join('[token]').replace(TOKEN_SHAPE, '[token]');

/** A body grammY could not read as JSON: a proxy's HTML error page, an empty answer. */
const NOT_JSON = /invalid json|unexpected token|not valid json|unexpected end of json/i;

/**
 * What to call a failed answer when the server gave no usable `description` — a proxy or a
 * self-hosted Bot API server answering `{"ok":false,"error_code":502}`, or not a Bot API answer at all.
 */
const describeAnswer = (errorCode: number | null, description: unknown, token: string): string => {
  if (typeof description === 'string' && description.trim() !== '') return scrubToken(description, token);
  return errorCode === null ? 'not a Bot API answer' : `HTTP ${errorCode}, no description (not a Bot API answer?)`;
};

/** Network errors raised before a connection existed (`details.notSent`): the request never left. */
const NOT_CONNECTED: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Bot API error descriptions that mean "the chat is not there (any more)". */
const CHAT_NOT_FOUND = /chat not found|PEER_ID_INVALID|user not found|CHAT_ID_INVALID/i;

/**
 * Maps a failure of a Bot API call to core's AdapterError with a stable code. The message and
 * details never hold the token or the payload (which carries customers' messages).
 */
export function toAdapterError(error: unknown, method: string, token: string): AdapterError {
  if (error instanceof AdapterError) return error;
  if (error instanceof GrammyError) {
    // An answer with ok:false but no numeric error_code is not from the Bot API (a JSON error of a proxy).
    const code = Number.isInteger(error.error_code) ? error.error_code : null;
    const description = describeAnswer(code, error.description, token);
    const details = { method, errorCode: code, description };
    const message = `Telegram ${method} failed (${code ?? 'no error code'}: ${description})`;
    if (code === null) return new AdapterError('CHANNEL.UNAVAILABLE', message, true, details);
    if (error.error_code === 429) {
      const retryAfterSeconds = error.parameters?.retry_after ?? 1;
      return new AdapterError('CHANNEL.RATE_LIMITED', message, true, { ...details, retryAfterSeconds });
    }
    if (error.error_code === 403) return new AdapterError('CHANNEL.BLOCKED', message, false, details);
    if (error.error_code === 401 || error.error_code === 404) return new AdapterError('CHANNEL.UNAUTHORIZED', message, false, details);
    if (error.error_code === 400 && CHAT_NOT_FOUND.test(description)) {
      return new AdapterError('CHANNEL.CHAT_NOT_FOUND', message, false, details);
    }
    if (error.error_code === 400 || error.error_code === 413) return new AdapterError('CHANNEL.BAD_REQUEST', message, false, details);
    if (error.error_code >= 500) return new AdapterError('CHANNEL.UNAVAILABLE', message, true, details);
    return new AdapterError('CHANNEL.FAILED', message, false, details);
  }
  if (error instanceof HttpError) {
    // The wrapped error's message may hold the URL, hence the token: it is only tested, never kept.
    const cause = scrubToken((error.error as Error | undefined)?.message, token);
    if (NOT_JSON.test(cause)) {
      return new AdapterError(
        'CHANNEL.UNAVAILABLE',
        `Telegram ${method} failed: the server answered something that is not a Bot API answer (not JSON; an error page of a proxy in front of it?)`,
        true,
        { method },
      );
    }
    // The connection never opened: the request did not leave, so nothing can have been delivered.
    const notSent = NOT_CONNECTED.has(String((error.error as { code?: unknown } | undefined)?.code ?? ''));
    return new AdapterError('CHANNEL.UNAVAILABLE', `Telegram ${method} failed: ${scrubToken(error.message, token)}`, true, {
      method,
      ...(notSent ? { notSent: true } : {}),
    });
  }
  const text = error instanceof Error ? error.message : String(error);
  return new AdapterError('CHANNEL.FAILED', `Telegram ${method} failed: ${scrubToken(text, token)}`, false, { method });
}

/** The Bot API description of a failed call, or '' for any other error. */
export const apiDescription = (error: unknown): string =>
  error instanceof GrammyError && typeof error.description === 'string' ? error.description : '';
