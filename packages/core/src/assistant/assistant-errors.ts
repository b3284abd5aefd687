import { AdapterError } from '../shared/errors.js';

/**
 * Why an assistant could not answer. The engine acts the same on all of them (falls back to the
 * local assistant or to a search, and logs the reason); the reason is for logs and metrics.
 */
export type AssistantUnavailableReason =
  /** The provider took longer than the adapter's timeout. */
  | 'timeout'
  /** The provider answered 5xx, an unreadable answer, or could not be reached. */
  | 'provider-error'
  /** The provider refused for its own rate limit (HTTP 429). */
  | 'provider-rate-limited'
  /** The provider refused the credentials (HTTP 401/403): a configuration problem. */
  | 'unauthorized'
  /** This customer asked more often than the adapter allows. */
  | 'customer-rate-limited'
  /** This customer used up their token budget for the period. */
  | 'budget-exhausted';

/**
 * The fallback signal of every `Assistant`: thrown when it cannot answer now. Code
 * `ASSISTANT.UNAVAILABLE`; `retryable` is false only for `unauthorized` (nothing changes until the
 * configuration does). Its message names the reason, never the key or what the customer wrote.
 */
export class AssistantUnavailableError extends AdapterError {
  constructor(
    readonly reason: AssistantUnavailableReason,
    message: string,
    details: Readonly<Record<string, unknown>> = {},
  ) {
    super('ASSISTANT.UNAVAILABLE', message, reason !== 'unauthorized', { ...details, reason });
  }
}

export const isAssistantUnavailable = (error: unknown): error is AssistantUnavailableError => error instanceof AssistantUnavailableError;
