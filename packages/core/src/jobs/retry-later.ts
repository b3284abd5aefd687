import { isDomainError } from '../shared/errors.js';

/**
 * Thrown by a job handler that must run again later without using an attempt: a rate limit
 * (`rateLimited: true`, the default: every consumer sharing the job's rate limit pauses for
 * `delayMs` too) or a resource not ready yet (`rateLimited: false`: only this job waits).
 */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';
  constructor(
    readonly delayMs: number,
    readonly rateLimited = true,
    message = `retry in ${delayMs} ms`,
  ) {
    super(message);
  }
}

export interface RetryLater {
  readonly delayMs: number;
  /** The consumer's rate limit pauses for `delayMs` as well. */
  readonly rateLimited: boolean;
}

/** The longest wait honoured as asked; a longer retry_after is capped (the job simply retries then). */
export const MAX_RETRY_LATER_MS = 15 * 60_000;

/**
 * Whether a handler's error asks for a later retry that costs no attempt: a `RetryLaterError`, or a
 * channel's rate limit (`CHANNEL.RATE_LIMITED`, or any `*.RATE_LIMITED` DomainError) carrying
 * `details.retryAfterSeconds` (a channel's 429 `retry_after`). Null for every other error.
 */
export const retryLaterOf = (error: unknown): RetryLater | null => {
  if (error instanceof RetryLaterError) return { delayMs: clampDelay(error.delayMs), rateLimited: error.rateLimited };
  if (isDomainError(error) && error.code.endsWith('.RATE_LIMITED')) {
    const seconds = error.details.retryAfterSeconds;
    if (typeof seconds === 'number' && Number.isFinite(seconds)) return { delayMs: clampDelay(seconds * 1000), rateLimited: true };
  }
  return null;
};

const clampDelay = (ms: number): number => Math.min(MAX_RETRY_LATER_MS, Math.max(0, Math.ceil(ms)));

/** Wait before attempt `attempt + 1` after attempt `attempt` failed: `backoffMs` × 2^(attempt − 1), at most an hour. */
export const backoffDelay = (attempt: number, backoffMs: number): number =>
  Math.min(3_600_000, Math.max(0, backoffMs) * 2 ** Math.max(0, attempt - 1));

/** Defaults every queue applies. */
export const JOB_DEFAULTS = { attempts: 3, backoffMs: 1_000 } as const;

/** The error text kept in a dead letter: the message only, bounded (no stack, no payload). */
export const deadLetterMessage = (error: unknown): string => {
  const text = isDomainError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
};
