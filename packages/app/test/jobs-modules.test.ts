import { HTTP_TOKENS } from '@mostrador/adapters-http';
import { BullMqJobQueue, RedisSlidingWindowStore } from '@mostrador/adapters-jobs';
import { DatabaseJobQueue } from '@mostrador/adapters-persistence';
import { type ScheduledTask, TOKENS } from '@mostrador/core';
import { describe, expect, it } from 'vitest';
import { compose, loadConfig, modulesFromConfig } from '../src/index.js';

// Composing builds everything and connects nothing: no Redis or database is needed to look.
const composed = (env: Record<string, string>) =>
  compose({
    modules: modulesFromConfig(loadConfig({ MOSTRADOR_DATA_DIR: '/tmp/unused', LOG_LEVEL: 'silent', ...env }), { telegram: null }),
  });

describe('jobs in the reference app', () => {
  it('without REDIS_URL: the embedded queue in the database, per-instance login counts, dispatcher and scheduler after the queue', () => {
    const runtime = composed({});
    expect(runtime.resolve(TOKENS.JobQueue)).toBeInstanceOf(DatabaseJobQueue);
    expect(runtime.container.isBound(HTTP_TOKENS.LoginAttemptStore)).toBe(false);
    const connect = runtime.startables.filter((startable) => startable.phase === 'connect').map((startable) => startable.name);
    expect(connect).toEqual([
      'chat drivers',
      'notification workers',
      'job queue (database, pglite)',
      'photo search index',
      'outbox dispatcher',
      'job scheduler',
    ]);
    expect(runtime.resolve(TOKENS.ChannelRateLimits).forChannel('telegram')).toEqual({ key: 'channel:telegram', perSecond: 30 });
  });

  it('with REDIS_URL: BullMQ, login counts in Redis shared by every instance, the configured bulk rate', () => {
    const runtime = composed({ REDIS_URL: 'redis://127.0.0.1:6379/0', REDIS_PREFIX: 'shop-a', TELEGRAM_BULK_RATE_PER_SECOND: '20' });
    expect(runtime.resolve(TOKENS.JobQueue)).toBeInstanceOf(BullMqJobQueue);
    expect(runtime.resolve(HTTP_TOKENS.LoginAttemptStore)).toBeInstanceOf(RedisSlidingWindowStore);
    expect(runtime.startables.map((startable) => startable.name)).toContain('job queue (redis)');
    expect(runtime.startables.map((startable) => startable.name)).not.toContain('job queue (database, pglite)');
    expect(runtime.resolve(TOKENS.ChannelRateLimits).forChannel('telegram').perSecond).toBe(20);
  });

  it('the payments reconciliation is a scheduled task of the job scheduler (once per period across instances), not a timer of its own', () => {
    const runtime = composed({ MP_ACCESS_TOKEN: 'TEST-0000', MP_WEBHOOK_SECRET: 'whsec-test-0001', MP_RECONCILE_INTERVAL_SECONDS: '45' });
    const tasks = runtime.container.getAll<ScheduledTask>(TOKENS.ScheduledTask);
    expect(tasks.map((task) => [task.name, task.everyMs])).toEqual([['payments.reconcile', 45_000]]);
    expect(runtime.startables.map((startable) => startable.name)).toEqual(expect.arrayContaining(['payments worker', 'job scheduler']));
    // Without Mercado Pago there is nothing to reconcile.
    expect(composed({}).container.isBound(TOKENS.ScheduledTask)).toBe(false);
  });

  it('refuses a REDIS_URL that is not a redis:// URL, naming the variable and not echoing the value', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://user:s3cret@redis.internal:6379' })).toThrow(
      /REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/,
    );
    try {
      loadConfig({ REDIS_URL: 'http://user:s3cret@redis.internal:6379' });
    } catch (error) {
      expect(String(error)).not.toContain('s3cret');
    }
  });
});
