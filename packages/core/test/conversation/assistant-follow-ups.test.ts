import { describe, expect, it } from 'vitest';
import { type Assistant, type AssistantContext, detectAssistantIntent, money } from '../../src/index.js';
import { aConversationShop, type ConversationShop, TELEGRAM_LIKE, TestChat } from './chat-harness.js';

/*
 * The short per-chat memory of the assistant (ADR 0015, Session 5): a price, stock or variants
 * question that names no product is about the product on screen (the open card) or the last
 * answer's only product, taken from the chat's state, and every figure is looked up again.
 */

const seedMates = async (shop: ConversationShop) => ({
  gourd: await shop.seedProduct({ name: 'Mate de calabaza', price: money(9_500_00), stockOnHand: 6 }),
  thermos: await shop.seedProduct({
    name: 'Termo acero 1 L',
    price: money(45_000_00),
    stockOnHand: 3,
    translations: { en: { name: 'Steel thermos 1 L' } },
  }),
});

/** Answers like the local assistant: the product words (core's reading) searched, else (none named) the products in focus, from the tools. */
class FocusAssistant implements Assistant {
  readonly asked: { question: string; focus: string | null }[] = [];
  readonly contexts: AssistantContext[] = [];
  async answer(question: string, context: AssistantContext) {
    this.asked.push({ question, focus: context.focusProductId ?? null });
    this.contexts.push(context);
    const words = detectAssistantIntent(question).query;
    const focus = context.focusProductId ? [context.focusProductId] : (context.focusProductIds ?? []);
    const products =
      words !== ''
        ? await context.tools.searchProducts(words)
        : (await Promise.all(focus.map((id) => context.tools.productDetail(id)))).filter((item) => item !== null);
    return {
      text: products.map((item) => `${String(item.name)}: ${String(item.price)} (${String(item.available)})`).join('\n'),
      suggestedProductIds: products.map((item) => String(item.id)),
    };
  }
}

const chatWith = async (id: string) => {
  const local = new FocusAssistant();
  const shop = aConversationShop({ engine: { localAssistant: local } });
  const products = await seedMates(shop);
  const chat = new TestChat(shop, TELEGRAM_LIKE, { id, displayName: 'Ana', languageHint: 'es' });
  await chat.start();
  return { local, shop, chat, ...products };
};

describe('follow-up questions about the product in focus', () => {
  it('on an open product card, "¿y cuánto sale?" is about that product, with the price in the database', async () => {
    const { local, chat, shop, thermos } = await chatWith('6101');
    await chat.text('termo');
    await chat.tap('Termo acero 1 L · $ 45.000,00');
    expect(chat.screen.text).toContain('*Termo acero 1 L*');
    await shop.useCases.catalog.updateProduct({ kind: 'system' }, thermos.id, { price: money(47_000_00) });
    await chat.text('¿y cuánto sale?');
    expect(local.asked).toEqual([{ question: '¿y cuánto sale?', focus: thermos.id }]);
    expect(chat.screen.text).toBe('Termo acero 1 L: $ 47.000,00 (3)\n\nTe puede interesar:');
    expect(chat.labels).toContain('Termo acero 1 L · $ 47.000,00');
  });

  it('after an answer with one product, "is it in stock?" is about that product', async () => {
    const { local, chat, gourd } = await chatWith('6102');
    await chat.text('¿cuánto sale el mate de calabaza?');
    expect(local.asked).toEqual([{ question: '¿cuánto sale el mate de calabaza?', focus: null }]);
    expect(chat.screen.text).toContain('Mate de calabaza: $ 9.500,00 (6)');
    await chat.text('¿hay stock?');
    expect(local.asked[1]).toEqual({ question: '¿hay stock?', focus: gourd.id });
    expect(chat.screen.text).toContain('Mate de calabaza: $ 9.500,00 (6)');
  });

  it('with no product in focus, a follow-up asks which product (search or catalog) and the assistant is not asked', async () => {
    const { local, chat } = await chatWith('6103');
    await chat.text('¿y cuánto sale?');
    expect(local.asked).toEqual([]);
    expect(chat.screen.text).toMatch(/^¿De qué producto\? Escribí su nombre, por ejemplo .+, o buscalo en el catálogo\.$/);
    expect(chat.labels.slice(0, 2)).toEqual(['🛍️ Catálogo', '🔎 Buscar']);
    // What is typed next names the product: the question is asked about it.
    await chat.text('termo');
    expect(local.asked).toEqual([{ question: '¿y cuánto sale? termo', focus: null }]);
    expect(chat.screen.text).toBe('Termo acero 1 L: $ 45.000,00 (3)\n\nTe puede interesar:');
    // A name that finds nothing is searched, as any search ("no encontré").
    await chat.text('¿y cuánto sale?');
    await chat.text('unicornio');
    expect(chat.screen.text).toContain('unicornio');
    expect(chat.screen.text).not.toContain('Te puede interesar');
  });

  it('after an answer listing several products, "¿y tienen stock?" is about those products, with the database figures now', async () => {
    const { local, chat, shop, gourd, thermos } = await chatWith('6104');
    const seen = [gourd, thermos];
    await chat.text('¿cuánto sale el mate o el termo?');
    expect(local.asked).toHaveLength(1);
    await shop.useCases.catalog.updateProduct({ kind: 'system' }, thermos.id, { price: money(46_000_00) });
    await chat.text('¿y tienen stock?');
    expect(local.contexts[1]?.focusProductId).toBeNull();
    expect(new Set(local.contexts[1]?.focusProductIds)).toEqual(new Set(seen.map((item) => item.id)));
    expect(chat.screen.text).toContain('Termo acero 1 L: $ 46.000,00 (3)');
    expect(chat.screen.text).toContain('Mate de calabaza: $ 9.500,00 (6)');
  });

  it('a search results list is not an answer: a follow-up after it asks which product', async () => {
    const { local, chat } = await chatWith('6107');
    await chat.text('mate termo');
    expect(chat.screen.text).toContain('🔎 Resultados');
    await chat.text('¿y cuánto sale?');
    expect(local.asked).toEqual([]);
    expect(chat.screen.text).toContain('¿De qué producto?');
  });

  it('a question that names a product is about that product, even on another card', async () => {
    const { local, chat, thermos } = await chatWith('6105');
    await chat.text('termo');
    await chat.tap('Termo acero 1 L · $ 45.000,00');
    await chat.text('¿cuánto sale el mate de calabaza?');
    // Not a follow-up: asked once, as any price question; the focus travels and the assistant
    // (like the local one) uses it only when the question names no product.
    expect(local.asked).toEqual([{ question: '¿cuánto sale el mate de calabaza?', focus: thermos.id }]);
    expect(chat.screen.text).toContain('Mate de calabaza: $ 9.500,00 (6)');
    expect(chat.labels).toContain('Mate de calabaza · $ 9.500,00');
  });

  it('when the answer finds nothing (the product was withdrawn), the message is read as before', async () => {
    const { local, chat, shop, thermos } = await chatWith('6106');
    await chat.text('termo');
    await chat.tap('Termo acero 1 L · $ 45.000,00');
    await shop.useCases.catalog.updateProduct({ kind: 'system' }, thermos.id, { active: false });
    await chat.text('¿hay stock?');
    expect(local.asked).toEqual([{ question: '¿hay stock?', focus: thermos.id }]);
    expect(chat.screen.text).not.toContain('Te puede interesar');
    expect(shop.errors).toEqual([]);
  });
});

describe('a message clearly written in the other language', () => {
  it("is answered in that language, with one tap to make it the chat's language; the chat keeps its own until then", async () => {
    const { local, chat, shop } = await chatWith('6201');
    await chat.text('¿cuánto sale el termo?');
    expect(local.contexts[0]?.locale).toBe('es');
    expect(chat.labels).not.toContain('🇬🇧 English from now on');
    await chat.text('how much is it? do you have it in stock?');
    expect(local.contexts[1]?.locale).toBe('en');
    expect(chat.screen.text).toBe('Steel thermos 1 L: $ 45,000.00 (3)\n\nYou may like:');
    expect(chat.labels).toContain('🇬🇧 English from now on');
    expect(chat.labels).toContain('⬅️ Back');
    // Not switched silently: the menu is still in Spanish.
    await chat.text('menú');
    expect(chat.labels).toContain('🔎 Buscar');
    await chat.text('¿cuánto sale el termo?');
    await chat.text('how much is it? do you have it in stock?');
    await chat.tap('🇬🇧 English from now on');
    expect(chat.lastText).toContain('Done, I will speak English from now on.');
    expect(chat.labels).toContain('🔎 Search');
    const customer = await shop.useCases.customers.findByIdentity({ channel: 'telegram', userId: '6201' });
    expect(customer?.language).toBe('en');
  });

  it('one ambiguous word is not enough: "price?" keeps the chat\'s language', async () => {
    const { chat } = await chatWith('6202');
    await chat.text('¿cuánto sale el termo de acero?');
    await chat.text('price?');
    expect(chat.screen.text).toContain('Termo acero 1 L: $ 45.000,00 (3)');
    expect(chat.labels).not.toContain('🇬🇧 English from now on');
  });
});
