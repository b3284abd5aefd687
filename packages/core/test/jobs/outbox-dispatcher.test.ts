import { describe, expect, it } from 'vitest';
import { InMemoryJobQueue, RecordingLogger } from '../../../testkit/src/memory/index.js';
import { type DomainEvent, EVENTS_QUEUE, type EventSubscriber, eventJobId, OutboxDispatcher } from '../../src/index.js';
import { aShop } from '../ordering/shop-fixture.js';

const recorder = (name: string, eventTypes: readonly string[], fail?: (event: DomainEvent) => boolean) => {
  const handled: DomainEvent[] = [];
  let failures = 0;
  const subscriber: EventSubscriber = {
    name,
    eventTypes,
    handle: async (event) => {
      if (fail?.(event) && failures++ < 2) throw new Error('not yet');
      handled.push(event);
    },
  };
  return { subscriber, handled };
};

const setUp = (subscribers: EventSubscriber[]) => {
  const shop = aShop();
  const queue = new InMemoryJobQueue({ backoffMs: 1 });
  const dispatcher = new OutboxDispatcher({
    uow: shop.uow,
    queue,
    subscribers,
    clock: shop.clock,
    logger: new RecordingLogger(),
    backoffMs: 5,
  });
  return { shop, queue, dispatcher };
};

describe('outbox dispatcher', () => {
  it('moves each committed event to one job per interested subscriber, with the event as it was written, then marks it dispatched', async () => {
    const notifications = recorder('notifications', ['order.placed', 'order.cancelled']);
    const invoicing = recorder('invoicing', ['order.paid']);
    const { shop, queue, dispatcher } = setUp([notifications.subscriber, invoicing.subscriber]);
    await queue.start();
    const product = await shop.seedProduct({ stockOnHand: 5 });
    const order = await shop.placeOrder(await shop.seedCustomer(), [[product, 1]]);
    const [record] = await shop.repositories.outbox.pending(10);

    expect(await dispatcher.dispatchOnce()).toBe(1);
    await queue.drain();
    expect(notifications.handled).toEqual([record!.event]);
    expect(notifications.handled[0]!.occurredAt).toBeInstanceOf(Date);
    expect(notifications.handled[0]).toMatchObject({ type: 'order.placed', aggregateId: order.id });
    expect(invoicing.handled).toEqual([]);
    expect(queue.completed(EVENTS_QUEUE).map((job) => job.id)).toEqual([eventJobId(record!.id, 'notifications')]);
    expect(await shop.repositories.outbox.pending(10)).toEqual([]);
    expect(await dispatcher.dispatchOnce()).toBe(0);
  });

  it('publishes nothing for a rolled-back transaction', async () => {
    const notifications = recorder('notifications', ['order.placed']);
    const { shop, queue, dispatcher } = setUp([notifications.subscriber]);
    await queue.start();
    await expect(
      shop.uow.transaction(async (tx) => {
        await tx.outbox.add([{ type: 'order.placed', aggregateId: 'o-1', payload: {}, occurredAt: shop.clock.now() }]);
        throw new Error('the change failed after writing its event');
      }),
    ).rejects.toThrow('the change failed');
    expect(await dispatcher.dispatchOnce()).toBe(0);
    await queue.drain();
    expect(notifications.handled).toEqual([]);
    expect(queue.completed()).toEqual([]);
  });

  it('a dispatch repeated before the record was marked (a crash in between) enqueues nothing new', async () => {
    const notifications = recorder('notifications', ['order.placed']);
    const { shop, queue, dispatcher } = setUp([notifications.subscriber]);
    await shop.repositories.outbox.add([{ type: 'order.placed', aggregateId: 'o-1', payload: { n: 1 }, occurredAt: shop.clock.now() }]);
    const [record] = await shop.repositories.outbox.pending(10);
    // The first dispatcher enqueued, then died before marking: the record is still pending.
    await queue.enqueue(
      EVENTS_QUEUE,
      {
        outboxId: record!.id,
        subscriber: 'notifications',
        event: { ...record!.event, occurredAt: record!.event.occurredAt.toISOString() },
      },
      { jobId: eventJobId(record!.id, 'notifications') },
    );
    expect(await dispatcher.dispatchOnce()).toBe(1);
    await queue.start();
    await queue.drain();
    expect(notifications.handled).toHaveLength(1);
  });

  it('each subscriber retries on its own: one failing does not make the other run again', async () => {
    const flaky = recorder('notifications', ['order.placed'], () => true);
    const steady = recorder('audit', ['order.placed']);
    const { shop, queue, dispatcher } = setUp([flaky.subscriber, steady.subscriber]);
    await queue.start();
    await shop.repositories.outbox.add([{ type: 'order.placed', aggregateId: 'o-1', payload: {}, occurredAt: shop.clock.now() }]);
    await dispatcher.dispatchOnce();
    await queue.drain();
    expect(flaky.handled).toHaveLength(1);
    expect(steady.handled).toHaveLength(1);
    expect(queue.deadLetters()).toEqual([]);
  });

  it('refuses two subscribers of one name and names that cannot be part of a job id', () => {
    const one = recorder('notifications', ['order.placed']).subscriber;
    expect(() => setUp([one, one])).toThrow('two event subscribers are named "notifications"');
    expect(() => setUp([{ ...one, name: 'Bad Name' }])).toThrow('must be 1-64 of a-z 0-9');
  });

  it('runs by itself once started, and stops cleanly', async () => {
    const notifications = recorder('notifications', ['order.placed']);
    const shop = aShop();
    const queue = new InMemoryJobQueue({ backoffMs: 1 });
    const dispatcher = new OutboxDispatcher({
      uow: shop.uow,
      queue,
      subscribers: [notifications.subscriber],
      clock: shop.clock,
      logger: new RecordingLogger(),
      pollIntervalMs: 10,
    });
    await queue.start();
    await dispatcher.start();
    await shop.repositories.outbox.add([{ type: 'order.placed', aggregateId: 'o-9', payload: {}, occurredAt: shop.clock.now() }]);
    const deadline = Date.now() + 5_000;
    while (notifications.handled.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await dispatcher.stop();
    await queue.stop();
    expect(notifications.handled.map((event) => event.aggregateId)).toEqual(['o-9']);
  });
});
