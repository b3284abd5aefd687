import { describe, expect, it } from 'vitest';
import { money, type UseCases } from '../../src/index.js';
import { aConversationShop, NUMBERED_ONLY, TELEGRAM_LIKE, TestChat } from './chat-harness.js';

const ana = { id: '2001', displayName: 'Ana', languageHint: 'es' };

describe('stale choices', () => {
  it('answers an unknown id politely, and sends no screen again: the one on show keeps its options', async () => {
    const shop = aConversationShop();
    const chat = new TestChat(shop, TELEGRAM_LIKE, ana);
    await chat.start();
    await chat.tap('Catálogo');

    const reply = await chat.send({ kind: 'choice', choiceId: 'nope', messageRef: 'm1' });
    expect(reply.toast).toBe('Esa opción ya no está disponible.');
    expect(reply.messages.map((message) => message.text)).toEqual(['Esa opción ya no está disponible.']);
    expect(reply.messages[0]?.choices).toBeUndefined();
    // The catalog's buttons still work.
    await chat.tap('Ver todo');
    expect(chat.screen.text).toContain('Todos los productos');
  });

  it('treats a button of an older message as stale, in English too', async () => {
    const shop = aConversationShop();
    const chat = new TestChat(shop, TELEGRAM_LIKE, { ...ana, id: '2002', languageHint: 'en' });
    await chat.start();
    const offersOnTheMenu = chat.option('Offers').id;
    await chat.tap('Catalog');

    const reply = await chat.send({ kind: 'choice', choiceId: offersOnTheMenu, messageRef: 'm1' });
    expect(reply.messages[0]?.text).toBe('That option is no longer available.');
    expect(chat.screen.text).toContain('*Catalog*');
  });

  it('starts over on the menu when the stored state is unreadable', async () => {
    const shop = aConversationShop();
    const chat = new TestChat(shop, TELEGRAM_LIKE, { ...ana, id: '2003' });
    await shop.uow.repositories.conversations.save(chat.channel, chat.chatId, { version: 99, screen: 'nonsense' });
    const reply = await chat.text('hola');
    expect(reply.messages.at(-1)?.text).toContain('¡Hola, Ana!');
  });
});

describe('redelivered updates', () => {
  it('handles an update id once: the second delivery produces nothing and changes nothing', async () => {
    const shop = aConversationShop();
    const mate = await shop.seedProduct({ name: 'Mate de calabaza', price: money(8_000_00), stockOnHand: 10 });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { ...ana, id: '2004' });
    await chat.start(`p_${mate.id}`);

    const tap = { kind: 'choice' as const, choiceId: chat.option('Agregar al carrito').id, messageRef: chat.screenRef };
    const first = await chat.send(tap, 'update-add-once');
    const again = await chat.send(tap, 'update-add-once');

    expect(first.messages.length).toBeGreaterThan(0);
    expect(again).toEqual({ messages: [], toast: null });
    const customer = await shop.useCases.customers.identify(
      { channel: chat.channel, userId: '2004' },
      { displayName: 'Ana', language: 'es' },
    );
    expect((await shop.useCases.cart.view(customer.id, chat.channel)).itemCount).toBe(1);
  });
});

describe('errors become polite messages', () => {
  it('explains insufficient stock when adding more than there is', async () => {
    const shop = aConversationShop();
    const mate = await shop.seedProduct({ name: 'Mate *imperial*', price: money(8_000_00), stockOnHand: 3 });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { ...ana, id: '2005' });
    await chat.start(`p_${mate.id}`);
    await chat.tap('3');
    await chat.tap('Agregar al carrito');
    await chat.tap('Seguir comprando');
    await chat.start(`p_${mate.id}`);

    // Three already in the cart: a fourth is more than there is.
    const reply = await chat.tap('Agregar al carrito');
    expect(reply.messages[0]?.text).toBe('De *Mate \\*imperial\\** solo quedan 3 unidades.');
    expect(reply.messages[1]?.text).toContain('Ya tenés 3 en el carrito.');
  });

  it('says "something went wrong" for an unexpected failure, reports it, and keeps the person where they were', async () => {
    const shop = aConversationShop();
    const failing: UseCases = {
      ...shop.useCases,
      catalog: {
        ...shop.useCases.catalog,
        listCategories: async () => {
          throw new Error('connection to 10.0.0.5 refused');
        },
      },
    };
    const engine = aConversationShop({ engine: { useCases: failing } });
    const chat = new TestChat(engine, TELEGRAM_LIKE, { ...ana, id: '2006' });
    await chat.start();
    const reply = await chat.tap('Catálogo');

    expect(reply.messages[0]?.text).toBe('Algo salió mal, probá de nuevo.');
    expect(JSON.stringify(reply)).not.toContain('10.0.0.5');
    expect(chat.screen.text).toContain('¡Hola, Ana!');
    expect(engine.errors).toHaveLength(1);
  });

  it('tells an unknown command apart and shows the menu', async () => {
    const shop = aConversationShop();
    const chat = new TestChat(shop, NUMBERED_ONLY, { ...ana, id: '2007' });
    const reply = await chat.text('/abracadabra');
    expect(reply.messages[0]?.text).toBe('No conozco el comando /abracadabra. Elegí una opción del menú.');
    expect(chat.screen.text).toContain('¡Hola, Ana!');
  });
});

describe('choice ids', () => {
  it('are short opaque strings (≤ 32 bytes) on every message of a long conversation', async () => {
    const shop = aConversationShop();
    const category = await shop.seedCategory({ name: 'Yerbas' });
    for (let i = 0; i < 20; i += 1)
      await shop.seedProduct({ name: `Yerba ${i} ${'x'.repeat(60)}`, categoryId: category.id, stockOnHand: 50 });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { ...ana, id: '2008' });
    await chat.start();
    await chat.tap('Catálogo');
    await chat.tap('Yerbas');
    await chat.tap('Siguiente ▶️');
    await chat.tap('Siguiente ▶️');
    await chat.tap(/^Yerba 9 /);
    await chat.tap('5');
    await chat.tap('Agregar al carrito');
    await chat.tap('Ver carrito (5)');

    const ids = chat.allChoiceIds;
    expect(ids.length).toBeGreaterThan(30);
    for (const id of ids) expect(new TextEncoder().encode(id).length).toBeLessThanOrEqual(32);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
