import { describe, expect, it } from 'vitest';
import { type Actor, type DomainEvent, money, orderPlaced, RESERVATION_REMINDER_QUEUE, type Role } from '../../src/index.js';
import { TELEGRAM_LIKE, TestChat } from '../conversation/chat-harness.js';
import { aPushShop, takeOutbox } from './push-harness.js';

type PushShop = ReturnType<typeof aPushShop>;
const SYSTEM: Actor = { kind: 'system' };

/** A customer (Telegram user `userId`) orders `quantity` of a product through the chat. */
const customerOrders = async (shop: PushShop, productId: string, userId = '7001', languageHint = 'es') => {
  const chat = new TestChat(shop.shop, TELEGRAM_LIKE, { id: userId, displayName: 'Ana', languageHint });
  await chat.start(`p_${productId}`);
  const en = languageHint === 'en';
  await chat.tap(en ? 'Add to cart' : 'Agregar al carrito');
  await chat.tap(en ? 'View cart (1)' : 'Ver carrito (1)');
  await chat.tap(en ? 'Checkout' : 'Finalizar compra');
  await chat.tap(en ? 'Use Ana' : 'Usar Ana');
  await chat.text('11 4444-5555');
  await chat.tap(en ? 'Pick up at the shop' : 'Retiro en el local');
  await chat.tap(en ? 'Final consumer' : 'Consumidor final');
  await chat.tap(en ? 'Place order' : 'Confirmar pedido');
  const orders = await shop.uow.repositories.orders.list({}, { offset: 0, limit: 1 });
  return { chat, order: orders.items[0]! };
};

const linkStaff = async (shop: PushShop, userId: string, roles: readonly Role[] = ['manager']) => {
  const user = await shop.useCases.staff.createUser(SYSTEM, {
    email: `s${userId}@shop.example`,
    name: `Staff ${userId}`,
    password: 'correct horse battery',
    roles,
  });
  const { code } = await shop.useCases.staff.createChatLinkCode({ kind: 'staff', userId: user.id, roles: user.roles });
  const chat = new TestChat(shop.shop, TELEGRAM_LIKE, { id: userId, displayName: user.name, languageHint: 'es' });
  await chat.text(`/vincular ${code}`);
  return { user, chat };
};

describe('notifications from domain events', () => {
  it('an order the customer placed in the chat is not pushed again there (the chat confirmed it); staff are alerted, the reminder scheduled', async () => {
    const shop = aPushShop();
    const mate = await shop.seedProduct({ name: 'Mate imperial', price: money(25_000_00), stockOnHand: 10 });
    await linkStaff(shop, '9001');
    const { chat, order } = await customerOrders(shop, mate.id);
    await shop.dispatch();

    // The chat's own confirmation said it; the push would have said it again in the same chat.
    expect(chat.lastText).toContain(`#${order.number}`);
    expect(shop.channel.to('7001')).toEqual([]);
    const [toStaff] = shop.channel.to('9001');
    expect(toStaff?.text).toBe(`🛎️ Nuevo pedido *#${order.number}* de Ana: *$ 25.000,00* (1 producto).`);
    expect(toStaff?.choices).toEqual([[{ id: `~s${order.number}`, label: '📋 Ver pedido' }]]);

    const [reminder] = shop.jobs.waiting(RESERVATION_REMINDER_QUEUE);
    expect(reminder).toMatchObject({ id: `reservation-reminder:${order.id}`, payload: { orderId: order.id } });
    shop.clock.advance({ minutes: 21 });
    await shop.notifications.remindReservation(order.id);
    await shop.notifications.remindReservation(order.id);
    const reminders = shop.channel.to('7001').filter((message) => message.text.startsWith('⏳'));
    expect(reminders.map((message) => message.text)).toEqual([
      `⏳ La reserva de tu pedido *#${order.number}* vence en 9 minutos. Pagalo para no perderla.`,
    ]);
  });

  it('an order placed for the customer elsewhere (at the counter) is told in their chat, with a button to the order', async () => {
    const shop = aPushShop();
    const mate = await shop.seedProduct({ name: 'Mate imperial', price: money(25_000_00), stockOnHand: 10 });
    const { order } = await customerOrders(shop, mate.id);
    await takeOutbox(shop);
    await shop.notifications.subscriber.handle(
      JSON.parse(JSON.stringify(orderPlaced({ ...order, channel: 'counter' }, shop.clock.now()))) as DomainEvent,
    );
    const [toCustomer, ...rest] = shop.channel.to('7001');
    expect(rest).toEqual([]);
    expect(toCustomer?.text).toBe(
      `🧾 Recibimos tu pedido *#${order.number}* por *$ 25.000,00*.\nTe reservamos el stock por 30 minutos: pagalo antes de que venza.`,
    );
    expect(toCustomer?.choices).toEqual([[{ id: `~o${order.number}`, label: '📦 Ver pedido' }]]);
  });

  it('a paid order to be shipped is told "when it ships"; one picked up at the shop, "when it is ready for pickup"', async () => {
    const shop = aPushShop();
    const mate = await shop.seedProduct({ name: 'Mate', price: money(1_000_00), stockOnHand: 5 });
    const chat = new TestChat(shop.shop, TELEGRAM_LIKE, { id: '7010', displayName: 'Ana', languageHint: 'es' });
    await chat.start(`p_${mate.id}`);
    await chat.tap('Agregar al carrito');
    await chat.tap('Ver carrito (1)');
    await chat.tap('Finalizar compra');
    await chat.tap('Usar Ana');
    await chat.text('11 4444-5555');
    await chat.tap('Envío a domicilio');
    await chat.text('Av. Rivadavia 1234, CABA');
    await chat.tap('Consumidor final');
    await chat.tap('Confirmar pedido');
    const shipped = (await shop.uow.repositories.orders.list({}, { offset: 0, limit: 1 })).items[0]!;
    expect(shipped.delivery.method).toBe('shipping');
    const pickedUp = (await customerOrders(shop, mate.id)).order;
    await shop.dispatch();
    for (const order of [shipped, pickedUp]) await shop.useCases.orders.changeStatus(SYSTEM, order.id, 'paid', null);
    await shop.dispatch();
    const paidText = (chatId: string) => shop.channel.to(chatId).find((message) => message.text.startsWith('✅'))?.text;
    expect(paidText('7010')).toBe(
      `✅ Recibimos tu pago de *$ 1.000,00* del pedido *#${shipped.number}*. ¡Gracias! Te avisamos cuando salga.`,
    );
    expect(paidText('7001')).toBe(
      `✅ Recibimos tu pago de *$ 1.000,00* del pedido *#${pickedUp.number}*. ¡Gracias! Te avisamos cuando esté listo para retirar.`,
    );
  });

  it('an order shipped notifies the customer once, even when the event is delivered twice', async () => {
    const shop = aPushShop();
    const mate = await shop.seedProduct({ name: 'Mate', stockOnHand: 5 });
    const { order } = await customerOrders(shop, mate.id);
    await shop.dispatch();
    await shop.useCases.orders.changeStatus(SYSTEM, order.id, 'paid', null);
    await shop.useCases.orders.changeStatus(SYSTEM, order.id, 'shipped', null);
    const events = await shop.dispatch();
    const shipped = events.find((event) => event.type === 'order.shipped')!;
    await shop.notifications.subscriber.handle(shipped);
    await shop.notifications.subscriber.handle(JSON.parse(JSON.stringify(shipped)));

    const texts = shop.channel.to('7001').map((message) => message.text);
    // A pickup order: shipped means ready for pickup.
    expect(texts.filter((text) => text.startsWith('📦'))).toEqual([
      `📦 ¡Tu pedido *#${order.number}* está listo para retirar en el local!`,
    ]);
    expect(texts.filter((text) => text.startsWith('✅'))).toHaveLength(1);
  });

  it('a retryable failure gives the claim back: the retry sends it, once', async () => {
    const shop = aPushShop();
    const mate = await shop.seedProduct({ name: 'Mate', stockOnHand: 5 });
    const { order } = await customerOrders(shop, mate.id);
    await shop.dispatch();
    await shop.useCases.orders.changeStatus(SYSTEM, order.id, 'paid', null);
    const paid = (await takeOutbox(shop.shop)).find((event) => event.type === 'order.paid')!;
    shop.channel.flaky.set('7001', 1);
    await expect(shop.notifications.subscriber.handle(paid)).rejects.toMatchObject({ code: 'CHANNEL.RATE_LIMITED' });
    await shop.notifications.subscriber.handle(paid);
    await shop.notifications.subscriber.handle(paid);
    expect(shop.channel.to('7001').filter((message) => message.text.startsWith('✅'))).toEqual([
      {
        text: `✅ Recibimos tu pago de *$ 1.000,00* del pedido *#${order.number}*. ¡Gracias! Te avisamos cuando esté listo para retirar.`,
        choices: [[{ id: `~o${order.number}`, label: '📦 Ver pedido' }]],
      },
    ]);
  });

  it('a refused connection gives the claim back (retried, sent once); a dropped one keeps it: maybe delivered, never sent twice', async () => {
    const shop = aPushShop();
    const mate = await shop.seedProduct({ name: 'Mate', stockOnHand: 5 });
    const { order } = await customerOrders(shop, mate.id);
    await shop.dispatch();
    await shop.useCases.orders.changeStatus(SYSTEM, order.id, 'paid', null);
    await shop.useCases.orders.changeStatus(SYSTEM, order.id, 'shipped', null);
    const events = await takeOutbox(shop.shop);
    const paid = events.find((event) => event.type === 'order.paid')!;
    const shipped = events.find((event) => event.type === 'order.shipped')!;

    shop.channel.down.set('7001', 1);
    await expect(shop.notifications.subscriber.handle(paid)).rejects.toMatchObject({ code: 'CHANNEL.UNAVAILABLE' });
    await shop.notifications.subscriber.handle(paid);
    expect(shop.channel.to('7001').filter((message) => message.text.startsWith('✅'))).toHaveLength(1);

    shop.channel.dropping.set('7001', 1);
    await shop.notifications.subscriber.handle(shipped);
    await shop.notifications.subscriber.handle(shipped);
    expect(shop.channel.dropped.map((pushed) => pushed.message.text.slice(0, 2))).toEqual(['📦']);
    expect(shop.channel.to('7001').filter((message) => message.text.startsWith('📦'))).toEqual([]);
  });

  it("a cancellation by staff carries their reason; the customer's own cancellation is not pushed again", async () => {
    const shop = aPushShop();
    const mate = await shop.seedProduct({ name: 'Mate', stockOnHand: 5 });
    const first = await customerOrders(shop, mate.id, '7001');
    const second = await customerOrders(shop, mate.id, '7002');
    await shop.dispatch();
    await shop.useCases.orders.changeStatus(
      { kind: 'staff', userId: 'u-1', roles: ['manager'] },
      first.order.id,
      'cancelled',
      'Sin stock del color *rojo*',
    );
    await shop.useCases.orders.cancel({ kind: 'customer', customerId: second.order.customerId }, second.order.id, null);
    await shop.dispatch();
    expect(shop.channel.to('7001').at(-1)?.text).toBe(
      `❌ Tu pedido *#${first.order.number}* fue cancelado y liberamos su stock.\nMotivo: _Sin stock del color \\*rojo\\*_`,
    );
    expect(shop.channel.to('7002').filter((message) => message.text.startsWith('❌'))).toEqual([]);
  });

  it("speaks the customer's language", async () => {
    const shop = aPushShop();
    const mate = await shop.seedProduct({ name: 'Mate', stockOnHand: 5 });
    const { order } = await customerOrders(shop, mate.id, '7003', 'en');
    await shop.useCases.orders.changeStatus(SYSTEM, order.id, 'paid', null);
    await shop.useCases.orders.changeStatus(SYSTEM, order.id, 'shipped', null);
    await shop.useCases.orders.changeStatus(SYSTEM, order.id, 'delivered', null);
    await shop.dispatch();
    expect(shop.channel.to('7003').map((message) => message.text.split('\n')[0])).toEqual([
      `✅ We received your payment of *$ 1,000.00* for order *#${order.number}*. Thank you! We'll let you know when it's ready for pickup.`,
      `📦 Your order *#${order.number}* is ready for pickup at the shop!`,
      `✅ You picked up your order *#${order.number}*. Thank you, enjoy!`,
    ]);
    expect(shop.channel.to('7003')[0]?.choices).toEqual([[{ id: `~o${order.number}`, label: '📦 View order' }]]);
  });

  it('invoice ready, refund and expiry are told too; a reminder for an order paid meanwhile says nothing', async () => {
    const shop = aPushShop();
    const mate = await shop.seedProduct({ name: 'Mate', stockOnHand: 5 });
    const paid = await customerOrders(shop, mate.id, '7001');
    const lapsed = await customerOrders(shop, mate.id, '7002');
    const returned = await customerOrders(shop, mate.id, '7003');
    await shop.useCases.orders.changeStatus(SYSTEM, paid.order.id, 'paid', null);
    await shop.useCases.orders.changeStatus(SYSTEM, paid.order.id, 'invoiced', null);
    await shop.useCases.orders.changeStatus(SYSTEM, returned.order.id, 'paid', null);
    await shop.useCases.orders.changeStatus(SYSTEM, returned.order.id, 'refunded', 'devolución');
    shop.clock.advance({ minutes: 31 });
    expect(await shop.useCases.orders.expireReservations()).toBe(1);
    await shop.dispatch();
    await shop.notifications.remindReservation(paid.order.id);

    expect(shop.channel.to('7001').map((message) => message.text.split('\n')[0])).toEqual([
      `✅ Recibimos tu pago de *$ 1.000,00* del pedido *#${paid.order.number}*. ¡Gracias! Te avisamos cuando esté listo para retirar.`,
      `🧾 La factura de tu pedido *#${paid.order.number}* está lista.`,
    ]);
    expect(shop.channel.to('7003').at(-1)?.text).toBe(`↩️ Te reintegramos *$ 1.000,00* del pedido *#${returned.order.number}*.`);
    expect(shop.channel.to('7002').at(-1)?.text).toBe(
      `⌛ La reserva de tu pedido *#${lapsed.order.number}* venció y liberamos el stock. Si todavía lo querés, armalo de nuevo desde el catálogo.`,
    );
  });

  it('the order button opens the order for its customer only', async () => {
    const shop = aPushShop();
    const mate = await shop.seedProduct({ name: 'Mate', stockOnHand: 5 });
    const { chat, order } = await customerOrders(shop, mate.id, '7001');
    await shop.dispatch();
    await chat.send({ kind: 'choice', choiceId: `~o${order.number}`, messageRef: null });
    expect(chat.screen.text).toContain(`#${order.number}`);
    const stranger = new TestChat(shop.shop, TELEGRAM_LIKE, { id: '7666', displayName: 'Eve', languageHint: 'es' });
    await stranger.start();
    await stranger.send({ kind: 'choice', choiceId: `~o${order.number}`, messageRef: null });
    expect(stranger.lastText).not.toContain(`#${order.number}`);
  });

  it('a notification answered 403 (the person blocked the bot) turns their marketing consent off', async () => {
    const shop = aPushShop();
    const mate = await shop.seedProduct({ name: 'Mate', stockOnHand: 5 });
    const { order } = await customerOrders(shop, mate.id, '7001');
    await shop.useCases.marketing.setConsent(SYSTEM, order.customerId, true);
    shop.channel.blocked.add('7001');
    await shop.useCases.orders.changeStatus(SYSTEM, order.id, 'paid', null);
    await shop.dispatch();
    expect(shop.channel.to('7001')).toEqual([]);
    expect((await shop.uow.repositories.customers.get(order.customerId))?.marketingConsent).toBe(false);
  });
});

describe('back-in-stock alerts', () => {
  it('"Avisame cuando haya" on an out-of-stock card subscribes; the stock coming back alerts once and spends the subscription', async () => {
    const shop = aPushShop();
    const termo = await shop.seedProduct({
      name: 'Termo Stanley',
      price: money(90_000_00),
      stockOnHand: 0,
      images: [{ id: 'img-termo', mimeType: 'image/png' }],
    });
    const chat = new TestChat(shop.shop, TELEGRAM_LIKE, { id: '7001', displayName: 'Ana', languageHint: 'es' });
    await chat.start(`p_${termo.id}`);
    await chat.tap('Avisame cuando haya');
    expect(chat.lastText).toBe('🔔 Listo, te aviso cuando vuelva *Termo Stanley*.');
    await chat.tap('Avisame cuando haya');
    expect(chat.lastText).toBe('🔔 Ya te anoté: te aviso cuando vuelva *Termo Stanley*.');

    await shop.useCases.catalog.adjustStock(SYSTEM, termo.id, { delta: 3, note: 'llegó mercadería' });
    const events = await shop.dispatch();
    const back = events.find((event) => event.type === 'stock.back_in_stock')!;
    await shop.notifications.subscriber.handle(back);

    const alerts = shop.channel.to('7001');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.text).toBe('🎉 ¡Volvió *Termo Stanley*! Ya hay stock otra vez.\n🛍️ *Termo Stanley* — $ 90.000,00');
    expect(alerts[0]?.imageId).toBe('img-termo');
    const button = alerts[0]?.choices?.[0]?.[0];
    expect(button).toMatchObject({ label: '👀 Ver producto' });
    expect(await shop.uow.repositories.stockAlerts.subscribers(termo.id, 10)).toEqual([]);

    // The button opens the product card, now with stock.
    await chat.send({ kind: 'choice', choiceId: (button as { id: string }).id, messageRef: null });
    expect(chat.screen.text).toContain('*Termo Stanley*');
    expect(chat.labels).toContain('🛒 Agregar al carrito');

    // Out of stock and back again: nobody asked this time, nobody is told.
    await shop.useCases.catalog.adjustStock(SYSTEM, termo.id, { delta: -3, note: 'rotura' });
    await shop.useCases.catalog.adjustStock(SYSTEM, termo.id, { delta: 1, note: 'llegó' });
    await shop.dispatch();
    expect(shop.channel.to('7001')).toHaveLength(1);
  });

  it('asking on a product that is in stock subscribes nobody', async () => {
    const shop = aPushShop();
    const mate = await shop.seedProduct({ name: 'Mate', stockOnHand: 5 });
    const customer = await shop.useCases.customers.identify(
      { channel: 'telegram', userId: '7001' },
      { displayName: 'Ana', language: 'es' },
    );
    expect(await shop.useCases.marketing.subscribeBackInStock({ kind: 'customer', customerId: customer.id }, customer.id, mate.id)).toEqual(
      {
        status: 'in-stock',
        productName: 'Mate',
      },
    );
    await expect(
      shop.useCases.marketing.subscribeBackInStock({ kind: 'customer', customerId: 'someone-else' }, customer.id, mate.id),
    ).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });
});
