import { createPersistence, type DatabaseJobQueue, type Persistence } from '@mostrador/adapters-persistence';
import {
  type Actor,
  type ChannelCapabilities,
  channelRegistry,
  createNotifications,
  createUseCases,
  DEFAULT_SHOP_SETTINGS,
  type DeliveryReceipt,
  type DomainEvent,
  type EventSubscriber,
  type MessagingChannel,
  type OutboundMessage,
  OutboxDispatcher,
  type UseCases,
} from '@mostrador/core';
import { FakePasswordHasher, FixedClock, RecordingLogger } from '@mostrador/testkit/memory';
import { aCustomer } from '@mostrador/testkit/mothers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeSecretTokens } from '../src/auth/node-secret-tokens.js';
import { UuidV7Generator } from '../src/node-services.js';
import { createTestDatabase } from './support/postgres-database.js';

/*
 * The stock events of a large import reach their subscribers: an import that brings a product back
 * in stock, among hundreds of rows crossing the low-stock threshold, still alerts the customer
 * waiting for it, once, after the import; a second subscriber (reading the product, as a webhook
 * would) receives every stock event, one job each; every outbox record is dispatched and every
 * event job completes. On PGlite the jobs are background work that waits for the import's
 * bulk write (ADR 0003, Session 5): this proves waiting loses nothing. PostgreSQL for comparison.
 */
const NOW = new Date('2026-03-16T15:00:00.000Z');
const ROWS = 400;
const MANAGER: Actor = { kind: 'staff', userId: 'staff-manager', roles: ['manager'] };
const CAPABILITIES: ChannelCapabilities = {
  inlineButtons: true,
  urlButtons: true,
  maxButtonsPerRow: 8,
  maxButtons: 100,
  editInPlace: true,
  maxTextLength: 4096,
  maxCaptionLength: 1024,
  images: true,
  documents: true,
  maxChoiceLabelLength: 64,
  maxChoicePayloadBytes: 64,
  contactRequest: true,
  toasts: true,
  deepLinks: true,
};

/** Records what the shop pushes. */
class RecordingChannel implements MessagingChannel {
  readonly name = 'telegram';
  readonly capabilities = CAPABILITIES;
  readonly sent: { chatId: string; message: OutboundMessage }[] = [];
  async send(chatId: string, message: OutboundMessage): Promise<DeliveryReceipt> {
    this.sent.push({ chatId, message });
    return { messageRef: String(this.sent.length) };
  }
  async downloadFile(): Promise<Uint8Array> {
    throw new Error('no files');
  }
}

const sku = (i: number) => `BIS-${String(i).padStart(4, '0')}`;
/** Row 0 is the product the customer waits for; the others cross the low-stock threshold (5) on the update. */
const rows = (stock: (i: number) => number) =>
  Array.from({ length: ROWS }, (_, i) => ({ sku: sku(i), name: `Yerba ${i}`, price: '1500.00', vat: '21', stock: String(stock(i)) }));

const count = async (persistence: Persistence, sql: string): Promise<number> =>
  Number(((await persistence.dataSource.query(sql)) as { n: string }[])[0]!.n);

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`an import that brings a product back in stock (${kind})`, () => {
    let persistence: Persistence;
    let drop: (() => Promise<void>) | null = null;
    let useCases: UseCases;
    let queue: DatabaseJobQueue;
    let dispatcher: OutboxDispatcher;
    const channel = new RecordingChannel();
    /** Every stock event a subscriber received, by outbox-independent key (type and product). */
    const received = new Set<string>();
    const stockWatcher = (): EventSubscriber => ({
      name: 'stock-watcher',
      eventTypes: ['stock.low', 'stock.back_in_stock'],
      handle: async (event: DomainEvent) => {
        const product = await persistence.uow.repositories.products.get(event.aggregateId);
        if (product === null) throw new Error(`no product ${event.aggregateId}`);
        received.add(`${event.type}:${product.sku}`);
      },
    });

    beforeAll(async () => {
      const database = kind === 'postgres' ? await createTestDatabase('mostrador_import_bis') : null;
      drop = database ? () => database.drop() : null;
      persistence = await createPersistence(database ? { url: database.url } : { dataDir: ':memory:' });
      await persistence.migrate();
      const clock = new FixedClock(NOW.toISOString());
      const ids = new UuidV7Generator();
      const settings = DEFAULT_SHOP_SETTINGS;
      useCases = createUseCases({
        uow: persistence.uow,
        search: persistence.search,
        clock,
        ids,
        passwords: new FakePasswordHasher(),
        secrets: new NodeSecretTokens(),
        settings,
      });
      queue = persistence.jobQueue({ maxPollMs: 100 });
      const notifications = createNotifications({
        uow: persistence.uow,
        channels: channelRegistry([channel]),
        clock,
        ids,
        settings,
        jobs: queue,
      });
      notifications.register(queue);
      dispatcher = new OutboxDispatcher({
        uow: persistence.uow,
        queue,
        subscribers: [notifications.subscriber, stockWatcher()],
        clock,
        logger: new RecordingLogger(),
        pollIntervalMs: 50,
        backoffMs: 50,
      });
    }, 120_000);

    afterAll(async () => {
      await dispatcher?.stop();
      await queue?.stop();
      await persistence?.close();
      await drop?.();
    });

    it('alerts the waiting customer once, after the import; no event or job is lost', async () => {
      // Row 0 out of stock, the others well stocked.
      expect(
        await useCases.catalog.importProducts(
          MANAGER,
          rows((i) => (i === 0 ? 0 : 20)),
        ),
      ).toEqual({
        status: 'imported',
        created: ROWS,
        updated: 0,
      });
      const waited = (await persistence.uow.repositories.products.getBySku(sku(0)))!;
      const customer = aCustomer({ language: 'es' });
      await persistence.uow.repositories.customers.save(customer);
      expect(await persistence.uow.repositories.stockAlerts.subscribe(waited.id, customer.id, NOW)).toBe(true);
      await queue.start();
      await dispatcher.start();

      // Row 0 back to 4 units (back in stock, and low); every other row drops to 3 (low stock).
      const before = await count(persistence, `SELECT count(*) AS n FROM outbox`);
      expect(
        await useCases.catalog.importProducts(
          MANAGER,
          rows((i) => (i === 0 ? 4 : 3)),
        ),
      ).toEqual({
        status: 'imported',
        created: 0,
        updated: ROWS,
      });
      const events = (await count(persistence, `SELECT count(*) AS n FROM outbox`)) - before;
      // ROWS − 1 products went low, one came back (0 → 4 is not a fall to the threshold).
      expect(events).toBe(ROWS);

      const chatId = customer.identities[0]!.userId;
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline && channel.sent.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(channel.sent.map((pushed) => pushed.chatId)).toEqual([chatId]);
      expect(channel.sent[0]!.message.text).toContain('Yerba 0');

      // Every record dispatched and every event job finished, none failed.
      const settled = async () =>
        (await count(persistence, `SELECT count(*) AS n FROM outbox WHERE dispatched_at IS NULL`)) +
        (await count(persistence, `SELECT count(*) AS n FROM jobs WHERE queue = 'events' AND state <> 'completed'`));
      while (Date.now() < deadline && (await settled()) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await settled()).toBe(0);
      expect(received.size).toBe(ROWS);
      expect(received.has(`stock.back_in_stock:${sku(0)}`)).toBe(true);
      expect(received.has(`stock.low:${sku(ROWS - 1)}`)).toBe(true);
      expect(await persistence.uow.repositories.stockAlerts.subscribers(waited.id, 10)).toEqual([]);
      expect(channel.sent).toHaveLength(1);
    }, 180_000);
  });
}
