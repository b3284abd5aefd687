import { describe, expect, it } from 'vitest';
import { InMemoryJobQueue, RecordingLogger } from '../../../testkit/src/memory/index.js';
import { HOUSEKEEPING_QUEUE, housekeepingTasks, JobScheduler, type MaintenanceStore, scheduledJobId } from '../../src/index.js';
import { aShop } from '../ordering/shop-fixture.js';

describe('housekeeping', () => {
  it('one run per period however many instances tick: the period is the job id', async () => {
    const shop = aShop();
    const queue = new InMemoryJobQueue();
    let runs = 0;
    const task = { name: 'count', everyMs: 60_000, run: async () => ++runs };
    const scheduler = new JobScheduler(queue, [task], shop.clock, new RecordingLogger());
    await queue.start();
    await scheduler.tick();
    await scheduler.tick();
    // Another instance's tick in the same period enqueues the same job id.
    await queue.enqueue(HOUSEKEEPING_QUEUE, { task: 'count' }, { jobId: scheduledJobId('count', 60_000, shop.clock.now()) });
    await queue.drain();
    expect(runs).toBe(1);
    shop.clock.advance({ minutes: 1 });
    await scheduler.tick();
    await queue.drain();
    expect(runs).toBe(2);
  });

  it('ticks as often as its shortest task asks (a 1 s task is not held to the 5 s tick)', async () => {
    const shop = aShop();
    const queue = new InMemoryJobQueue();
    let runs = 0;
    const scheduler = new JobScheduler(
      queue,
      [{ name: 'often', everyMs: 1_000, run: async () => ++runs }],
      shop.clock,
      new RecordingLogger(),
    );
    await queue.start();
    await scheduler.start();
    // Real time: the scheduler's own timer, not the shop's clock, decides when it ticks; the clock names the period.
    for (let period = 1; period <= 2; period++) {
      shop.clock.advance({ seconds: 1 });
      const until = Date.now() + 3_000;
      while (runs < period + 1 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await scheduler.stop();
    await queue.drain();
    expect(runs).toBe(3);
  });

  it('the reservation task releases lapsed reservations (the order.expired event tells the customer)', async () => {
    const shop = aShop({ reservationMinutes: 30 });
    const product = await shop.seedProduct({ stockOnHand: 4 });
    const order = await shop.placeOrder(await shop.seedCustomer(), [[product, 3]]);
    const maintenance: MaintenanceStore = { pruneProcessedUpdates: async () => 0, pruneRefreshTokens: async () => 0 };
    const tasks = housekeepingTasks({ useCases: shop.useCases, maintenance, clock: shop.clock });
    const expire = tasks.find((task) => task.name === 'reservations.expire')!;
    expect(await expire.run()).toBe(0);
    shop.clock.advance({ minutes: 31 });
    expect(await expire.run()).toBe(1);
    expect((await shop.repositories.orders.get(order.id))?.status).toBe('expired');
    expect(await shop.outboxTypes()).toContain('order.expired');
  });

  it('pruning tasks call the store until a batch comes back short, with the cut-off times', async () => {
    const shop = aShop();
    const calls: string[] = [];
    const batches = [5_000, 12];
    const maintenance: MaintenanceStore = {
      pruneProcessedUpdates: async (before, limit) => {
        calls.push(`updates<${before.toISOString()}:${limit}`);
        return batches.shift() ?? 0;
      },
      pruneRefreshTokens: async (before) => {
        calls.push(`tokens<${before.toISOString()}`);
        return 3;
      },
    };
    const tasks = housekeepingTasks({ useCases: shop.useCases, maintenance, clock: shop.clock });
    const now = shop.clock.now().getTime();
    expect(await tasks.find((task) => task.name === 'processed-updates.prune')!.run()).toBe(5_012);
    expect(await tasks.find((task) => task.name === 'refresh-tokens.prune')!.run()).toBe(3);
    const twoDaysAgo = new Date(now - 48 * 3_600_000).toISOString();
    expect(calls).toEqual([`updates<${twoDaysAgo}:5000`, `updates<${twoDaysAgo}:5000`, `tokens<${new Date(now).toISOString()}`]);
  });
});
