/**
 * A campaign worker process on the app's real delivery path, for the campaign crash tests: the
 * outbox dispatcher hands `campaign.scheduled` to core's `campaigns` subscriber, whose launch job
 * reads the audience into `campaign_recipients` and queues one job per recipient on
 * `bulk.telegram`; core's campaign delivery (`createCampaignDelivery`, the handler the app's
 * `notificationsModule` binds) sends each through the real Telegram adapter to the emulator, with
 * the persistence adapter's repositories on PostgreSQL and the job queue the app would use (BullMQ
 * on Redis, or the embedded queue in the database).
 *
 * Environment: DATABASE_URL, JOBS_BACKEND (redis | database), REDIS_URL, REDIS_PREFIX,
 * TELEGRAM_API_ROOT, TELEGRAM_BOT_TOKEN, RATE (bulk messages/s), CONCURRENCY (recipient jobs at
 * once), LEASE_MS (after which a dead worker's jobs run again), WAIT_FOR_GO (start only when "go"
 * arrives on stdin, so that several workers start together). Prints `ready` when composed.
 */
import { BullMqJobQueue } from '@mostrador/adapters-jobs';
import { createPersistence } from '@mostrador/adapters-persistence';
import { createTelegramChannel } from '@mostrador/adapters-telegram';
import { channelRegistry, createCampaignDelivery, type JobQueue, type Logger, OutboxDispatcher } from '@mostrador/core';
import { InMemoryImageStore } from '@mostrador/testkit/memory';
import { SystemClock, UuidV7Generator } from '../../src/node-services.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is required`);
  return value;
};

const logger: Logger = {
  info: () => {},
  warn: (message, fields) => console.error(`warn: ${message}`, JSON.stringify(fields ?? {})),
  error: (message, fields) => console.error(`error: ${message}`, JSON.stringify(fields ?? {})),
};

const main = async (): Promise<void> => {
  const persistence = await createPersistence({ url: env('DATABASE_URL') });
  const leaseMs = Number(process.env.LEASE_MS ?? 2_000);
  const queue: JobQueue =
    env('JOBS_BACKEND') === 'redis'
      ? new BullMqJobQueue({ url: env('REDIS_URL'), prefix: env('REDIS_PREFIX'), lockDurationMs: leaseMs, logger })
      : persistence.jobQueue({ leaseMs, maxPollMs: 200, logger });
  const token = env('TELEGRAM_BOT_TOKEN');
  // The adapter as the app configures it (a 429 is waited out by the adapter, up to 60 s), with
  // the queue's shared rate doing the pacing instead of the adapter's own throttle.
  const channel = createTelegramChannel(
    {
      token,
      mode: 'polling',
      apiRoot: env('TELEGRAM_API_ROOT'),
      throttle: false,
      botInfo: { id: Number(token.split(':')[0]), first_name: 'Ofertas', username: 'campaign_bot', is_bot: true },
    },
    { images: new InMemoryImageStore(), settings: persistence.uow.repositories.settings, logger },
  );
  const clock = new SystemClock();
  const delivery = createCampaignDelivery({
    uow: persistence.uow,
    channels: channelRegistry([channel]),
    clock,
    ids: new UuidV7Generator(),
    jobs: queue,
    logger,
    ratePerSecond: { telegram: Number(env('RATE')) },
    concurrency: Number(env('CONCURRENCY')),
  });
  delivery.register();
  const dispatcher = new OutboxDispatcher({
    uow: persistence.uow,
    queue,
    subscribers: [delivery.subscriber],
    clock,
    logger,
    pollIntervalMs: 200,
  });
  process.stdout.write('ready\n');
  if (process.env.WAIT_FOR_GO === '1') {
    await new Promise<void>((resolve) => {
      process.stdin.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('go')) resolve();
      });
    });
  }
  await queue.start();
  await dispatcher.start();
  process.on('SIGTERM', () => {
    void dispatcher
      .stop()
      .then(() => queue.stop())
      .then(() => persistence.close())
      .then(() => process.exit(0));
  });
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
