/**
 * A broadcast worker process, for the crash tests and `pnpm bench broadcast`: consumes the
 * campaign queue (BullMQ on Redis, or the embedded queue on PostgreSQL) and sends each recipient
 * its message through the real Telegram adapter, paced by the queue's shared rate limit (the
 * adapter's own throttle is off). Each recipient is sent at most once, even across crashes: a
 * claim is recorded before the send (`broadcast:<campaign>:<chat>`), kept when the send succeeds,
 * dropped when the Bot API answered with an error (nothing was delivered), so only a crash between
 * the claim and the request leaving the process could lose a message.
 *
 * Environment: JOBS_BACKEND (redis | database), DATABASE_URL (claims, and the embedded queue),
 * REDIS_URL and REDIS_PREFIX (redis), TELEGRAM_API_ROOT, TELEGRAM_BOT_TOKEN, RATE, CONCURRENCY,
 * LEASE_MS, WAIT_FOR_GO (start consuming only when "go" arrives on stdin, so that several workers
 * start together). Prints `ready`, then `limited` for each rate-limit error the queue is handed.
 */
import { BullMqJobQueue } from '@mostrador/adapters-jobs';
import { createPersistence } from '@mostrador/adapters-persistence';
import { createTelegramChannel } from '@mostrador/adapters-telegram';
import { AdapterError, type JobQueue, type Logger } from '@mostrador/core';
import { createInMemoryPersistence, InMemoryImageStore } from '@mostrador/testkit/memory';
import { BROADCAST_QUEUE, type BroadcastJob } from './broadcast-job.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is required`);
  return value;
};

const quiet: Logger = {
  info: () => {},
  warn: (message, fields) => console.error(message, JSON.stringify(fields ?? {})),
  error: (message, fields) => console.error(message, JSON.stringify(fields ?? {})),
};

const main = async (): Promise<void> => {
  const persistence = await createPersistence({ url: env('DATABASE_URL') });
  const leaseMs = Number(process.env.LEASE_MS ?? 2_000);
  const queue: JobQueue =
    env('JOBS_BACKEND') === 'redis'
      ? new BullMqJobQueue({ url: env('REDIS_URL'), prefix: env('REDIS_PREFIX'), lockDurationMs: leaseMs, logger: quiet })
      : persistence.jobQueue({ leaseMs, maxPollMs: 200, logger: quiet });
  const channel = createTelegramChannel(
    {
      token: env('TELEGRAM_BOT_TOKEN'),
      mode: 'polling',
      apiRoot: env('TELEGRAM_API_ROOT'),
      throttle: false,
      // 429s go straight to the queue, which pauses every worker sharing the limit.
      rateLimitWaitSeconds: 0,
      botInfo: { id: Number(env('TELEGRAM_BOT_TOKEN').split(':')[0]), first_name: 'Bench', username: 'bench_bot', is_bot: true },
    },
    { images: new InMemoryImageStore(), settings: createInMemoryPersistence().uow.repositories.settings, logger: quiet },
  );
  const claims = persistence.uow.repositories.settings;
  queue.consume<BroadcastJob>(
    BROADCAST_QUEUE,
    async (job) => {
      const key = `broadcast:${job.campaign}:${job.chatId}`;
      const token = `sending:${process.pid}:${Math.random()}`;
      if ((await claims.setIfAbsent(key, token)) !== token) return; // sent (or in doubt after a crash): never twice
      try {
        await channel.send(String(job.chatId), { text: job.text });
      } catch (error) {
        // The Bot API answered with an error: nothing was delivered, so the next attempt may send.
        await claims.delete(key);
        if (error instanceof AdapterError && error.code === 'CHANNEL.RATE_LIMITED') process.stdout.write('limited\n');
        else process.stdout.write(`send failed: ${error instanceof AdapterError ? error.code : String(error)}\n`);
        throw error;
      }
      // The claim stays: "sent, or in doubt after a crash" both mean never again.
    },
    { concurrency: Number(process.env.CONCURRENCY ?? 8), rateLimit: { key: 'channel:telegram', perSecond: Number(env('RATE')) } },
  );
  process.stdout.write('ready\n');
  if (process.env.WAIT_FOR_GO === '1') {
    await new Promise<void>((resolve) => {
      process.stdin.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('go')) resolve();
      });
    });
  }
  await queue.start();
  const stop = async () => {
    await queue.stop();
    await persistence.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
