import type { TgResponseParameters } from './types.js';

/** A Bot API failure: becomes `{ok:false,error_code,description,parameters?}` on the wire. */
export class BotApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: TgResponseParameters,
  ) {
    super(`${errorCode}: ${description}`);
    this.name = 'BotApiError';
  }

  toJSON(): { ok: false; error_code: number; description: string; parameters?: TgResponseParameters } {
    return {
      ok: false,
      error_code: this.errorCode,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

export const badRequest = (what: string): BotApiError => new BotApiError(400, `Bad Request: ${what}`);
export const forbidden = (what: string): BotApiError => new BotApiError(403, `Forbidden: ${what}`);
export const conflict = (what: string): BotApiError => new BotApiError(409, `Conflict: ${what}`);
export const notFound = (): BotApiError => new BotApiError(404, 'Not Found');
export const unauthorized = (): BotApiError => new BotApiError(401, 'Unauthorized');
export const tooManyRequests = (retryAfter: number): BotApiError =>
  new BotApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
export const entityTooLarge = (): BotApiError => new BotApiError(413, 'Request Entity Too Large');
