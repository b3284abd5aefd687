import { randomUUID } from 'node:crypto';
import type { JobQueue } from '@mostrador/core';
import { jobQueueContract } from '@mostrador/testkit/contracts';
import { BullMqJobQueue } from '../src/index.js';
import { dropPrefix, REDIS_URL } from './support/redis.js';

jobQueueContract({
  name: 'BullMqJobQueue (Redis)',
  sharedAcrossWorkers: true,
  durable: true,
  open: async () => {
    const prefix = `test-jobs-${randomUUID()}`;
    const queues: JobQueue[] = [];
    return {
      worker: async () => {
        const queue = new BullMqJobQueue({ url: REDIS_URL, prefix, lockDurationMs: 5_000 });
        queues.push(queue);
        return queue;
      },
      close: async () => {
        for (const queue of queues) await queue.stop();
        await dropPrefix(prefix);
      },
    };
  },
});
