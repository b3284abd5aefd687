// A channel that records what the shop pushes (notifications, offers), with failures on demand,
// and the shop's notification and campaign machinery wired to it over an in-memory job queue.
import { InMemoryJobQueue } from '../../../testkit/src/memory/index.js';
import {
  AdapterError,
  type ChannelCapabilities,
  channelRegistry,
  createCampaignDelivery,
  createNotifications,
  type DeliveryReceipt,
  type DomainEvent,
  type MessagingChannel,
  type OutboundMessage,
} from '../../src/index.js';
import { aConversationShop, type ConversationShop, TELEGRAM_LIKE } from '../conversation/chat-harness.js';

export interface Pushed {
  readonly chatId: string;
  readonly message: OutboundMessage;
}

/** Records every send; `blocked` chats answer like a blocked bot (403), `flaky` ones fail retryably first. */
export class RecordingChannel implements MessagingChannel {
  readonly sent: Pushed[] = [];
  readonly blocked = new Set<string>();
  /** chatId → how many more sends fail with a rate limit (429 with retry_after: costs no attempt on queues that honour it). */
  readonly flaky = new Map<string, number>();
  /** chatId → how many more sends fail because the connection is refused (nothing left: retryable, costs an attempt). */
  readonly down = new Map<string, number>();
  /** chatId → how many more sends lose their connection after the request left (delivery in doubt); each is recorded in `dropped`. */
  readonly dropping = new Map<string, number>();
  /** Sends whose connection dropped: they reached the channel, the sender never learnt it. */
  readonly dropped: Pushed[] = [];
  constructor(
    readonly name = 'telegram',
    readonly capabilities: ChannelCapabilities = TELEGRAM_LIKE,
  ) {}

  async send(chatId: string, message: OutboundMessage): Promise<DeliveryReceipt> {
    if (this.blocked.has(chatId)) throw new AdapterError('CHANNEL.BLOCKED', 'Forbidden: bot was blocked by the user', false);
    const outages = this.down.get(chatId) ?? 0;
    if (outages > 0) {
      this.down.set(chatId, outages - 1);
      throw new AdapterError('CHANNEL.UNAVAILABLE', 'connect ECONNREFUSED', true, { notSent: true });
    }
    const drops = this.dropping.get(chatId) ?? 0;
    if (drops > 0) {
      this.dropping.set(chatId, drops - 1);
      this.dropped.push({ chatId, message });
      throw new AdapterError('CHANNEL.UNAVAILABLE', 'socket hang up', true);
    }
    const failures = this.flaky.get(chatId) ?? 0;
    if (failures > 0) {
      this.flaky.set(chatId, failures - 1);
      throw new AdapterError('CHANNEL.RATE_LIMITED', 'Too Many Requests: retry after 1', true, { retryAfterSeconds: 1 });
    }
    this.sent.push({ chatId, message });
    return { messageRef: String(this.sent.length) };
  }

  async downloadFile(): Promise<Uint8Array> {
    throw new Error('no files');
  }

  to(chatId: string): OutboundMessage[] {
    return this.sent.filter((pushed) => pushed.chatId === chatId).map((pushed) => pushed.message);
  }
}

/** Reads every undispatched outbox event and marks it dispatched (what the outbox dispatcher does). */
export const takeOutbox = async (shop: ConversationShop): Promise<DomainEvent[]> => {
  const pending = await shop.uow.repositories.outbox.pending(1000);
  await shop.uow.repositories.outbox.markDispatched(
    pending.map((record) => record.id),
    shop.clock.now(),
  );
  // Through JSON, as a queue carries them.
  return pending.map((record) => JSON.parse(JSON.stringify(record.event)) as DomainEvent);
};

export const aPushShop = (options: Parameters<typeof aConversationShop>[0] = {}) => {
  const shop = aConversationShop(options);
  const channel = new RecordingChannel();
  const channels = channelRegistry([channel]);
  const jobs = new InMemoryJobQueue({ backoffMs: 1 });
  const notifications = createNotifications({ uow: shop.uow, channels, clock: shop.clock, ids: shop.ids, settings: shop.settings, jobs });
  const campaigns = createCampaignDelivery({
    uow: shop.uow,
    channels,
    clock: shop.clock,
    ids: shop.ids,
    jobs,
    ratePerSecond: { telegram: 1000 },
  });
  // The reminder queue gets no consumer here: its jobs wait (real) minutes, so tests read them with
  // `jobs.waiting` and run `notifications.remindReservation` themselves.
  campaigns.register();
  void jobs.start();
  const subscribers = [notifications.subscriber, campaigns.subscriber];
  /** Delivers the outbox's events to every subscriber of their type, then runs the queue dry. */
  const dispatch = async (): Promise<DomainEvent[]> => {
    const events = await takeOutbox(shop);
    for (const event of events) {
      for (const subscriber of subscribers) if (subscriber.eventTypes.includes(event.type)) await subscriber.handle(event);
    }
    await jobs.drain();
    return events;
  };
  return { ...shop, shop, channel, channels, jobs, notifications, campaigns, dispatch };
};
