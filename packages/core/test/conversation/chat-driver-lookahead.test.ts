import { describe, expect, it } from 'vitest';
import { type ConversationStore, type Customer, createChatDriver, type MessagingChannel } from '../../src/index.js';
import { aConversationShop, TELEGRAM_LIKE, TestChat } from './chat-harness.js';

/*
 * The driver starts the engine's look-ahead (who the sender is) beside `ConversationStore.begin`.
 * A look-ahead only reads: a redelivered update still changes nothing, and a first contact is
 * still created by the engine once the update is known to be new.
 */
describe('the chat driver with the engine look-ahead', () => {
  const identityOf = (chat: TestChat) => ({ channel: chat.channel, userId: chat.user.id });

  it('a redelivered update of an unknown sender creates no customer and sends nothing', async () => {
    const shop = aConversationShop();
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '501', displayName: 'Ana', languageHint: 'es' });
    // The update was claimed before (e.g. by an instance that then failed before identifying anyone).
    const claimed = await shop.uow.repositories.conversations.begin(chat.channel, chat.chatId, 'update-redelivered', shop.clock.now());
    expect(claimed.fresh).toBe(true);

    const reply = await chat.send({ kind: 'start', deepLink: null }, 'update-redelivered');

    expect(reply.messages).toEqual([]);
    expect(await shop.useCases.customers.findByIdentity(identityOf(chat))).toBeNull();
  });

  it('creates the customer on first contact, once, and finds the same one on the next update', async () => {
    const shop = aConversationShop();
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '502', displayName: 'Bruno', languageHint: 'en' });

    await chat.start();
    const created = await shop.useCases.customers.findByIdentity(identityOf(chat));
    expect(created).toMatchObject({ name: 'Bruno', language: 'en' });
    await chat.text('/help');

    const everyone = await shop.uow.repositories.customers.list({}, { offset: 0, limit: 100 });
    expect(everyone.items.map((customer) => customer.id)).toEqual([created?.id]);
    expect((await shop.useCases.customers.findByIdentity(identityOf(chat)))?.id).toBe(created?.id);
  });

  it('the engine uses the customer found ahead, and identifies (creating) when the read ahead failed', async () => {
    const shop = aConversationShop();
    const channel = { name: 'telegram', capabilities: TELEGRAM_LIKE, downloadFile: shop.downloadFile };
    const event = (userId: string, key: string) => ({
      channel: 'telegram',
      chatId: `chat-${userId}`,
      user: { id: userId, displayName: `Cliente ${userId}`, languageHint: 'es' },
      receivedAt: shop.clock.now(),
      idempotencyKey: key,
      kind: 'command' as const,
      command: 'help',
      args: '',
    });
    const lookAhead = shop.engine.lookAhead;
    expect(lookAhead).toBeTypeOf('function');

    // Found ahead: the engine takes that customer as is (here one set to English, though the
    // event hints Spanish and nobody was stored), without identifying the sender again.
    const english: Customer = {
      id: 'customer-ahead',
      name: 'Eve',
      identities: [{ channel: 'telegram', userId: '503' }],
      language: 'en',
      marketingConsent: false,
      phone: null,
      email: null,
      taxProfile: null,
      createdAt: shop.clock.now(),
      updatedAt: shop.clock.now(),
    };
    const reply = await shop.engine.handle(event('503', 'k1'), channel, null, { customer: Promise.resolve(english) });
    expect((reply.state as { locale: string }).locale).toBe('en');
    expect(await shop.useCases.customers.findByIdentity({ channel: 'telegram', userId: '503' })).toBeNull();

    // The read ahead failed: the engine identifies the sender itself, creating them.
    const failed = Promise.reject(new Error('database unreachable'));
    failed.catch(() => undefined);
    await shop.engine.handle(event('504', 'k2'), channel, null, { customer: failed });
    expect(await shop.useCases.customers.findByIdentity({ channel: 'telegram', userId: '504' })).toMatchObject({ name: 'Cliente 504' });
  });

  it('uses the store beginWithSender when offered: one call instead of begin and a separate look-up, nothing created on a redelivery', async () => {
    const shop = aConversationShop();
    const memory = shop.uow.repositories.conversations;
    const calls: string[] = [];
    const store: ConversationStore = {
      begin: (...args) => {
        calls.push('begin');
        return memory.begin(...args);
      },
      load: (...args) => memory.load(...args),
      save: (...args) => memory.save(...args),
      markProcessed: (...args) => memory.markProcessed(...args),
      beginWithSender: async (channel, chatId, updateKey, at, sender) => {
        calls.push('beginWithSender');
        const begun = await memory.begin(channel, chatId, updateKey, at);
        // A stand-in for the sender read in the same round trip, set apart by its language.
        const known = await shop.uow.repositories.customers.findByIdentity(sender);
        return begun.fresh ? { ...begun, sender: known && { ...known, language: 'en' as const } } : begun;
      },
    };
    const sent: string[] = [];
    const channel: MessagingChannel = {
      name: 'telegram',
      capabilities: TELEGRAM_LIKE,
      send: async (_chatId, message) => {
        sent.push(message.text);
        return { messageRef: `m${sent.length}` };
      },
      downloadFile: shop.downloadFile,
    };
    const driver = createChatDriver({ engine: shop.engine, channel, store, logger: shop.logger });
    const event = (key: string, userId: string, chatId = `chat-${userId}`) => ({
      event: {
        channel: 'telegram',
        chatId,
        user: { id: userId, displayName: 'Carla', languageHint: 'es' },
        receivedAt: shop.clock.now(),
        idempotencyKey: key,
        kind: 'text' as const,
        text: '/start',
      },
    });

    await driver.deliver(event('k1', '601'));
    const carla = await shop.useCases.customers.findByIdentity({ channel: 'telegram', userId: '601' });
    expect(carla?.name).toBe('Carla');
    expect(sent.at(-1)).toContain('¡Hola, Carla!');
    // A new chat of the same person: no state yet, so the language is the customer's, as read with begin.
    await driver.deliver(event('k2', '601', 'chat-601-group'));
    expect(calls).toEqual(['beginWithSender', 'beginWithSender']);
    expect(sent.at(-1)).toContain('Hi, Carla!');

    await memory.begin('telegram', 'chat-602', 'k3', shop.clock.now());
    const before = sent.length;
    await driver.deliver(event('k3', '602'));
    expect(sent.length).toBe(before);
    expect(await shop.useCases.customers.findByIdentity({ channel: 'telegram', userId: '602' })).toBeNull();
  });
});
