import { describe, expect, it } from 'vitest';
import { type Assistant, type AssistantContext, money } from '../../src/index.js';
import { aConversationShop, type ConversationShop, TELEGRAM_LIKE, TestChat } from './chat-harness.js';

/*
 * The short per-chat memory of the assistant (ADR 0015, Session 5): a price, stock or variants
 * question that names no product is about the product on screen (the open card) or the last
 * answer's only product, taken from the chat's state, and every figure is looked up again.
 */

const seedMates = async (shop: ConversationShop) => ({
  gourd: await shop.seedProduct({ name: 'Mate de calabaza', price: money(9_500_00), stockOnHand: 6 }),
  thermos: await shop.seedProduct({ name: 'Termo acero 1 L', price: money(45_000_00), stockOnHand: 3 }),
});

/** Answers like the local assistant: the product words searched, else (none named) the product in focus, from the tools. */
class FocusAssistant implements Assistant {
  readonly asked: { question: string; focus: string | null }[] = [];
  async answer(question: string, context: AssistantContext) {
    this.asked.push({ question, focus: context.focusProductId ?? null });
    const words = question.replace(/[¿?]|cu[aá]nto sale|hay stock( de(l)?)?|y /gi, '').trim();
    const products =
      words !== ''
        ? await context.tools.searchProducts(words)
        : context.focusProductId
          ? [await context.tools.productDetail(context.focusProductId)].filter((item) => item !== null)
          : [];
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

  it('with no product in focus, a follow-up is read as before and the assistant is not asked', async () => {
    const { local, chat } = await chatWith('6103');
    await chat.text('¿y cuánto sale?');
    expect(local.asked).toEqual([]);
    // ADR 0008: a price question with no product opens the catalog.
    expect(chat.screen.text).not.toContain('Te puede interesar');
  });

  it('a list of several products puts none in focus', async () => {
    const { local, chat } = await chatWith('6104');
    await chat.text('mate termo');
    expect(chat.screen.text).toContain('🔎 Resultados');
    await chat.text('¿y cuánto sale?');
    expect(local.asked).toEqual([]);
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
