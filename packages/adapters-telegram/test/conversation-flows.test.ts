import {
  type Actor,
  channelRegistry,
  createConversationEngine,
  customerMessageDelivery,
  DEFAULT_SHOP_SETTINGS,
  money,
  type Product,
  type ShopSettings,
} from '@mostrador/core';
import { createInMemoryUseCases, FixedClock, SequentialIdGenerator } from '@mostrador/testkit/memory';
import { aCategory, aProduct } from '@mostrador/testkit/mothers';
import type { TelegramTestUser as EmulatedUser, TgMessage } from '@mostrador/testkit/telegram';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness.js';

/*
 * Issue 10's flows as customers and staff meet them on Telegram: core's real engine behind core's
 * chat driver and the Telegram adapter, driven through the Bot API emulator. Each test names the
 * defect it guards against.
 */

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const SYSTEM: Actor = { kind: 'system' };

const textOf = (message: { text?: string; caption?: string }): string => message.text ?? message.caption ?? '';
const labelsOf = (message: TgMessage | undefined): string[] =>
  message?.reply_markup?.inline_keyboard.flat().map((button) => button.text) ?? [];

/** A hardware shop: two grinders that start alike, screws, and a drill with no stock. */
const aShop = async () => {
  const clock = new FixedClock('2025-03-10T15:00:00.000Z');
  const ids = new SequentialIdGenerator();
  const settings: ShopSettings = { ...DEFAULT_SHOP_SETTINGS, shopName: 'Ferretería Sur' };
  const { uow, useCases } = createInMemoryUseCases({ clock, ids, settings });
  const category = aCategory({ name: 'Herramientas', slug: 'herramientas', translations: { en: { name: 'Tools' } } });
  await uow.repositories.categories.save(category);
  const save = async (overrides: Partial<Product>): Promise<Product> => {
    const product = aProduct({ categoryId: category.id, ...overrides });
    await uow.repositories.products.save(product);
    return product;
  };
  const bosch = await save({
    name: 'Amoladora angular Bosch GWS 850 115 mm',
    price: money(85_000_00),
    stockOnHand: 7,
    attributes: { marca: 'Bosch', variante: '115 mm' },
    translations: { en: { name: 'Angle grinder Bosch GWS 850 115 mm' } },
  });
  const makita = await save({ name: 'Amoladora angular Makita 9557 115 mm', price: money(92_000_00), stockOnHand: 4 });
  const screws = await save({ name: 'Tornillos autoperforantes x100', price: money(4_500_00), stockOnHand: 50 });
  const drill = await save({ name: 'Amoladora de banco sin stock', price: money(120_000_00), stockOnHand: 0 });
  const engine = createConversationEngine({ useCases, clock, ids, settings });
  harness = await startHarness({ engine, store: uow.repositories.conversations });
  const product = async (id: string): Promise<Product> => {
    const found = await uow.repositories.products.get(id);
    if (!found) throw new Error(`no product ${id}`);
    return found;
  };
  return { uow, useCases, harness, bosch, makita, screws, drill, product };
};

type Shop = Awaited<ReturnType<typeof aShop>>;

/**
 * Does `action`, then waits for a screen (a bot message with buttons) whose text matches `shows`;
 * with `note: true`, for any bot message (notes have no buttons).
 */
const step = async (
  user: EmulatedUser,
  action: () => Promise<unknown>,
  shows: RegExp,
  options: { note?: boolean; timeoutMs?: number } = {},
): Promise<TgMessage> => {
  await action();
  const found = await user.waitForMessages(
    (message) => shows.test(textOf(message)) && (options.note === true || message.reply_markup !== undefined),
    options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs },
  );
  return found[found.length - 1] as TgMessage;
};

/** Everything the bot has sent to `user` since `since` messages, as texts. */
const textsSince = (user: EmulatedUser, since: number): string[] => user.botMessages().slice(since).map(textOf);

/** Sends /menu and waits for it: every update before it has been answered (the driver keeps a chat's order). */
const settle = async (user: EmulatedUser): Promise<void> => {
  await step(user, () => user.sendCommand('menu'), /Te damos la bienvenida|Welcome to/);
};

const cartWith = async (user: EmulatedUser, shop: Shop, product: Product, quantity: number): Promise<void> => {
  await step(user, () => user.sendCommand('start', `p_${product.id}`), /Cantidad: 1/);
  if (quantity !== 1) await step(user, () => user.sendText(String(quantity)), new RegExp(`Cantidad: ${quantity}`));
  await step(user, () => user.tapButton(/Agregar al carrito/), /Agregaste/);
  void shop;
};

const toCheckout = async (user: EmulatedUser): Promise<TgMessage> => {
  await step(user, () => user.sendCommand('carrito'), /Tu carrito/);
  return step(user, () => user.tapButton(/Finalizar compra/), /¿A nombre de quién/);
};

describe('issue 10 flows on Telegram', () => {
  it('3: "cancelar" and /cancelar leave the checkout keeping the cart; "menú" at the name step is the menu, not a name', async () => {
    const shop = await aShop();
    const ana = shop.harness.emulator.user({ firstName: 'Ana', languageCode: 'es' });
    await cartWith(ana, shop, shop.screws, 1);

    await toCheckout(ana);
    const menu = await step(ana, () => ana.sendText('menú'), /Te damos la bienvenida/);
    expect(labelsOf(menu)).toContain('🛒 Mi carrito (1)');

    await toCheckout(ana);
    const cancelled = await step(ana, () => ana.sendText('Cancelar'), /Tu carrito/);
    expect(textsSince(ana, 0)).toContain('Listo, dejamos la compra. Tu carrito sigue guardado.');
    expect(textOf(cancelled)).toContain('1 × Tornillos autoperforantes x100');

    await toCheckout(ana);
    await step(ana, () => ana.sendCommand('cancelar'), /Tu carrito/);
    // Outside any flow, "cancelar" is no search ("Candela" lamps): it says there is nothing to cancel.
    const before = ana.botMessages().length;
    await step(ana, () => ana.sendText('cancelar'), /Te damos la bienvenida/);
    expect(textsSince(ana, before)[0]).toBe('No hay nada en curso para cancelar. Para cancelar un pedido, abrí 📦 Mis pedidos.');
    expect((await shop.useCases.cart.view((await customerOf(shop, ana)).id, 'telegram')).itemCount).toBe(1);
  });

  it('4: a number typed on a product card is the quantity (within stock, said above the card), and any quantity can be added', async () => {
    const shop = await aShop();
    const ana = shop.harness.emulator.user({ firstName: 'Ana', languageCode: 'es' });
    await step(ana, () => ana.sendCommand('start', `p_${shop.bosch.id}`), /Cantidad: 1/);

    const before = ana.botMessages().length;
    const card = await step(ana, () => ana.sendText('5'), /Cantidad: 5/);
    expect(textsSince(ana, before)[0]).toBe('Cantidad: 5. Elegí «🛒 Agregar al carrito» para sumarlas al carrito.');
    expect(labelsOf(card)).toContain('• ×5 •');

    const capped = ana.botMessages().length;
    await step(ana, () => ana.sendText('40'), /Cantidad: 7/);
    expect(textsSince(ana, capped)[0]).toBe('Hay 7 disponibles: te dejé la cantidad en 7.');
    await step(ana, () => ana.sendText('6 unidades'), /Cantidad: 6/);
    await step(ana, () => ana.tapButton(/Agregar al carrito/), /Agregaste 6 ×/);

    const customer = await customerOf(shop, ana);
    const cart = await shop.useCases.cart.view(customer.id, 'telegram');
    expect(cart.lines.map((line) => [line.product.product.id, line.quantity])).toEqual([[shop.bosch.id, 6]]);
  });

  it('5: after losing the last units, checkout stops at the cart before any question, and the earlier answers are offered again', async () => {
    const shop = await aShop();
    const ana = shop.harness.emulator.user({ firstName: 'Ana', languageCode: 'es' });
    const beto = shop.harness.emulator.user({ firstName: 'Beto', languageCode: 'es' });
    await cartWith(ana, shop, shop.makita, 4);
    await cartWith(beto, shop, shop.makita, 4);

    // Beto gets as far as the summary, typing a name of his own.
    await toCheckout(beto);
    await step(beto, () => beto.sendText('Roberto Gómez'), /teléfono/);
    await step(beto, () => beto.sendText('11 4555-6677'), /¿Cómo querés recibir/);
    await step(beto, () => beto.tapButton(/Retiro en el local/), /¿Qué factura/);
    await step(beto, () => beto.tapButton(/Consumidor final/), /Revisá tu pedido/);

    // Ana buys the last four first.
    await toCheckout(ana);
    await step(ana, () => ana.tapButton(/^Usar Ana/), /teléfono/);
    await step(ana, () => ana.sendText('11 5555-1234'), /¿Cómo querés recibir/);
    await step(ana, () => ana.tapButton(/Retiro en el local/), /¿Qué factura/);
    await step(ana, () => ana.tapButton(/Consumidor final/), /Revisá tu pedido/);
    await step(ana, () => ana.tapButton(/Confirmar pedido/), /Pedido #1 confirmado/);

    await step(beto, () => beto.tapButton(/Confirmar pedido/), /Tu carrito/);
    // Tapping "Finalizar compra" again asks nothing: the cart must be fixed first.
    const before = beto.botMessages().length;
    await step(beto, () => beto.tapButton(/Finalizar compra/), /Tu carrito/);
    expect(textsSince(beto, before)).toEqual([
      'Ya no queda stock de Amoladora angular Makita 9557 115 mm.',
      'Antes de seguir, ajustá tu carrito: algunos productos ya no tienen el stock que pediste.',
      expect.stringContaining('Tu carrito'),
    ]);

    // With another product instead, the name he typed is offered again.
    await step(beto, () => beto.tapButton(/^🗑️ Amoladora/), /Tu carrito/);
    await cartWith(beto, shop, shop.screws, 1);
    const name = await toCheckout(beto);
    expect(labelsOf(name)).toEqual(expect.arrayContaining(['Usar Roberto Gómez', 'Usar Beto']));
    const phone = await step(beto, () => beto.tapButton('Usar Roberto Gómez'), /teléfono/);
    expect(labelsOf(phone)).toContain('Usar +541145556677');
  });

  it('6: a triple tap on "Confirmar pedido" confirms once; stale taps and photos get a short note, never the screen again', async () => {
    const shop = await aShop();
    const ana = shop.harness.emulator.user({ firstName: 'Ana', languageCode: 'es' });
    await cartWith(ana, shop, shop.screws, 2);
    await toCheckout(ana);
    await step(ana, () => ana.tapButton(/^Usar Ana/), /teléfono/);
    await step(ana, () => ana.sendText('11 5555-1234'), /¿Cómo querés recibir/);
    await step(ana, () => ana.tapButton(/Retiro en el local/), /¿Qué factura/);
    const summary = await step(ana, () => ana.tapButton(/Consumidor final/), /Revisá tu pedido/);

    const before = ana.botMessages().length;
    for (let tap = 0; tap < 3; tap += 1) await ana.tapButton(/Confirmar pedido/, { message: summary.message_id });
    await ana.waitForMessages((message) => /Pedido #1 confirmado/.test(textOf(message)));
    await ana.sendPhoto(new Uint8Array(Buffer.from('89504e470d0a1a0a0000000d49484452000000020000000208060000007e', 'hex')));
    await settle(ana);

    const texts = textsSince(ana, before);
    expect(texts.filter((text) => text.includes('Pedido #1 confirmado'))).toHaveLength(1);
    expect(texts.filter((text) => text === 'Esa opción ya no está disponible.')).toHaveLength(2);
    expect(texts).toContain('La búsqueda por foto todavía no está disponible. Escribí lo que buscás y te ayudo.');
    // Notes only: besides the confirmation and the /menu asked for, no screen was sent.
    expect(texts.filter((text) => text.includes('¿Qué querés hacer?'))).toHaveLength(1);
    expect((await shop.useCases.orders.list(SYSTEM_STAFF, {}, { offset: 0, limit: 10 })).total).toBe(1);
  });

  it('7: a reply whose sends fail three times in a row (network errors) still arrives, with no apology', async () => {
    const shop = await aShop();
    const ana = shop.harness.emulator.user({ firstName: 'Ana', languageCode: 'es' });
    for (let i = 0; i < 3; i += 1) shop.harness.emulator.failNext('sendMessage', { disconnect: true });

    // Waits of 0.5, 1 and 2 s between the attempts.
    await step(ana, () => ana.sendCommand('start'), /Te damos la bienvenida/, { timeoutMs: 15_000 });

    expect(textsSince(ana, 0).some((text) => text.startsWith('Perdón'))).toBe(false);
    expect(shop.harness.logger.lines.filter((line) => line.startsWith('warn chat message delivery retried'))).toHaveLength(3);
    expect(shop.harness.logger.lines.filter((line) => line.startsWith('error'))).toEqual([]);
  });

  it('8: lists mark items without stock, cart buttons tell alike names apart, English cards say "brand", the cart counts products and units', async () => {
    const shop = await aShop();
    const ana = shop.harness.emulator.user({ firstName: 'Ana', languageCode: 'es' });
    const results = await step(ana, () => ana.sendCommand('buscar', 'amoladora'), /Resultados/);
    expect(labelsOf(results)).toContain('Amoladora de banco sin stock · $ 120.000,00 · sin stock');
    expect(labelsOf(results).filter((label) => label.endsWith('sin stock'))).toHaveLength(1);

    await cartWith(ana, shop, shop.bosch, 2);
    const added = await step(ana, () => ana.sendCommand('start', `p_${shop.makita.id}`), /Cantidad: 1/);
    void added;
    const summary = await step(ana, () => ana.tapButton(/Agregar al carrito/), /Agregaste/);
    expect(textOf(summary)).toContain('Tu carrito: 2 productos (3 unidades), total');
    const cart = await step(ana, () => ana.sendCommand('carrito'), /Tu carrito/);
    const minus = labelsOf(cart).filter((label) => label.startsWith('➖'));
    expect(minus).toHaveLength(2);
    expect(new Set(minus).size).toBe(2);

    const john = shop.harness.emulator.user({ firstName: 'John', languageCode: 'en' });
    const card = await step(john, () => john.sendCommand('start', `p_${shop.bosch.id}`), /Quantity: 1/);
    expect(textOf(card)).toContain('brand: Bosch · variant: 115 mm');
    const help = await step(john, () => john.sendCommand('help'), /Help/);
    expect(textOf(help)).not.toMatch(/photo/i);
  });

  it('9: phones are stored in E.164, a one-word tax address is refused, going back offers the CUIT, emptying the cart asks', async () => {
    const shop = await aShop();
    const ana = shop.harness.emulator.user({ firstName: 'Ana', languageCode: 'es' });
    await cartWith(ana, shop, shop.screws, 1);
    await toCheckout(ana);
    await step(ana, () => ana.tapButton(/^Usar Ana/), /teléfono/);
    await step(ana, () => ana.sendText('01145556677'), /¿Cómo querés recibir/);
    expect(textsSince(ana, 0)).toContain('📞 Anotamos tu teléfono: +541145556677');
    await step(ana, () => ana.tapButton(/Retiro en el local/), /¿Qué factura/);
    await step(ana, () => ana.tapButton(/Factura con mis datos/), /CUIT/);
    await step(ana, () => ana.sendText('20-12345678-6'), /condición frente al IVA/);
    // Back to the CUIT question: the CUIT typed is offered.
    const back = await step(ana, () => ana.tapButton(/Volver/), /Escribí tu CUIT/);
    expect(labelsOf(back)).toContain('Usar CUIT 20-12345678-6');
    await step(ana, () => ana.tapButton('Usar CUIT 20-12345678-6'), /condición frente al IVA/);
    await step(ana, () => ana.tapButton(/Monotributo/), /razón social/);
    await step(ana, () => ana.sendText('Ana Pérez'), /domicilio fiscal/);
    await step(ana, () => ana.sendText('Calle'), /Escribí el domicilio fiscal completo/, { note: true });
    await step(ana, () => ana.sendText('Av. Mitre 100, Avellaneda'), /Revisá tu pedido/);
    await step(ana, () => ana.tapButton(/Confirmar pedido/), /Pedido #1 confirmado/);

    const [order] = (await shop.useCases.orders.list(SYSTEM_STAFF, {}, { offset: 0, limit: 1 })).items;
    expect(order?.contact.phone).toBe('+541145556677');
    expect(order?.billing).toMatchObject({ documentNumber: '20123456786', address: 'Av. Mitre 100, Avellaneda' });
    expect((await customerOf(shop, ana)).phone).toBe('+541145556677');

    // A contact shared from the phone (international digits without "+") is stored the same way.
    const beto = shop.harness.emulator.user({ firstName: 'Beto', languageCode: 'es' });
    await cartWith(beto, shop, shop.screws, 1);
    await toCheckout(beto);
    await step(beto, () => beto.tapButton(/^Usar Beto/), /teléfono/);
    await step(beto, () => beto.sendContact({ phoneNumber: '5491155551234' }), /¿Cómo querés recibir/);
    expect(textsSince(beto, 0)).toContain('📞 Anotamos tu teléfono: +5491155551234');

    // Emptying the cart asks first.
    await step(beto, () => beto.sendCommand('carrito'), /Tu carrito/);
    await step(beto, () => beto.tapButton(/Vaciar carrito/), /¿Vaciar el carrito\?/);
    await step(beto, () => beto.tapButton('Sí, vaciar'), /Tu carrito está vacío/);
  });
});

/** The staff user the tests read orders as. */
const SYSTEM_STAFF: Actor = { kind: 'staff', userId: 'tests', roles: ['owner'] };

const customerOf = async (shop: Shop, user: EmulatedUser) => {
  const customer = await shop.useCases.customers.findByIdentity({ channel: 'telegram', userId: String(user.id) });
  if (!customer) throw new Error('no customer yet');
  return customer;
};

describe('issue 10: staff in the chat on Telegram', () => {
  const linkedStaff = async (shop: Shop) => {
    const user = await shop.useCases.staff.createUser(SYSTEM, {
      email: 'marta@ferreteria.example',
      name: 'Marta',
      password: 'correct horse battery',
      roles: ['manager'],
    });
    const { code } = await shop.useCases.staff.createChatLinkCode({ kind: 'staff', userId: user.id, roles: user.roles });
    const marta = shop.harness.emulator.user({ firstName: 'Marta', languageCode: 'es' });
    const usage = await step(marta, () => marta.sendCommand('vincular'), /vincular/, { note: true });
    expect(textOf(usage)).toContain('POST /api/v1/staff/me/chat-link-code');
    expect(textOf(usage)).not.toMatch(/panel/i);
    await step(marta, () => marta.sendCommand('vincular', code), /Menú staff/);
    return marta;
  };

  const anOrder = async (shop: Shop, firstName: string, product: Product, options: { shipping?: boolean } = {}) => {
    const user = shop.harness.emulator.user({ firstName, languageCode: 'es' });
    await cartWith(user, shop, product, 1);
    await toCheckout(user);
    await step(user, () => user.tapButton(new RegExp(`^Usar ${firstName}`)), /teléfono/);
    await step(user, () => user.sendText('11 4555-6677'), /¿Cómo querés recibir/);
    if (options.shipping) {
      await step(user, () => user.tapButton(/Envío a domicilio/), /dirección de entrega/);
      await step(user, () => user.sendText('Belgrano 250, Quilmes'), /¿Qué factura/);
    } else {
      await step(user, () => user.tapButton(/Retiro en el local/), /¿Qué factura/);
    }
    await step(user, () => user.tapButton(/Consumidor final/), /Revisá tu pedido/);
    await step(user, () => user.tapButton(/Confirmar pedido/), /confirmado/);
    return user;
  };

  it('10: every order by filter, a search by number or customer, the history, pickup steps, and how to link in /ayuda', async () => {
    const shop = await aShop();
    const marta = await linkedStaff(shop);
    await anOrder(shop, 'Ana', shop.screws);
    await anOrder(shop, 'José', shop.bosch, { shipping: true });
    const [josé, ana] = (await shop.useCases.orders.list(SYSTEM_STAFF, {}, { offset: 0, limit: 10 })).items;
    if (!ana || !josé) throw new Error('two orders expected');
    await shop.useCases.orders.changeStatus(SYSTEM_STAFF, ana.id, 'paid', null);
    await shop.useCases.orders.changeStatus(SYSTEM_STAFF, ana.id, 'invoiced', null);

    await step(marta, () => marta.sendCommand('staff'), /Menú staff/);
    const all = await step(marta, () => marta.tapButton(/Pedidos$/), /Pedidos — Todos/);
    // An invoiced order is no longer "new", but staff still reach it.
    expect(labelsOf(all).filter((label) => label.startsWith('#'))).toEqual([
      '#2 · José · $ 85.000,00 · Reservado',
      '#1 · Ana · $ 4.500,00 · Facturado',
    ]);
    const awaiting = await step(marta, () => marta.tapButton('Esperando pago'), /Pedidos — Esperando pago/);
    expect(labelsOf(awaiting).filter((label) => label.startsWith('#'))).toEqual(['#2 · José · $ 85.000,00 · Reservado']);
    await step(marta, () => marta.tapButton('Hoy'), /Pedidos — Hoy/);

    await step(marta, () => marta.tapButton(/Buscar pedido/), /número de pedido/);
    const byName = await step(marta, () => marta.sendText('jose'), /Pedidos de “jose”/);
    expect(labelsOf(byName).filter((label) => label.startsWith('#'))).toEqual(['#2 · José · $ 85.000,00 · Reservado']);
    await step(marta, () => marta.tapButton(/Buscar pedido/), /número de pedido/);
    await step(marta, () => marta.sendText('#1'), /Pedidos de “#1”/);
    const detail = await step(marta, () => marta.tapButton(/^#1 /), /Pedido #1/);
    expect(textOf(detail)).toContain('Historial');
    expect(textOf(detail)).toMatch(/Reservado, esperando el pago \(cliente\)/);
    expect(textOf(detail)).toMatch(/Facturado \(staff\)/);

    // A pickup order: ready for pickup, then picked up — never "shipped".
    expect(labelsOf(detail)).toContain('📦 Listo para retirar');
    expect(labelsOf(detail).join(' ')).not.toContain('enviado');
    const ready = await step(marta, () => marta.tapButton('📦 Listo para retirar'), /Estado: Listo para retirar/);
    expect(labelsOf(ready)).toContain('✅ Entregado');
    await step(marta, () => marta.tapButton('✅ Entregado'), /Estado: Entregado/);
    expect((await shop.useCases.orders.get(SYSTEM_STAFF, ana.id))?.status).toBe('delivered');

    const help = await step(marta, () => marta.sendCommand('ayuda'), /Ayuda/);
    expect(textOf(help)).toContain('POST /api/v1/staff/me/chat-link-code');
    expect(textOf(help)).toContain('/staff');
  });

  it('10: cancelling asks for a reason the customer is told; a note reaches the customer; stock is adjusted from a product card', async () => {
    const shop = await aShop();
    const marta = await linkedStaff(shop);
    const ana = await anOrder(shop, 'Ana', shop.screws);
    const [order] = (await shop.useCases.orders.list(SYSTEM_STAFF, {}, { offset: 0, limit: 1 })).items;
    if (!order) throw new Error('an order expected');
    const outboxBefore = (await shop.uow.repositories.outbox.pending(100)).length;

    await step(marta, () => marta.sendCommand('staff'), /Menú staff/);
    await step(marta, () => marta.tapButton(/Pedidos nuevos/), /Pedidos nuevos/);
    await step(marta, () => marta.tapButton(/^#1 /), /Pedido #1/);
    const note = await step(marta, () => marta.tapButton(/Mensaje al cliente/), /Escribí el mensaje para Ana/);
    void note;
    await step(marta, () => marta.sendText('Tu pedido está listo desde las 17.'), /Pedido #1/);
    expect(textsSince(marta, 0)).toContain('✅ Le mandamos tu mensaje a Ana.');
    const confirm = await step(marta, () => marta.tapButton(/Cancelar pedido/), /¿Cancelar el pedido #1\?/);
    // One tap does not cancel: the question is asked, the order stays.
    expect((await shop.useCases.orders.get(SYSTEM_STAFF, order.id))?.status).toBe('placed');
    expect(labelsOf(confirm)).toEqual(expect.arrayContaining(['Sin stock para preparar el pedido', 'No, volver']));
    await step(marta, () => marta.sendText('El cliente no retiró a tiempo'), /Estado: Cancelado/);
    expect(textsSince(marta, 0)).toContain('Pedido #1 cancelado. Motivo: El cliente no retiró a tiempo');

    const cancelled = await shop.useCases.orders.get(SYSTEM_STAFF, order.id);
    expect(cancelled?.status).toBe('cancelled');
    expect(cancelled?.history.at(-1)?.note).toBe('El cliente no retiró a tiempo');
    const events = (await shop.uow.repositories.outbox.pending(100)).slice(outboxBefore).map((record) => record.event);
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'order.customer_message',
          payload: expect.objectContaining({ orderId: order.id, text: 'Tu pedido está listo desde las 17.' }),
        }),
        expect.objectContaining({ type: 'order.cancelled', payload: expect.objectContaining({ note: 'El cliente no retiró a tiempo' }) }),
      ]),
    );

    // The note reaches Ana's chat once the outbox event is delivered.
    const delivery = customerMessageDelivery({
      customer: (id) => shop.uow.repositories.customers.get(id),
      channels: channelRegistry([shop.harness.channel]),
    });
    for (const event of events) if (delivery.eventTypes.includes(event.type)) await delivery.handle(event);
    const [delivered] = await ana.waitForMessages((message) => textOf(message).includes('Tu pedido está listo desde las 17.'));
    expect(textOf(delivered as TgMessage)).toBe('✉️ Mensaje del local sobre tu pedido #1:\nTu pedido está listo desde las 17.');

    const card = await step(marta, () => marta.sendCommand('start', `p_${shop.makita.id}`), /Cantidad: 1/);
    expect(labelsOf(card)).toContain('📦 Ajustar stock');
    await step(marta, () => marta.tapButton(/Ajustar stock/), /En el local: 4/);
    await step(marta, () => marta.sendText('+10'), /En el local: 14/);
    await marta.tapButton('-1');
    await marta.waitForMessages((message) => /En el local: 13/.test(textOf(message)));
    expect(await shop.product(shop.makita.id)).toMatchObject({ stockOnHand: 13 });
  });
});
