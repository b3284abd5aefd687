import { bindToken, type Logger, type Startable, TOKENS, ValidationError } from '@mostrador/core';
import { ContainerModule } from 'inversify';
import { BullMqJobQueue, type BullMqJobQueueOptions } from './bullmq-job-queue.js';

export type JobsModuleOptions = BullMqJobQueueOptions;

/** Validates a Redis URL without ever echoing it (it may hold a password). */
export const assertRedisUrl = (url: string, option = 'REDIS_URL'): void => {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (parsed === null || !/^rediss?:$/.test(parsed.protocol) || parsed.hostname === '')
    throw new ValidationError('JOBS.OPTIONS_INVALID', `${option} must be a redis:// or rediss:// URL`, { option });
};

/**
 * The Inversify registration of the BullMQ queue: binds TOKENS.JobQueue and a Startable
 * ("job queue (redis)", phase `connect`: workers start after storage and HTTP, and stop first).
 * Options are validated here; nothing connects until start (producers connect on first enqueue).
 */
export const jobsModule = (options: JobsModuleOptions & { readonly logger?: Logger }): ContainerModule => {
  assertRedisUrl(options.url);
  const queue = new BullMqJobQueue(options);
  const startable: Startable = { name: 'job queue (redis)', phase: 'connect', start: () => queue.start(), stop: () => queue.stop() };
  return new ContainerModule((load) => {
    bindToken(load, TOKENS.JobQueue).toConstantValue(queue);
    bindToken(load, TOKENS.Startable).toConstantValue(startable);
  });
};
