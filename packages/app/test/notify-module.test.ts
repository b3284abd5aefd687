import {
  type Actor,
  bindToken,
  type ChannelAdapter,
  type ChannelCapabilities,
  type DeliveryReceipt,
  type DomainEvent,
  type EventSubscriber,
  type InboundSink,
  type OutboundMessage,
  TOKENS,
} from '@mostrador/core';
import {
  createInMemoryPersistence,
  FixedClock,
  InMemoryImageStore,
  InMemoryJobQueue,
  SequentialIdGenerator,
} from '@mostrador/testkit/memory';
import { ContainerModule } from 'inversify';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type AppModule, type AppRuntime, compose, coreModule, notificationsModule } from '../src/index.js';

/*
 * The notifications module in a composition: its event subscribers (notifications, campaigns, staff
 * notes to customers) are bound for the outbox dispatcher, and its workers consume the bound
 * JobQueue, so a campaign created through the use cases reaches a customer through the channel
 * registry.
 */

const SYSTEM: Actor = { kind: 'system' };
const CAPABILITIES: ChannelCapabilities = {
  inlineButtons: true,
  urlButtons: true,
  maxButtonsPerRow: 4,
  maxButtons: 20,
  maxChoiceLabelLength: 60,
  maxChoicePayloadBytes: 64,
  editInPlace: false,
  maxTextLength: 4000,
  maxCaptionLength: 1000,
  images: false,
  documents: false,
  contactRequest: false,
  toasts: false,
  deepLinks: false,
};

class RecordingChannel implements ChannelAdapter {
  readonly name = 'console';
  readonly phase = 'connect' as const;
  readonly capabilities = CAPABILITIES;
  readonly sent: { chatId: string; message: OutboundMessage }[] = [];
  connect(_sink: InboundSink): void {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async send(chatId: string, message: OutboundMessage): Promise<DeliveryReceipt> {
    this.sent.push({ chatId, message });
    return { messageRef: String(this.sent.length) };
  }
  async downloadFile(): Promise<Uint8Array> {
    throw new Error('no files');
  }
}

let runtime: AppRuntime | null = null;
afterEach(async () => {
  await runtime?.stop();
  runtime = null;
});

describe('notificationsModule', () => {
  it('binds the notifications and campaigns subscribers and runs campaign delivery on the bound JobQueue', async () => {
    const channel = new RecordingChannel();
    const jobs = new InMemoryJobQueue({ backoffMs: 1 });
    const { uow, search } = createInMemoryPersistence();
    const infrastructure: AppModule = new ContainerModule((load) => {
      bindToken(load, TOKENS.UnitOfWork).toConstantValue(uow);
      bindToken(load, TOKENS.Repositories).toConstantValue(uow.repositories);
      bindToken(load, TOKENS.ProductSearch).toConstantValue(search);
      bindToken(load, TOKENS.ImageStore).toConstantValue(new InMemoryImageStore());
      bindToken(load, TOKENS.Channel).toConstantValue(channel);
      bindToken(load, TOKENS.JobQueue).toConstantValue(jobs);
    });
    const core = coreModule({
      logger: pino({ level: 'silent' }),
      clock: new FixedClock('2025-03-10T12:00:00.000Z'),
      ids: new SequentialIdGenerator(),
      passwordCost: { logN: 10 },
    });
    runtime = compose({ modules: [core, notificationsModule({ bulkRatePerSecond: 500 }), infrastructure] });
    await runtime.start();
    await jobs.start();

    const subscribers = runtime.container.getAll<EventSubscriber>(TOKENS.EventSubscriber);
    expect(subscribers.map((subscriber) => subscriber.name)).toEqual(['notifications', 'campaigns', 'customer-messages']);

    const useCases = runtime.resolve(TOKENS.UseCases);
    const ana = await useCases.customers.identify({ channel: 'console', userId: '501' }, { displayName: 'Ana', language: 'es' });
    await useCases.marketing.setConsent(SYSTEM, ana.id, true);
    await useCases.marketing.createCampaign(SYSTEM, { name: 'Promo', text: 'Promo de otoño', segment: { kind: 'all' } });
    // The outbox dispatcher's part.
    for (const record of await uow.repositories.outbox.pending(10)) {
      const event = JSON.parse(JSON.stringify(record.event)) as DomainEvent;
      for (const subscriber of subscribers) if (subscriber.eventTypes.includes(event.type)) await subscriber.handle(event);
    }
    await jobs.drain();
    expect(channel.sent.map((entry) => [entry.chatId, entry.message.text])).toEqual([['501', 'Promo de otoño']]);
  });
});
