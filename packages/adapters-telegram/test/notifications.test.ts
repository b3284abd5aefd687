import {
  channelRegistry,
  createCampaignDelivery,
  createConversationEngine,
  createNotifications,
  DEFAULT_SHOP_SETTINGS,
  type DomainEvent,
  money,
} from '@mostrador/core';
import { createInMemoryUseCases, FixedClock, InMemoryImageStore, InMemoryJobQueue, SequentialIdGenerator } from '@mostrador/testkit/memory';
import { aProduct } from '@mostrador/testkit/mothers';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, pngBytes, startHarness } from './support/harness.js';

/*
 * Notifications and offers pushed through the real Telegram adapter to the Bot API emulator, with
 * core's real engine answering the taps on their buttons: what a customer sees on Telegram.
 */

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const SYSTEM = { kind: 'system' } as const;
const MANAGER = { kind: 'staff', userId: 'u-1', roles: ['manager'] } as const;

const aShop = async () => {
  const images = new InMemoryImageStore();
  const clock = new FixedClock();
  const ids = new SequentialIdGenerator();
  const settings = DEFAULT_SHOP_SETTINGS;
  const { uow, useCases } = createInMemoryUseCases({ clock, ids, settings });
  const imageId = await images.put(pngBytes(64), 'image/png');
  const mate = aProduct({
    name: 'Mate imperial',
    price: money(25_000_00),
    stockOnHand: 10,
    images: [{ id: imageId, mimeType: 'image/png' }],
  });
  await uow.repositories.products.save(mate);
  const engine = createConversationEngine({ useCases, clock, ids, settings });
  harness = await startHarness({ engine, store: uow.repositories.conversations, images });
  const channels = channelRegistry([harness.channel]);
  const jobs = new InMemoryJobQueue({ backoffMs: 1 });
  const notifications = createNotifications({ uow, channels, clock, ids, settings, jobs: null });
  const campaigns = createCampaignDelivery({ uow, channels, clock, ids, jobs, ratePerSecond: { telegram: 200 } });
  campaigns.register();
  await jobs.start();
  const subscribers = [notifications.subscriber, campaigns.subscriber];
  /** The outbox dispatcher's job: every pending event to its subscribers (`times` times: redelivery). */
  const dispatch = async (times = 1): Promise<void> => {
    const pending = await uow.repositories.outbox.pending(100);
    await uow.repositories.outbox.markDispatched(
      pending.map((record) => record.id),
      clock.now(),
    );
    for (let i = 0; i < times; i += 1) {
      for (const record of pending) {
        const event = JSON.parse(JSON.stringify(record.event)) as DomainEvent;
        for (const subscriber of subscribers) if (subscriber.eventTypes.includes(event.type)) await subscriber.handle(event);
      }
    }
    await jobs.drain();
  };
  return { uow, useCases, harness, mate, dispatch };
};

/** A Telegram user who opened the chat, and their customer record. */
const aCustomer = async (shop: Awaited<ReturnType<typeof aShop>>, firstName: string, consent = true) => {
  const user = shop.harness.emulator.user({ firstName, languageCode: 'es' });
  await user.sendCommand('start');
  await user.waitForMessages(1);
  const customer = (await shop.useCases.customers.findByIdentity({ channel: 'telegram', userId: String(user.id) }))!;
  if (consent) await shop.useCases.marketing.setConsent(SYSTEM, customer.id, true);
  return { user, customer };
};

describe('notifications and offers on Telegram', () => {
  it('an order shipped notifies the customer once even if the event is delivered twice; its button opens the order', async () => {
    const shop = await aShop();
    const { user, customer } = await aCustomer(shop, 'Ana');
    await shop.useCases.cart.add(customer.id, 'telegram', shop.mate.id, 1);
    const order = await shop.useCases.orders.place({
      customerId: customer.id,
      channel: 'telegram',
      contact: { name: 'Ana', phone: '+5491155550000' },
      delivery: { method: 'pickup', address: null },
      billing: null,
    });
    await shop.dispatch();
    await shop.useCases.orders.changeStatus(SYSTEM, order.id, 'paid', null);
    await shop.useCases.orders.changeStatus(SYSTEM, order.id, 'shipped', null);
    await shop.dispatch(2);

    // A pickup order: "shipped" is ready for pickup.
    const shipped = user.botMessages().filter((message) => message.text?.startsWith('📦'));
    expect(shipped.map((message) => message.text)).toEqual([`📦 ¡Tu pedido #${order.number} está listo para retirar en el local!`]);
    expect(shipped[0]?.entities).toEqual([expect.objectContaining({ type: 'bold' })]);
    expect(user.botMessages().filter((message) => message.text?.startsWith('✅ Recibimos tu pago'))).toHaveLength(1);
    // Placed by the customer on Telegram, i.e. in this chat, whose own confirmation says it: not pushed again.
    expect(user.botMessages().filter((message) => message.text?.startsWith('🧾 Recibimos tu pedido'))).toHaveLength(0);

    await user.tapButton('📦 Ver pedido', { message: shipped[0] });
    const [detail] = await user.waitForMessages((message) => (message.text ?? '').includes(`Pedido #${order.number}`));
    expect(detail?.text).toContain('Listo para retirar');
    expect(harness?.emulator.calls((call) => call.status >= 400 && call.method !== 'getUpdates')).toEqual([]);
  });

  it('an offer reaches consenting customers with its product card; a 403 (blocked bot) turns consent off; an opt-out stops further offers', async () => {
    const shop = await aShop();
    const ana = await aCustomer(shop, 'Ana');
    const beto = await aCustomer(shop, 'Beto');
    const caro = await aCustomer(shop, 'Caro', false);
    beto.user.block();

    const first = await shop.useCases.marketing.createCampaign(MANAGER, {
      name: 'Mates',
      text: '*Semana del mate* 🧉',
      productIds: [shop.mate.id],
      segment: { kind: 'all' },
    });
    await shop.dispatch();

    const offers = ana.user.botMessages().filter((message) => (message.caption ?? '').includes('Semana del mate'));
    expect(offers).toHaveLength(1);
    expect(offers[0]?.photo).toBeDefined();
    expect(offers[0]?.caption).toBe('Semana del mate 🧉\n🛍️ Mate imperial — $ 25.000,00');
    expect(offers[0]?.reply_markup?.inline_keyboard.flat().map((button) => button.text)).toEqual([
      '👀 Mate imperial',
      '🔕 No quiero más ofertas',
    ]);
    expect(caro.user.botMessages().some((message) => (message.caption ?? '').includes('Semana del mate'))).toBe(false);
    expect(harness?.emulator.calls((call) => call.status === 403).length).toBeGreaterThan(0);
    expect((await shop.uow.repositories.customers.get(beto.customer.id))?.marketingConsent).toBe(false);
    const progress = (await shop.useCases.marketing.getCampaign(MANAGER, first.campaign.id))?.progress;
    expect(progress).toEqual({ total: 2, queued: 0, sent: 1, failed: 0, blocked: 1, skipped: 0, uncertain: 0 });

    // The product button opens the card; the opt-out button stops offers.
    await ana.user.tapButton('👀 Mate imperial', { message: offers[0] });
    await ana.user.waitForMessages((message) => (message.caption ?? '').includes('Cantidad: 1'));
    await ana.user.tapButton('🔕 No quiero más ofertas', { message: offers[0] });
    await ana.user.waitForMessages((message) => (message.text ?? '').startsWith('🔕 Listo, no te mandamos más ofertas'));

    beto.user.unblock();
    await shop.useCases.marketing.createCampaign(MANAGER, { name: 'Otra', text: 'Otra oferta', segment: { kind: 'all' } });
    await shop.dispatch();
    for (const { user } of [ana, beto, caro]) expect(user.botMessages().some((message) => message.text === 'Otra oferta')).toBe(false);
  });
});
