import { describe, expect, it } from 'vitest';
import { type Assistant, type AssistantTools, DomainError, type ImageAnalyzer, money } from '../../src/index.js';
import { aConversationShop, type ConversationShop, TELEGRAM_LIKE, TestChat } from './chat-harness.js';

const seedMates = async (shop: ConversationShop) => ({
  gourd: await shop.seedProduct({
    name: 'Mate de calabaza',
    description: 'Curado, con virola de alpaca.',
    price: money(9_500_00),
    stockOnHand: 6,
  }),
  thermos: await shop.seedProduct({
    name: 'Termo acero 1 L',
    price: money(45_000_00),
    stockOnHand: 3,
    translations: { en: { name: 'Steel thermos 1 L' } },
  }),
});

/** An assistant that uses its tools and remembers what it was asked. */
class ScriptedAssistant implements Assistant {
  readonly questions: string[] = [];
  readonly seenOrders: unknown[] = [];

  constructor(private readonly reply: (tools: AssistantTools) => Promise<{ text: string; suggestedProductIds: string[] }>) {}

  async answer(question: string, context: { locale: 'es' | 'en'; tools: AssistantTools }) {
    this.questions.push(question);
    this.seenOrders.push(await context.tools.myOrders());
    return this.reply(context.tools);
  }
}

class LabelAnalyzer implements ImageAnalyzer {
  readonly received: { size: number; mimeType: string }[] = [];
  constructor(private readonly labels: string[]) {}
  async describe(bytes: Uint8Array, mimeType: string) {
    this.received.push({ size: bytes.length, mimeType });
    return { labels: this.labels, text: null, colors: ['brown'] };
  }
  async fingerprint(): Promise<string> {
    return 'fp';
  }
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describe('free text', () => {
  it('goes to search and lists what matches', async () => {
    const shop = aConversationShop();
    await seedMates(shop);
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '5001', displayName: 'Ana', languageHint: 'es' });
    await chat.start();
    await chat.text('termo');
    expect(chat.screen.text).toContain('🔎 Resultados para “termo”:');
    expect(chat.labels).toContain('Termo acero 1 L · $ 45.000,00');
    await chat.tap('Termo acero 1 L · $ 45.000,00');
    expect(chat.screen.text).toContain('*Termo acero 1 L*');
  });

  it('says when nothing matches and suggests the catalog and the offers', async () => {
    const shop = aConversationShop();
    await seedMates(shop);
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '5002', displayName: 'Ana', languageHint: 'es' });
    await chat.text('/buscar bicicleta *rodado* 29');
    // The query is escaped; the examples are this shop's own products.
    expect(chat.screen.text).toBe(
      'No encontré nada para “bicicleta \\*rodado\\* 29”. 😕\nProbá con otras palabras (por ejemplo _mate de calabaza_ o _termo acero_), o mirá el catálogo y las ofertas.',
    );
    expect(chat.labels).toEqual(['🛍️ Catálogo', '🔥 Ofertas', '⬅️ Volver', '🏠 Menú']);
    // Typed as a question, only its product words are searched.
    await chat.text('¿tenés bicicleta rodado 29?');
    expect(chat.screen.text).toContain('No encontré nada para “bicicleta rodado 29”.');
  });

  it('searches with /buscar and with the Buscar button', async () => {
    const shop = aConversationShop();
    await seedMates(shop);
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '5003', displayName: 'Ana', languageHint: 'es' });
    await chat.text('/buscar calabaza');
    expect(chat.labels).toContain('Mate de calabaza · $ 9.500,00');
    await chat.text('/menu');
    await chat.tap('Buscar');
    expect(chat.screen.text).toContain('Escribí lo que buscás');
    await chat.text('mate');
    expect(chat.screen.text).toContain('Resultados para “mate”');
    // The results replaced the prompt: back goes to the menu.
    await chat.tap('Volver');
    expect(chat.screen.text).toContain('¡Hola, Ana!');
  });

  it('asks the assistant when search finds nothing, and offers its suggestions as buttons', async () => {
    const assistant = new ScriptedAssistant(async (tools) => {
      const [thermos] = await tools.searchProducts('termo');
      return {
        text: 'Para el *mate* de la mañana te recomiendo este termo.',
        suggestedProductIds: thermos ? [thermos.id, 'no-such-product'] : [],
      };
    });
    const shop = aConversationShop({ engine: { assistant } });
    await seedMates(shop);
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '5004', displayName: 'Ana', languageHint: 'es' });
    await chat.text('¿qué me llevo para el desayuno?');

    expect(assistant.questions).toEqual(['¿qué me llevo para el desayuno?']);
    expect(assistant.seenOrders).toEqual([[]]);
    expect(chat.screen.text).toBe('Para el \\*mate\\* de la mañana te recomiendo este termo.\n\nTe puede interesar:');
    expect(chat.labels).toEqual(['Termo acero 1 L · $ 45.000,00', '⬅️ Volver', '🏠 Menú']);
    await chat.tap('Termo acero 1 L · $ 45.000,00');
    expect(chat.labels).toContain('🛒 Agregar al carrito');
  });

  it('falls back to "no results" when the assistant fails, and reports the failure', async () => {
    const assistant = new ScriptedAssistant(async () => {
      throw new Error('model overloaded');
    });
    const shop = aConversationShop({ engine: { assistant } });
    await seedMates(shop);
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '5005', displayName: 'Ana', languageHint: 'es' });
    await chat.text('algo rarísimo');
    // "algo" is no product word: the search shows what it looked for.
    expect(chat.screen.text).toContain('No encontré nada para “rarísimo”.');
    expect(assistant.questions).toEqual(['algo rarísimo']);
    expect(shop.errors).toHaveLength(1);
  });
});

describe('photos', () => {
  it('are not searchable without an image analyzer', async () => {
    const shop = aConversationShop();
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '5006', displayName: 'Ana', languageHint: 'es' });
    await chat.start();
    const reply = await chat.send({ kind: 'image', fileRef: 'file-1', caption: null, sizeBytes: 50_000 });
    expect(reply.messages[0]?.text).toBe('La búsqueda por foto todavía no está disponible. Escribí lo que buscás y te ayudo.');
    // Only the note: the menu on show is not sent again.
    expect(reply.messages).toHaveLength(1);
  });

  it('are refused politely when too big, before downloading', async () => {
    const downloads: string[] = [];
    const shop = aConversationShop({
      engine: { imageAnalyzer: new LabelAnalyzer(['mate']) },
      downloadFile: async (fileRef) => {
        downloads.push(fileRef);
        return PNG;
      },
    });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '5007', displayName: 'John', languageHint: 'en' });
    const reply = await chat.send({ kind: 'image', fileRef: 'file-2', caption: null, sizeBytes: 11 * 1024 * 1024 });
    expect(reply.messages[0]?.text).toBe('That photo is too big (10 MB at most). Try a smaller one.');
    expect(downloads).toEqual([]);
  });

  it('are refused when the download itself says the file is too big', async () => {
    const shop = aConversationShop({
      engine: { imageAnalyzer: new LabelAnalyzer(['mate']), maxPhotoBytes: 1024 * 1024 },
      downloadFile: async () => {
        throw new DomainError('CHANNEL.FILE_TOO_BIG', 'file is 3 MB');
      },
    });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '5008', displayName: 'Ana', languageHint: 'es' });
    const reply = await chat.send({ kind: 'image', fileRef: 'file-3', caption: null, sizeBytes: null });
    expect(reply.messages[0]?.text).toBe('La foto es muy pesada (máximo 1 MB). Probá con una más liviana.');
  });

  it('are described and searched by their labels', async () => {
    const analyzer = new LabelAnalyzer(['objeto marrón', 'calabaza']);
    const shop = aConversationShop({ engine: { imageAnalyzer: analyzer }, downloadFile: async () => PNG });
    await seedMates(shop);
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '5009', displayName: 'Ana', languageHint: 'es' });
    await chat.send({ kind: 'image', fileRef: 'file-4', caption: null, sizeBytes: PNG.length });
    expect(analyzer.received).toEqual([{ size: PNG.length, mimeType: 'image/png' }]);
    expect(chat.screen.text).toContain('📷 Esto encontré parecido a tu foto:');
    expect(chat.labels).toContain('Mate de calabaza · $ 9.500,00');
  });
});

describe('deep links', () => {
  it('open a product card from /start p_<id>, in either event shape', async () => {
    const shop = aConversationShop();
    const { thermos } = await seedMates(shop);
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '5010', displayName: 'John', languageHint: 'en-US' });
    await chat.start(`p_${thermos.id}`);
    expect(chat.screen.text).toContain('*Steel thermos 1 L*');
    expect(chat.screen.text).toContain('⚠️ Only 3 left!');
    await chat.tap('Back');
    expect(chat.screen.text).toContain('Hi, John!');

    await chat.send({ kind: 'command', command: '/start', args: `p_${thermos.id}` });
    expect(chat.screen.text).toContain('*Steel thermos 1 L*');
    await chat.send({ kind: 'command', command: 'start', args: 'p_unknown' });
    expect(chat.screen.text).toContain('Hi, John!');
  });
});
