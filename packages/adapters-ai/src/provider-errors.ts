import { AssistantUnavailableError } from '@mostrador/core';
import OpenAI from 'openai';

/**
 * The SDK's failures as the fallback signal. Messages carry the HTTP status and the reason,
 * never the key, the request or the provider's message (which may quote the key).
 */
export function unavailableFrom(error: unknown, timedOut: boolean, timeoutMs: number): AssistantUnavailableError | null {
  if (timedOut || error instanceof OpenAI.APIConnectionTimeoutError || error instanceof OpenAI.APIUserAbortError)
    return new AssistantUnavailableError('timeout', `the AI provider did not answer within ${timeoutMs} ms`, { timeoutMs });
  if (error instanceof OpenAI.AuthenticationError || error instanceof OpenAI.PermissionDeniedError)
    return new AssistantUnavailableError('unauthorized', `the AI provider refused the API key (HTTP ${error.status})`, {
      status: error.status,
    });
  if (error instanceof OpenAI.RateLimitError) {
    const retryAfter = Number(error.headers?.get('retry-after') ?? Number.NaN);
    return new AssistantUnavailableError('provider-rate-limited', 'the AI provider is rate limiting (HTTP 429)', {
      status: 429,
      ...(Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {}),
    });
  }
  if (error instanceof OpenAI.APIError)
    return new AssistantUnavailableError(
      'provider-error',
      `the AI provider failed${error.status ? ` (HTTP ${error.status})` : ' (no connection)'}`,
      {
        ...(error.status ? { status: error.status } : {}),
      },
    );
  return null;
}
