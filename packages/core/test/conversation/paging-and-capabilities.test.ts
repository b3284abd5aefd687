import { describe, expect, it } from 'vitest';
import { type ChannelCapabilities, markupToPlainText, money, type OutboundMessage, parseMarkup } from '../../src/index.js';
import { aConversationShop, type ConversationShop, NUMBERED_ONLY, TELEGRAM_LIKE, TestChat } from './chat-harness.js';

const seedTwelveYerbas = async (shop: ConversationShop) => {
  const category = await shop.seedCategory({ name: 'Yerbas' });
  for (let i = 1; i <= 12; i += 1) {
    await shop.seedProduct({
      name: `Yerba ${String(i).padStart(2, '0')}`,
      categoryId: category.id,
      price: money(3_000_00 + i * 100),
      stockOnHand: 30,
    });
  }
};

const productButtons = (chat: TestChat): string[] => chat.labels.filter((label) => label.startsWith('Yerba'));

const allMessages = (chat: TestChat): OutboundMessage[] => chat.replies.flatMap((reply) => reply.messages);

const fitsCapabilities = (message: OutboundMessage, capabilities: ChannelCapabilities): void => {
  const rows = message.choices ?? [];
  expect(rows.flat().length).toBeLessThanOrEqual(capabilities.maxButtons);
  for (const row of rows) expect(row.length).toBeLessThanOrEqual(capabilities.maxButtonsPerRow);
  expect(message.text.length).toBeLessThanOrEqual(message.imageId ? capabilities.maxCaptionLength : capabilities.maxTextLength);
};

describe('paging', () => {
  it('edits the list in place on a channel that can edit', async () => {
    const shop = aConversationShop();
    await seedTwelveYerbas(shop);
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '4001', displayName: 'Ana', languageHint: 'es' });
    await chat.start();
    await chat.tap('Catálogo');
    await chat.tap('Yerbas');
    expect(productButtons(chat)).toHaveLength(8);
    expect(chat.screen.page).toEqual({ index: 0, count: 2 });
    expect(chat.screen.text).toContain('_Página 1 de 2_');

    const listRef = chat.screenRef;
    const next = await chat.tap('Siguiente ▶️');
    expect(next.messages).toHaveLength(1);
    expect(next.messages[0]?.replaces).toBe(listRef);
    expect(productButtons(chat)).toEqual([
      'Yerba 09 · $ 3.009,00',
      'Yerba 10 · $ 3.010,00',
      'Yerba 11 · $ 3.011,00',
      'Yerba 12 · $ 3.012,00',
    ]);
    expect(chat.screen.page).toEqual({ index: 1, count: 2 });

    const previous = await chat.tap('Anterior');
    expect(previous.messages[0]?.replaces).toBe(listRef);
    expect(productButtons(chat)[0]).toBe('Yerba 01 · $ 3.001,00');

    // Opening a product is a new message, not an edit of the list.
    const card = await chat.tap('Yerba 02 · $ 3.002,00');
    expect(card.messages[0]?.replaces).toBeUndefined();
  });

  it('sends a new message per page, with fewer items, where options are numbered', async () => {
    const shop = aConversationShop();
    await seedTwelveYerbas(shop);
    const chat = new TestChat(shop, NUMBERED_ONLY, { id: '4002', displayName: 'Ana', languageHint: 'es' });
    await chat.start();
    await chat.pick('Catálogo');
    await chat.pick('Yerbas');
    // Ten options at most: six products plus previous, next, back and menu.
    expect(productButtons(chat)).toHaveLength(6);
    const next = await chat.pick('Siguiente ▶️');
    expect(next.messages[0]?.replaces).toBeUndefined();
    expect(productButtons(chat)[0]).toMatch(/^Yerba 07/);
    expect(chat.screen.page).toEqual({ index: 1, count: 2 });
    expect(chat.labels).not.toContain('Siguiente ▶️');
    await chat.pick('Anterior');
    expect(productButtons(chat)[0]).toMatch(/^Yerba 01/);
    for (const message of allMessages(chat)) fitsCapabilities(message, NUMBERED_ONLY);
  });

  it('paginates harder when buttons are scarce and keeps every message within the channel limits', async () => {
    const shop = aConversationShop();
    await seedTwelveYerbas(shop);
    const tiny: ChannelCapabilities = { ...TELEGRAM_LIKE, maxButtons: 5, maxButtonsPerRow: 2, maxTextLength: 300, maxCaptionLength: 200 };
    const chat = new TestChat(shop, tiny, { id: '4003', displayName: 'Ana', languageHint: 'es' });
    await chat.start();
    await chat.tap('Catálogo');
    await chat.tap('Yerbas');
    expect(productButtons(chat)).toHaveLength(1);
    expect(chat.screen.page).toEqual({ index: 0, count: 12 });
    for (const message of allMessages(chat)) fitsCapabilities(message, tiny);
  });
});

describe('the cart where buttons are scarce', () => {
  it('edits each line on its own screen instead of three buttons per line', async () => {
    const shop = aConversationShop();
    await seedTwelveYerbas(shop);
    const tiny: ChannelCapabilities = { ...TELEGRAM_LIKE, maxButtons: 5, maxButtonsPerRow: 2 };
    const chat = new TestChat(shop, tiny, { id: '4006', displayName: 'Ana', languageHint: 'es' });
    await chat.start();
    await chat.tap('Catálogo');
    await chat.tap('Yerbas');
    await chat.tap('Yerba 01 · $ 3.001,00');
    await chat.tap('Agregar al carrito');
    await chat.tap('Ver carrito (1)');
    expect(chat.labels).toEqual(['✏️ Yerba 01', '✅ Finalizar compra', '🗑️ Vaciar carrito', '⬅️ Volver', '🏠 Menú']);

    await chat.tap('✏️ Yerba 01');
    expect(chat.screen.text).toContain('En tu carrito: 1');
    const lineRef = chat.screenRef;
    const raised = await chat.tap('➕ Yerba 01');
    expect(raised.messages[0]?.replaces).toBe(lineRef);
    expect(chat.screen.text).toContain('En tu carrito: 2');
    await chat.tap('Quitar del carrito');
    expect(chat.screen.text).toContain('Tu carrito está vacío.');
    for (const message of allMessages(chat)) fitsCapabilities(message, tiny);
  });
});

describe('channel limits', () => {
  it('cuts a long description nicely to fit the caption of a product with a photo', async () => {
    const shop = aConversationShop();
    const sentence = 'Yerba mate elaborada con palo, estacionada naturalmente durante veinticuatro meses. ';
    const yerba = await shop.seedProduct({
      name: 'Yerba *Premium*',
      description: sentence.repeat(40),
      images: [{ id: 'img-yerba', mimeType: 'image/jpeg' }],
      stockOnHand: 9,
    });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '4004', displayName: 'Ana', languageHint: 'es' });
    await chat.start(`p_${yerba.id}`);

    const card = chat.screen;
    expect(card.imageId).toBe('img-yerba');
    expect(card.text.length).toBeLessThanOrEqual(TELEGRAM_LIKE.maxCaptionLength);
    expect(card.text).toMatch(/veinticuatro…|meses\.…|\w…/);
    // The price, stock and quantity survive the cut, and the markup stays well formed.
    expect(card.text).toContain('*$ 1.000,00*');
    expect(card.text).toContain('Cantidad: *1*');
    expect(markupToPlainText(parseMarkup(card.text))).toContain('Yerba *Premium*');
  });

  it('leaves the image out where the channel has no images, using the longer text limit', async () => {
    const shop = aConversationShop();
    const yerba = await shop.seedProduct({ name: 'Yerba', description: 'Suave.', images: [{ id: 'img-yerba', mimeType: 'image/jpeg' }] });
    const chat = new TestChat(shop, { ...NUMBERED_ONLY, images: false }, { id: '4005', displayName: 'Ana', languageHint: 'es' });
    await chat.start(`p_${yerba.id}`);
    expect(chat.screen.imageId).toBeUndefined();
    expect(chat.screen.text).toContain('Suave.');
  });
});
