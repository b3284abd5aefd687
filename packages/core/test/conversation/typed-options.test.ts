import { describe, expect, it } from 'vitest';
import { isOptionNumber } from '../../src/conversation/layout.js';
import { money } from '../../src/index.js';
import { aConversationShop, type ConversationShop, NUMBERED_ONLY, TELEGRAM_LIKE, TestChat } from './chat-harness.js';

const STALE_ES = 'Esa opción ya no está disponible.';

const texts = (reply: { messages: readonly { text: string }[] }): string[] => reply.messages.map((message) => message.text);

const customerOf = async (shop: ConversationShop, chat: TestChat) =>
  shop.useCases.customers.identify({ channel: chat.channel, userId: chat.user.id }, { displayName: chat.user.displayName, language: 'es' });

describe('typed options on a channel without buttons', () => {
  it('answers a number no option has with the stale note and changes nothing: the same numbers still work', async () => {
    const shop = aConversationShop();
    const chat = new TestChat(shop, NUMBERED_ONLY, { id: '9101', displayName: 'Ana', languageHint: 'es' });
    await chat.start();
    const menu = chat.options;
    expect(menu.length).toBeLessThan(9);

    const reply = await chat.text('9');

    expect(texts(reply)).toEqual([STALE_ES]);
    expect(chat.options).toEqual(menu);
    const catalog = menu.find((option) => option.label.endsWith('Catálogo'));
    await chat.text(String(catalog?.number));
    expect(chat.screen.text).toContain('*Catálogo*');
  });

  it('says it in English too', async () => {
    const shop = aConversationShop();
    const chat = new TestChat(shop, NUMBERED_ONLY, { id: '9102', displayName: 'Alice', languageHint: 'en' });
    await chat.start();
    expect(texts(await chat.text('10'))).toEqual(['That option is no longer available.']);
  });

  it('answers the label of an option no longer offered with the stale note, and does not do it again', async () => {
    const shop = aConversationShop();
    const mate = await shop.seedProduct({ name: 'Mate de calabaza', price: money(8_000_00), stockOnHand: 5 });
    const chat = new TestChat(shop, NUMBERED_ONLY, { id: '9103', displayName: 'Ana', languageHint: 'es' });
    await chat.start(`p_${mate.id}`);
    await chat.text('Agregar al carrito');
    expect(chat.screen.text).toContain('Agregaste 1 × Mate de calabaza al carrito.');
    const added = chat.options;

    // Typed again (as it was printed, and without the emoji), the add is no longer offered.
    expect(texts(await chat.text('🛒 Agregar al carrito'))).toEqual([STALE_ES]);
    expect(texts(await chat.text('agregar al carrito'))).toEqual([STALE_ES]);
    // Back on the menu: a label with a count it does not offer, and one of another language.
    await chat.text('Seguir comprando');
    expect(chat.screen.text).toContain('¡Hola, Ana!');
    expect(texts(await chat.text('Ver carrito (1)'))).toEqual([STALE_ES]);
    expect(texts(await chat.text('Checkout'))).toEqual([STALE_ES]);

    const customer = await customerOf(shop, chat);
    expect((await shop.useCases.cart.view(customer.id, chat.channel)).itemCount).toBe(1);
    expect(added.map((option) => option.label)).toContain('🛍️ Seguir comprando');
  });

  it('answers a product label copied from an earlier list with the stale note', async () => {
    const shop = aConversationShop();
    await shop.seedProduct({ name: 'Mate de calabaza', price: money(8_000_00), stockOnHand: 5 });
    const chat = new TestChat(shop, NUMBERED_ONLY, { id: '9104', displayName: 'Ana', languageHint: 'es' });
    await chat.text('mate');
    expect(chat.labels).toContain('Mate de calabaza · $ 8.000,00');
    await chat.text('menu');

    expect(texts(await chat.text('Mate de calabaza · $ 8.000,00'))).toEqual([STALE_ES]);
    // The name alone is a search, as it would be anywhere.
    await chat.text('Mate de calabaza');
    expect(chat.screen.text).toContain('🔎 Resultados para “Mate de calabaza”:');
  });

  it('searches numbers that can name no option here: units, SKUs, numbers above the option budget', async () => {
    const shop = aConversationShop();
    await shop.seedProduct({ name: 'Taladro percutor 550w', sku: 'TAL-4821', price: money(95_000_00), stockOnHand: 3 });
    const chat = new TestChat(shop, NUMBERED_ONLY, { id: '9105', displayName: 'Ana', languageHint: 'es' });
    await chat.start();

    await chat.text('550w');
    expect(chat.screen.text).toContain('🔎 Resultados para “550w”:');
    await chat.text('menu');
    await chat.text('4821');
    expect(chat.screen.text).toContain('🔎 Resultados para “4821”:');
    expect(chat.labels).toContain('Taladro percutor 550w · $ 95.000,00');
    await chat.text('menu');
    // NUMBERED_ONLY shows at most 10 options: 11 and above never name one.
    await chat.text('550');
    expect(chat.screen.text).toContain('“550”');
    expect(chat.lastText).not.toContain(STALE_ES);
  });

  it('lets a question take what is typed, and "menu" still opens the menu', async () => {
    const shop = aConversationShop();
    const chat = new TestChat(shop, NUMBERED_ONLY, { id: '9106', displayName: 'Ana', languageHint: 'es' });
    await chat.start();
    await chat.pick('Buscar');

    // The search prompt asked what to look for: "9" is the answer, not an option.
    await chat.text('9');
    expect(chat.lastText).toContain('No encontré nada para “9”');
    // The menu screen offers no "Menú" option; the word still opens it.
    await chat.text('menú');
    const reply = await chat.text('Menú');
    expect(reply.messages.at(-1)?.text).toContain('¡Hola, Ana!');
  });
});

describe('option numbers', () => {
  it('are bare numbers from 1 to the option budget, only where options are numbered', () => {
    const numbered = NUMBERED_ONLY; // at most 10 options
    expect(['1', ' 7 ', '10'].map((text) => isOptionNumber(text, numbered))).toEqual([true, true, true]);
    expect(['0', '05', '11', '550', '4821', '550w', '2 kg', '-1', '1.5'].map((text) => isOptionNumber(text, numbered))).toEqual(
      Array(9).fill(false),
    );
    expect(isOptionNumber('3', TELEGRAM_LIKE)).toBe(false);
  });

  it('show the screen with the note when nothing was offered yet (a first message)', async () => {
    const shop = aConversationShop();
    const chat = new TestChat(shop, NUMBERED_ONLY, { id: '9108', displayName: 'Ana', languageHint: 'es' });

    const reply = await chat.text('3');

    expect(texts(reply)[0]).toBe(STALE_ES);
    expect(reply.messages.at(-1)?.text).toContain('¡Hola, Ana!');
    expect(chat.options.length).toBeGreaterThan(3);
  });
});

describe('typed options on a channel with buttons', () => {
  it('searches a typed number (numbers are not shown there) but treats a fixed label as stale', async () => {
    const shop = aConversationShop();
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '9107', displayName: 'Ana', languageHint: 'es' });
    await chat.start();

    await chat.text('9');
    expect(chat.lastText).toContain('No encontré nada para “9”');
    await chat.text('menu');
    expect(texts(await chat.text('Finalizar compra'))).toEqual([STALE_ES]);
  });
});
