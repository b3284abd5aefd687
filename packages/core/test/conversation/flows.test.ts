import { describe, expect, it } from 'vitest';
import { channelRegistry, customerMessageDelivery, money } from '../../src/index.js';
import { aConversationShop, NUMBERED_ONLY, TELEGRAM_LIKE, TestChat } from './chat-harness.js';

describe('flows: quantities on channels with numbered options', () => {
  it('keeps a bare number for the option, and takes "x3" or "3 unidades" as the quantity', async () => {
    const shop = aConversationShop();
    const mate = await shop.seedProduct({ name: 'Mate', price: money(8_000_00), stockOnHand: 9 });
    const chat = new TestChat(shop, NUMBERED_ONLY, { id: '9001', displayName: 'Ana', languageHint: 'es' });
    await chat.start(`p_${mate.id}`);

    await chat.text('x7');
    expect(chat.screen.text).toContain('Cantidad: *7*');
    expect(chat.lastText).toContain('Cantidad: *7*');
    await chat.text('3 unidades');
    expect(chat.screen.text).toContain('Cantidad: *3*');
    await chat.choose('Agregar al carrito');
    expect(chat.screen.text).toContain('Agregaste 3 × Mate');
  });

  it('says when every unit left is already in the cart, and when there is no stock at all', async () => {
    const shop = aConversationShop();
    const mate = await shop.seedProduct({ name: 'Mate', price: money(8_000_00), stockOnHand: 2 });
    const bombilla = await shop.seedProduct({ name: 'Bombilla', price: money(2_000_00), stockOnHand: 0 });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '9002', displayName: 'Ana', languageHint: 'es' });
    await chat.start(`p_${mate.id}`);
    await chat.text('2');
    await chat.tap('Agregar al carrito');
    await chat.start(`p_${mate.id}`);
    const full = await chat.text('1');
    expect(full.messages.map((message) => message.text)).toEqual(['Ya tenés en el carrito todas las unidades disponibles.']);
    await chat.start(`p_${bombilla.id}`);
    const none = await chat.text('4');
    expect(none.messages.map((message) => message.text)).toEqual(['Este producto no tiene stock ahora, así que no lo podés agregar.']);
  });
});

describe('flows: cancel words', () => {
  it('leave a confirmation without doing it: "cancelar" on "¿Seguro que querés cancelar el pedido?" keeps the order', async () => {
    const shop = aConversationShop();
    const mate = await shop.seedProduct({ name: 'Mate', price: money(8_000_00), stockOnHand: 4 });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '9003', displayName: 'Ana', languageHint: 'es' });
    await chat.start(`p_${mate.id}`);
    await chat.tap('Agregar al carrito');
    await chat.tap('Ver carrito (1)');
    await chat.tap('Finalizar compra');
    await chat.tap('Usar Ana');
    await chat.text('11 4444-5555');
    await chat.tap('Retiro en el local');
    await chat.tap('Consumidor final');
    await chat.tap('Confirmar pedido');
    await chat.tap('Mis pedidos');
    await chat.tap(/^#1 /);
    await chat.tap('Cancelar pedido');

    const reply = await chat.text('cancelar');
    expect(reply.messages[0]?.text).toBe('Listo, lo dejamos.');
    expect(chat.screen.text).toContain('Pedido #1');
    const [order] = (await shop.useCases.orders.list({ kind: 'system' }, {}, { offset: 0, limit: 1 })).items;
    expect(order?.status).toBe('placed');
  });

  it('work in English too: "cancel" leaves the checkout and /cancel says nothing is under way', async () => {
    const shop = aConversationShop();
    const mate = await shop.seedProduct({ name: 'Mate', price: money(8_000_00), stockOnHand: 4 });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '9004', displayName: 'John', languageHint: 'en' });
    await chat.start(`p_${mate.id}`);
    await chat.tap('Add to cart');
    await chat.tap('View cart (1)');
    await chat.tap('Checkout');
    const left = await chat.text('cancel');
    expect(left.messages[0]?.text).toBe('Done, checkout cancelled. Your cart is still saved.');
    expect(chat.screen.text).toContain('Your cart');
    const nothing = await chat.text('/cancel');
    expect(nothing.messages[0]?.text).toBe('There is nothing under way to cancel. To cancel an order, open 📦 My orders.');
  });
});

describe('flows: staff stock adjustments', () => {
  it('takes a typed "-1" as minus one, not as the "+1" button whose label reads alike', async () => {
    const shop = aConversationShop();
    const mate = await shop.seedProduct({ name: 'Mate', price: money(8_000_00), stockOnHand: 6 });
    const user = await shop.useCases.staff.createUser(
      { kind: 'system' },
      { email: 'marta@shop.example', name: 'Marta', password: 'correct horse battery', roles: ['clerk'] },
    );
    const { code } = await shop.useCases.staff.createChatLinkCode({ kind: 'staff', userId: user.id, roles: user.roles });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '9005', displayName: 'Marta', languageHint: 'es' });
    await chat.text(`/vincular ${code}`);
    await chat.start(`p_${mate.id}`);
    await chat.tap('Ajustar stock');
    expect(chat.labels).toEqual(expect.arrayContaining(['+1', '+5', '+10', '-1', '-5']));

    await chat.text('-1');
    expect(await shop.product(mate.id)).toMatchObject({ stockOnHand: 5 });
    await chat.text('+12');
    expect(await shop.product(mate.id)).toMatchObject({ stockOnHand: 17 });
    const wrong = await chat.text('5');
    expect(wrong.messages[0]?.text).toBe('⚠️ Escribí el ajuste con signo, por ejemplo +10 o -3.');
    expect(await shop.product(mate.id)).toMatchObject({ stockOnHand: 17 });
    const movements = await shop.useCases.catalog.stockMovements(mate.id, { offset: 0, limit: 10 });
    expect(movements.items.map((movement) => movement.note)).toEqual(expect.arrayContaining(['Ajuste desde el chat']));
  });

  it('offers no stock button to a viewer, who may not adjust stock', async () => {
    const shop = aConversationShop();
    const mate = await shop.seedProduct({ name: 'Mate', price: money(8_000_00), stockOnHand: 6 });
    const user = await shop.useCases.staff.createUser(
      { kind: 'system' },
      { email: 'vera@shop.example', name: 'Vera', password: 'correct horse battery', roles: ['viewer'] },
    );
    const { code } = await shop.useCases.staff.createChatLinkCode({ kind: 'staff', userId: user.id, roles: user.roles });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '9006', displayName: 'Vera', languageHint: 'es' });
    await chat.text(`/vincular ${code}`);
    await chat.start(`p_${mate.id}`);
    expect(chat.labels).not.toContain('📦 Ajustar stock');
  });
});

describe('flows: staff orders on a channel with few options', () => {
  it('lists orders with the short filter set, so the orders, the filters and the way back all fit', async () => {
    const shop = aConversationShop();
    const mate = await shop.seedProduct({ name: 'Mate', price: money(8_000_00), stockOnHand: 20 });
    for (const id of ['9101', '9102', '9103']) {
      const customer = new TestChat(shop, TELEGRAM_LIKE, { id, displayName: 'Ana', languageHint: 'es' });
      await customer.start(`p_${mate.id}`);
      await customer.tap('Agregar al carrito');
      await customer.tap('Ver carrito (1)');
      await customer.tap('Finalizar compra');
      await customer.tap('Usar Ana');
      await customer.text('11 4444-5555');
      await customer.tap('Retiro en el local');
      await customer.tap('Consumidor final');
      await customer.tap('Confirmar pedido');
    }
    const user = await shop.useCases.staff.createUser(
      { kind: 'system' },
      { email: 'marta@shop.example', name: 'Marta', password: 'correct horse battery', roles: ['clerk'] },
    );
    const { code } = await shop.useCases.staff.createChatLinkCode({ kind: 'staff', userId: user.id, roles: user.roles });
    const staff = new TestChat(shop, NUMBERED_ONLY, { id: '9007', displayName: 'Marta', languageHint: 'es' });
    await staff.text(`/vincular ${code}`);
    await staff.pick('📋 Pedidos');

    expect(staff.labels.length).toBeLessThanOrEqual(NUMBERED_ONLY.maxButtons);
    expect(staff.labels.filter((label) => label.startsWith('#')).length).toBeGreaterThanOrEqual(1);
    expect(staff.labels).toEqual(expect.arrayContaining(['• Todos •', 'Esperando pago', '🔎 Buscar pedido', '🏠 Menú']));
    expect(staff.screen.text).toContain('Pedidos* — Todos');
  });
});

describe('flows: delivering a staff note to the customer', () => {
  it('sends it in the customer’s language to their identity on the order’s channel, and skips what has no address', async () => {
    const sent: { chatId: string; text: string }[] = [];
    const channel = {
      name: 'telegram',
      capabilities: TELEGRAM_LIKE,
      send: async (chatId: string, message: { text: string }) => {
        sent.push({ chatId, text: message.text });
        return { messageRef: `${chatId}:1` };
      },
      downloadFile: async () => new Uint8Array(),
    };
    const shop = aConversationShop();
    const john = await shop.useCases.customers.identify({ channel: 'telegram', userId: '777' }, { displayName: 'John', language: 'en' });
    const delivery = customerMessageDelivery({
      customer: (id) => shop.uow.repositories.customers.get(id),
      channels: channelRegistry([channel]),
    });
    const event = (customerId: string, channelName: string) => ({
      type: 'order.customer_message',
      aggregateId: 'order-1',
      occurredAt: new Date(),
      payload: { orderId: 'order-1', number: 7, customerId, channel: channelName, text: 'Ready *after* 5 pm', by: 'staff-1' },
    });

    await delivery.handle(event(john.id, 'telegram'));
    await delivery.handle(event(john.id, 'whatsapp'));
    await delivery.handle(event('nobody', 'telegram'));
    await delivery.handle({ ...event(john.id, 'telegram'), type: 'order.paid' });

    expect(sent).toEqual([{ chatId: '777', text: '✉️ *A message from the shop about your order #7:*\nReady \\*after\\* 5 pm' }]);
    expect(delivery).toMatchObject({ name: 'customer-messages', eventTypes: ['order.customer_message'] });
  });
});
