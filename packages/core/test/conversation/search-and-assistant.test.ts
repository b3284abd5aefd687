import { describe, expect, it } from 'vitest';
import {
  AdapterError,
  type Assistant,
  type AssistantTools,
  AssistantUnavailableError,
  DomainError,
  type ImageAnalyzer,
  money,
  type ProductImageMatcher,
} from '../../src/index.js';
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

/** A local assistant as the app binds one: answers price questions from the search tool, suggests what it found. */
class PriceAssistant implements Assistant {
  readonly questions: string[] = [];
  async answer(question: string, context: { locale: 'es' | 'en'; tools: AssistantTools }) {
    this.questions.push(question);
    const found = await context.tools.searchProducts(question.replace(/[¿?]|cu[aá]nto sale (el|la)?/gi, '').trim());
    return {
      text: found.map((item) => `${item.name}: ${item.price}`).join('\n') || 'No tengo ese dato confirmado.',
      suggestedProductIds: found.map((item) => item.id),
    };
  }
}

const recordingLogger = () => {
  const warnings: { message: string; fields: unknown }[] = [];
  return {
    warnings,
    logger: { info: () => {}, error: () => {}, warn: (message: string, fields?: unknown) => warnings.push({ message, fields }) },
  };
};

describe('the local assistant in the conversation', () => {
  it('answers a price question with the price in the database and the product as a button', async () => {
    const local = new PriceAssistant();
    const shop = aConversationShop({ engine: { localAssistant: local } });
    await seedMates(shop);
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '5101', displayName: 'Ana', languageHint: 'es' });
    await chat.text('¿cuánto sale el termo?');
    expect(local.questions).toEqual(['¿cuánto sale el termo?']);
    expect(chat.screen.text).toBe('Termo acero 1 L: $ 45.000,00\n\nTe puede interesar:');
    expect(chat.labels).toEqual(['Termo acero 1 L · $ 45.000,00', '⬅️ Volver', '🏠 Menú']);
  });

  it('shows the search results ("no encontré") when the local assistant finds no product', async () => {
    const shop = aConversationShop({ engine: { localAssistant: new PriceAssistant() } });
    await seedMates(shop);
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '5102', displayName: 'Ana', languageHint: 'es' });
    await chat.text('¿cuánto sale la bicicleta?');
    expect(chat.screen.text).toContain('No encontré nada para “bicicleta”.');
  });

  it('plain product words still go to the search', async () => {
    const local = new PriceAssistant();
    const shop = aConversationShop({ engine: { localAssistant: local } });
    await seedMates(shop);
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '5103', displayName: 'Ana', languageHint: 'es' });
    await chat.text('termo');
    expect(chat.screen.text).toContain('🔎 Resultados para “termo”:');
    expect(local.questions).toEqual([]);
  });

  it('answers instead of a configured assistant that is unavailable, logs a notice and reports no bug', async () => {
    const configured = new ScriptedAssistant(async () => {
      throw new AssistantUnavailableError('timeout', 'the provider took longer than 15000 ms');
    });
    const local = new PriceAssistant();
    const { warnings, logger } = recordingLogger();
    const shop = aConversationShop({ engine: { assistant: configured, localAssistant: local, logger } });
    await seedMates(shop);
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '5104', displayName: 'Ana', languageHint: 'es' });
    await chat.text('¿cuánto sale el termo?');
    expect(configured.questions).toEqual(['¿cuánto sale el termo?']);
    expect(local.questions).toEqual(['¿cuánto sale el termo?']);
    expect(chat.screen.text).toBe('Termo acero 1 L: $ 45.000,00\n\nTe puede interesar:');
    expect(warnings).toEqual([
      {
        message: 'the assistant could not answer: the local assistant answers instead',
        fields: { reason: 'timeout', code: 'ASSISTANT.UNAVAILABLE', local: true },
      },
    ]);
    expect(shop.errors).toEqual([]);
  });

  it('asks a failing configured assistant once per message, then shows the search when neither found the product', async () => {
    const configured = new ScriptedAssistant(async () => {
      throw new AssistantUnavailableError('provider-error', 'the provider answered 500');
    });
    const local = new PriceAssistant();
    const shop = aConversationShop({ engine: { assistant: configured, localAssistant: local } });
    await seedMates(shop);
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '5106', displayName: 'Ana', languageHint: 'es' });
    await chat.text('¿cuánto sale la bicicleta?');
    expect(configured.questions).toEqual(['¿cuánto sale la bicicleta?']);
    expect(local.questions).toEqual(['¿cuánto sale la bicicleta?']);
    expect(chat.screen.text).toContain('No encontré nada para “bicicleta”.');
  });

  it('a configured assistant that fails with a bug is reported, and the local assistant still answers', async () => {
    const configured = new ScriptedAssistant(async () => {
      throw new TypeError('cannot read properties of undefined');
    });
    const shop = aConversationShop({ engine: { assistant: configured, localAssistant: new PriceAssistant() } });
    await seedMates(shop);
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '5105', displayName: 'Ana', languageHint: 'es' });
    await chat.text('¿cuánto sale el termo?');
    expect(chat.screen.text).toContain('Termo acero 1 L: $ 45.000,00');
    expect(shop.errors).toHaveLength(1);
  });
});

/**
 * A matcher that finds what it is told to for these bytes (a look-alike, 0.95, then less, unless
 * `similarities` says otherwise), and records what it was asked.
 */
class FixedMatcher implements ProductImageMatcher {
  readonly asked: string[] = [];
  constructor(
    private readonly found: () => string[],
    private readonly similarities: readonly number[] = [],
  ) {}
  async match(_bytes: Uint8Array, mimeType: string) {
    this.asked.push(mimeType);
    return this.found().map((productId, i) => ({ productId, imageId: `img-${i}`, similarity: this.similarities[i] ?? 0.95 - i / 100 }));
  }
  async index(): Promise<void> {}
  async forget(): Promise<void> {}
}

describe('photos with the local matcher', () => {
  it('are matched against the catalog pictures first, without describing them', async () => {
    let thermosId = '';
    const matcher = new FixedMatcher(() => [thermosId]);
    const analyzer = new LabelAnalyzer(['calabaza']);
    const shop = aConversationShop({ engine: { imageMatcher: matcher, imageAnalyzer: analyzer }, downloadFile: async () => PNG });
    thermosId = (await seedMates(shop)).thermos.id;
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '5201', displayName: 'Ana', languageHint: 'es' });
    await chat.send({ kind: 'image', fileRef: 'file-5', caption: null, sizeBytes: PNG.length });
    expect(matcher.asked).toEqual(['image/png']);
    expect(analyzer.received).toEqual([]);
    expect(chat.screen.text).toBe('📷 Esto encontré parecido a tu foto:');
    expect(chat.labels[0]).toBe('Termo acero 1 L · $ 45.000,00');
  });

  /** A chat whose photos the matcher finds as the thermos, then the gourd, at `similarities`; `ids` is what it finds now. */
  const photoChat = async (similarities: readonly number[], chatId: string) => {
    const found = { ids: [] as string[] };
    const shop = aConversationShop({
      engine: { imageMatcher: new FixedMatcher(() => found.ids, similarities) },
      downloadFile: async () => PNG,
    });
    const mates = await seedMates(shop);
    found.ids = [mates.thermos.id, mates.gourd.id];
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: chatId, displayName: 'Ana', languageHint: 'es' });
    const sendPhoto = (fileRef: string) => chat.send({ kind: 'image', fileRef, caption: null, sizeBytes: PNG.length });
    return { shop, chat, found, sendPhoto, ...mates };
  };

  it("open the product's card at once when the photo is that product's own picture (forwarded from the shop)", async () => {
    const { chat, sendPhoto } = await photoChat([1, 0.97], '5205');
    await sendPhoto('file-9');
    expect(chat.screen.text).toContain('*Termo acero 1 L*');
    expect(chat.screen.text).toContain('$ 45.000,00');
    expect(chat.labels).toContain('🛒 Agregar al carrito');
  });

  it('list the look-alikes when two products share that picture (variants with one photo), or the pictured one is no longer sold', async () => {
    const { shop, chat, found, sendPhoto, thermos } = await photoChat([1, 0.995], '5206');
    await sendPhoto('file-10');
    expect(chat.screen.text).toBe('📷 Esto encontré parecido a tu foto:');
    expect(chat.labels.slice(0, 2)).toEqual(['Termo acero 1 L · $ 45.000,00', 'Mate de calabaza · $ 9.500,00']);

    found.ids = [thermos.id];
    await shop.uow.repositories.products.save({ ...thermos, active: false });
    await sendPhoto('file-11');
    expect(chat.screen.text).not.toContain('*Termo acero 1 L*');
    expect(chat.screen.text).toContain('No encontré productos parecidos a tu foto. 😕');
  });

  it('are described when the matcher finds nothing', async () => {
    const matcher = new FixedMatcher(() => []);
    const analyzer = new LabelAnalyzer(['calabaza']);
    const shop = aConversationShop({ engine: { imageMatcher: matcher, imageAnalyzer: analyzer }, downloadFile: async () => PNG });
    await seedMates(shop);
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '5202', displayName: 'Ana', languageHint: 'es' });
    await chat.send({ kind: 'image', fileRef: 'file-6', caption: null, sizeBytes: PNG.length });
    expect(analyzer.received).toHaveLength(1);
    expect(chat.labels).toContain('Mate de calabaza · $ 9.500,00');
  });

  it('get an honest "no encontré", and a notice in the logs, when the vision service is down', async () => {
    const { warnings, logger } = recordingLogger();
    const analyzer: ImageAnalyzer = {
      describe: async () => {
        throw new AdapterError('IMAGE.ANALYSIS_UNAVAILABLE', 'the vision model answered 500', true);
      },
      fingerprint: async () => 'fp',
    };
    const shop = aConversationShop({
      engine: { imageMatcher: new FixedMatcher(() => []), imageAnalyzer: analyzer, logger },
      downloadFile: async () => PNG,
    });
    await seedMates(shop);
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '5204', displayName: 'Ana', languageHint: 'es' });
    await chat.send({ kind: 'image', fileRef: 'file-8', caption: null, sizeBytes: PNG.length });
    expect(chat.screen.text).toContain('No encontré productos parecidos a tu foto. 😕');
    expect(warnings).toEqual([
      { message: 'the photo could not be described: answered as not found', fields: { code: 'IMAGE.ANALYSIS_UNAVAILABLE' } },
    ]);
    expect(shop.errors).toEqual([]);
  });

  it('get an honest "no encontré" when only the matcher is there and it finds nothing', async () => {
    const shop = aConversationShop({ engine: { imageMatcher: new FixedMatcher(() => []) }, downloadFile: async () => PNG });
    await seedMates(shop);
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '5203', displayName: 'Ana', languageHint: 'es' });
    await chat.send({ kind: 'image', fileRef: 'file-7', caption: null, sizeBytes: PNG.length });
    expect(chat.screen.text).toContain('No encontré productos parecidos a tu foto. 😕');
    expect(chat.labels).toEqual(['🛍️ Catálogo', '🔥 Ofertas', '⬅️ Volver', '🏠 Menú']);
  });
});
