import type { JobQueue } from '@mostrador/core';
import { jobQueueContract } from '../src/contracts/index.js';
import { InMemoryJobQueue } from '../src/memory/index.js';

jobQueueContract({
  name: 'InMemoryJobQueue',
  sharedAcrossWorkers: false,
  durable: false,
  open: async () => {
    const queues: JobQueue[] = [];
    return {
      worker: async () => {
        const queue = new InMemoryJobQueue();
        queues.push(queue);
        return queue;
      },
      close: async () => {
        for (const queue of queues) await queue.stop();
      },
    };
  },
});
