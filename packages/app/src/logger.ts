import type { Logger as LoggerPort } from '@mostrador/core';
import pino, { type Logger } from 'pino';

/** Paths pino blanks in every log line: credentials, tokens and personal data never reach logs. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
  'refreshToken',
  '*.accessToken',
  '*.refreshToken',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'req.headers["x-signature"]',
  'headers.authorization',
  'config.DATABASE_URL',
  'config.TELEGRAM_BOT_TOKEN',
  'config.JWT_PRIVATE_KEY',
  'config.TELEGRAM_WEBHOOK_SECRET',
  'config.DEMO_OWNER_PASSWORD',
  '*.phone',
  '*.documentNumber',
];

export const createLogger = (level: string): Logger =>
  pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'mostrador' } });

/**
 * Core's `Logger` port written to the app's pino logger, so adapters and the chat drivers log
 * through the same redaction. `component` names the writer in every line.
 */
export const loggerPort = (logger: Logger, component?: string): LoggerPort => {
  const base = component ? { component } : {};
  return {
    info: (message, fields) => logger.info({ ...base, ...fields }, message),
    warn: (message, fields) => logger.warn({ ...base, ...fields }, message),
    error: (message, fields) => logger.error({ ...base, ...fields }, message),
  };
};

/** Removes the credentials from a database URL before it is shown to anyone. */
export const describeDatabaseUrl = (url: string): string => {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
};

export type { Logger };
