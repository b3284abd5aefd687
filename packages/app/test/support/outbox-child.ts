/**
 * An app process for the outbox crash test: the outbox dispatcher and a subscriber that records
 * each event it handles (`handled:<aggregateId>` in settings), over the embedded queue on
 * PostgreSQL or BullMQ on Redis. With MODE=write it also commits one event per transaction in a
 * loop, each followed by a transaction that writes an event and rolls back, printing
 * `committed <n>` every 10 commits, until it is killed.
 *
 * Environment: DATABASE_URL, JOBS_BACKEND (redis | database), REDIS_URL, REDIS_PREFIX, POLL_MS, MODE.
 */
import { BullMqJobQueue } from '@mostrador/adapters-jobs';
import { createPersistence } from '@mostrador/adapters-persistence';
import { type EventSubscriber, type JobQueue, type Logger, OutboxDispatcher } from '@mostrador/core';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is required`);
  return value;
};

const quiet: Logger = { info: () => {}, warn: () => {}, error: (message) => console.error(message) };

const main = async (): Promise<void> => {
  const persistence = await createPersistence({ url: env('DATABASE_URL') });
  const queue: JobQueue =
    env('JOBS_BACKEND') === 'redis'
      ? new BullMqJobQueue({ url: env('REDIS_URL'), prefix: env('REDIS_PREFIX'), lockDurationMs: 2_000 })
      : persistence.jobQueue({ leaseMs: 2_000, maxPollMs: 100 });
  const settings = persistence.uow.repositories.settings;
  const recorder: EventSubscriber = {
    name: 'recorder',
    eventTypes: ['test.happened'],
    handle: async (event) => {
      await settings.setIfAbsent(`handled:${event.aggregateId}`, event.payload);
    },
  };
  const dispatcher = new OutboxDispatcher({
    uow: persistence.uow,
    queue,
    subscribers: [recorder],
    clock: { now: () => new Date() },
    logger: quiet,
    pollIntervalMs: Number(env('POLL_MS')),
  });
  await queue.start();
  await dispatcher.start();
  process.stdout.write('ready\n');
  process.on('SIGTERM', () => {
    void dispatcher
      .stop()
      .then(() => queue.stop())
      .then(() => persistence.close())
      .then(() => process.exit(0));
  });
  if (process.env.MODE !== 'write') return;
  for (let index = 1; ; index++) {
    const occurredAt = new Date();
    await persistence.uow.transaction(async (tx) => {
      await tx.settings.set(`change:${process.pid}:${index}`, index);
      await tx.outbox.add([{ type: 'test.happened', aggregateId: `committed-${process.pid}-${index}`, payload: { index }, occurredAt }]);
    });
    await persistence.uow
      .transaction(async (tx) => {
        await tx.outbox.add([
          { type: 'test.happened', aggregateId: `rolled-back-${process.pid}-${index}`, payload: { index }, occurredAt },
        ]);
        throw new Error('the change fails after writing its event');
      })
      .catch(() => undefined);
    if (index % 10 === 0) process.stdout.write(`committed ${index}\n`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
