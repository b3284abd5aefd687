import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { PERSISTENCE_TOKEN } from '@mostrador/adapters-persistence';
import type { TelegramChannelOptions } from '@mostrador/adapters-telegram';
import { type Actor, money, TOKENS } from '@mostrador/core';
import { type EmulatedBot, TelegramEmulator, type TelegramTestUser, type TgMessage } from '@mostrador/testkit/telegram';
import pino, { type Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AppRuntime, compose } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { drawProductImage } from '../src/demo/product-art.js';
import { modulesFromConfig } from '../src/modules.js';
import { createTestDatabase, type TestDatabase } from './support/postgres-database.js';

/*
 * The Telegram channel end to end: the Bot API emulator, the real grammY adapter, core's real
 * conversation engine and PostgreSQL, composed from the app's modules as `mostrador start` does.
 * Customers tap buttons by their labels; assertions read what they see and what the database holds.
 */

const SYSTEM: Actor = { kind: 'system' };
/** Waits for the bot generously: a loaded CI machine runs other database-heavy files beside this one. */
const WAIT = { timeoutMs: 15_000 };

// ---- databases, runtimes and logs ------------------------------------------------------------

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** A pino logger at `warn` whose lines are kept for assertions (errors must not happen). */
const capturingLogger = (): { logger: Logger; lines: LogLine[] } => {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
};

const ERROR_LEVEL = 50;
const errorsIn = (lines: readonly LogLine[]): LogLine[] => lines.filter((line) => line.level >= ERROR_LEVEL);

const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });

interface Shop {
  readonly runtime: AppRuntime;
  readonly logs: LogLine[];
  sql<T = Record<string, unknown>>(query: string, parameters?: unknown[]): Promise<T[]>;
}

const startShop = async (options: { database: TestDatabase; telegram: TelegramChannelOptions; port?: number }): Promise<Shop> => {
  const { logger, lines } = capturingLogger();
  const config = loadConfig({
    DATABASE_URL: options.database.url,
    PORT: String(options.port ?? 0),
    LOG_LEVEL: 'warn',
    SHOP_NAME: 'Ferretería El Tornillo',
  });
  const runtime = compose({ modules: modulesFromConfig(config, { logger, telegram: options.telegram }) });
  await runtime.start();
  const dataSource = runtime.resolve(PERSISTENCE_TOKEN).dataSource;
  return { runtime, logs: lines, sql: (query, parameters = []) => dataSource.query(query, parameters) };
};

// ---- the catalog -----------------------------------------------------------------------------

interface CatalogProduct {
  readonly sku: string;
  readonly es: string;
  readonly en: string;
  readonly pesos: number;
  readonly stock: number;
  readonly photo?: boolean;
}

const PRODUCTS = {
  drill: { sku: 'HER-0001', es: 'Taladro percutor 13 mm', en: 'Hammer drill 13 mm', pesos: 89_990, stock: 50, photo: true },
  hammer: { sku: 'HER-0002', es: 'Martillo galponero', en: 'Claw hammer', pesos: 12_500, stock: 50 },
  screwdriver: { sku: 'HER-0003', es: 'Destornillador Phillips', en: 'Phillips screwdriver', pesos: 4_300, stock: 40 },
  pliers: { sku: 'HER-0004', es: 'Pinza universal', en: 'Combination pliers', pesos: 9_800, stock: 40 },
  wrench: { sku: 'HER-0005', es: 'Llave francesa', en: 'Adjustable wrench', pesos: 15_200, stock: 3 },
} satisfies Record<string, CatalogProduct>;

/** A small fixed catalog, created through the use cases as the API would. */
const seedCatalog = async (runtime: AppRuntime): Promise<void> => {
  const useCases = runtime.resolve(TOKENS.UseCases);
  const images = runtime.resolve(TOKENS.ImageStore);
  const category = await useCases.catalog.saveCategory(SYSTEM, {
    slug: 'herramientas',
    name: 'Herramientas',
    position: 0,
    translations: { en: { name: 'Tools' } },
  });
  for (const product of Object.values(PRODUCTS) as CatalogProduct[]) {
    const imageId = product.photo ? await images.put(drawProductImage(product.es, [200, 120, 40]), 'image/png') : null;
    await useCases.catalog.createProduct(SYSTEM, {
      sku: product.sku,
      name: product.es,
      categoryId: category.id,
      price: money(product.pesos * 100),
      vatRate: 2100,
      stockOnHand: product.stock,
      active: true,
      translations: { en: { name: product.en } },
      ...(imageId ? { imageIds: [{ id: imageId, mimeType: 'image/png', width: 320, height: 320 }] } : {}),
    });
  }
};

// ---- what the customer sees ------------------------------------------------------------------

const textOf = (message: TgMessage): string => message.text ?? message.caption ?? '';
const labelsOf = (message: TgMessage): string[] => message.reply_markup?.inline_keyboard.flat().map((button) => button.text) ?? [];

/** Taps a button of the latest bot message, then waits for the bot message (new or edited) showing `shows`. */
const tap = async (user: TelegramTestUser, label: string | RegExp, shows: RegExp): Promise<TgMessage> => {
  await user.tapButton(label);
  const [message] = await user.waitForMessages((candidate) => shows.test(textOf(candidate)), WAIT);
  return message as TgMessage;
};

const say = async (user: TelegramTestUser, text: string, shows: RegExp): Promise<TgMessage> => {
  await user.sendText(text);
  const [message] = await user.waitForMessages((candidate) => shows.test(textOf(candidate)), WAIT);
  return message as TgMessage;
};

interface Words {
  readonly greeting: RegExp;
  readonly catalog: string;
  readonly category: string;
  readonly pickCategory: RegExp;
  readonly pickProduct: RegExp;
  readonly quantity: (n: number) => RegExp;
  readonly add: string;
  readonly added: (n: number) => RegExp;
  readonly viewCart: RegExp;
  readonly cartTitle: RegExp;
  readonly checkout: string;
  readonly askName: RegExp;
  readonly askPhone: RegExp;
  readonly askDelivery: RegExp;
  readonly pickup: string;
  readonly askInvoice: RegExp;
  readonly invoiceFinal: string;
  readonly review: RegExp;
  readonly confirm: string;
  readonly placed: RegExp;
  readonly placedNotice: string;
  readonly myOrders: string;
  readonly ordersTitle: RegExp;
  readonly reserved: string;
  readonly detailStatus: RegExp;
}

const SPANISH: Words = {
  greeting: /¡Hola, .+! Te damos la bienvenida a Ferretería El Tornillo\./,
  catalog: '🛍️ Catálogo',
  category: 'Herramientas',
  pickCategory: /Elegí una categoría/,
  pickProduct: /Elegí un producto/,
  quantity: (n) => new RegExp(`Cantidad: ${n}`),
  add: '🛒 Agregar al carrito',
  added: (n) => new RegExp(`✅ Agregaste ${n} × `),
  viewCart: /^🛒 Ver carrito/,
  cartTitle: /🛒 Tu carrito/,
  checkout: '✅ Finalizar compra',
  askName: /¿A nombre de quién va el pedido\?/,
  askPhone: /¿A qué teléfono te contactamos\?/,
  askDelivery: /¿Cómo querés recibir el pedido\?/,
  pickup: '🏬 Retiro en el local',
  askInvoice: /¿Qué factura necesitás\?/,
  invoiceFinal: 'Consumidor final',
  review: /Revisá tu pedido/,
  confirm: '✅ Confirmar pedido',
  placed: /✅ Pedido #(\d+) confirmado/,
  placedNotice: 'Pedido confirmado',
  myOrders: '📦 Mis pedidos',
  ordersTitle: /📦 Mis pedidos/,
  reserved: 'Reservado',
  detailStatus: /Estado: Reservado, esperando el pago/,
};

const ENGLISH: Words = {
  greeting: /Hi, .+! Welcome to Ferretería El Tornillo\./,
  catalog: '🛍️ Catalog',
  category: 'Tools',
  pickCategory: /Pick a category/,
  pickProduct: /Pick a product/,
  quantity: (n) => new RegExp(`Quantity: ${n}`),
  add: '🛒 Add to cart',
  added: (n) => new RegExp(`✅ You added ${n} × `),
  viewCart: /^🛒 View cart/,
  cartTitle: /🛒 Your cart/,
  checkout: '✅ Checkout',
  askName: /Whose name is the order under\?/,
  askPhone: /What phone number can we reach you at\?/,
  askDelivery: /How would you like to get your order\?/,
  pickup: '🏬 Pick up at the shop',
  askInvoice: /Which invoice do you need\?/,
  invoiceFinal: 'Final consumer',
  review: /Check your order/,
  confirm: '✅ Place order',
  placed: /✅ Order #(\d+) confirmed/,
  placedNotice: 'Order confirmed',
  myOrders: '📦 My orders',
  ordersTitle: /📦 My orders/,
  reserved: 'Reserved',
  detailStatus: /Status: Reserved, awaiting payment/,
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** /start → catalog → category → product → choose `quantity` → add: the "added" message. */
const addToCart = async (user: TelegramTestUser, words: Words, name: string, quantity: number): Promise<TgMessage> => {
  await user.sendCommand('start');
  const [menu] = await user.waitForMessages((message) => words.greeting.test(textOf(message)), WAIT);
  expect(labelsOf(menu as TgMessage)).toContain(words.catalog);
  await tap(user, words.catalog, words.pickCategory);
  await tap(user, words.category, words.pickProduct);
  const card = await tap(user, new RegExp(`^${escapeRegExp(name)} · `), new RegExp(escapeRegExp(name)));
  expect(textOf(card)).toMatch(words.quantity(1));
  if (quantity !== 1) {
    const edited = await tap(user, `×${quantity}`, words.quantity(quantity));
    // Choosing the quantity edits the card in place.
    expect(edited.message_id).toBe(card.message_id);
  }
  await user.tapButton(words.add);
  const [added] = await user.waitForMessages((message) => words.added(quantity).test(textOf(message)), WAIT);
  return added as TgMessage;
};

/** From the cart: checkout with the suggested name, a typed phone, pickup and a final-consumer invoice, up to the review. */
const checkoutToReview = async (user: TelegramTestUser, words: Words): Promise<TgMessage> => {
  await tap(user, words.checkout, words.askName);
  await tap(user, /^(Usar|Use) /, words.askPhone);
  await say(user, '11 5555-1234', words.askDelivery);
  // The "share my phone number" keyboard went away with the typed phone.
  expect(user.replyKeyboard(), user.transcriptText()).toBeUndefined();
  await tap(user, words.pickup, words.askInvoice);
  return tap(user, words.invoiceFinal, words.review);
};

/** The whole journey of the issue: add 2, change to 3 in the cart, check out, see the order in "my orders". */
const wholeJourney = async (user: TelegramTestUser, words: Words, name: string): Promise<{ orderNumber: number }> => {
  await addToCart(user, words, name, 2);
  const cart = await tap(user, words.viewCart, words.cartTitle);
  expect(textOf(cart)).toContain(`2 × ${name}`);
  const three = await tap(user, /^➕ /, new RegExp(`3 × ${escapeRegExp(name)}`));
  expect(three.message_id).toBe(cart.message_id);

  const review = await checkoutToReview(user, words);
  expect(textOf(review)).toContain(`3 × ${name}`);
  const placed = await tap(user, words.confirm, words.placed);
  const orderNumber = Number(words.placed.exec(textOf(placed))?.[1]);
  expect((await user.waitForCallbackAnswer(WAIT)).text).toBe(words.placedNotice);

  const orders = await tap(user, words.myOrders, words.ordersTitle);
  const label = labelsOf(orders).find((text) => text.startsWith(`#${orderNumber} · `));
  expect(label, user.transcriptText()).toContain(words.reserved);
  const detail = await tap(user, label as string, new RegExp(`#${orderNumber}`));
  expect(textOf(detail)).toMatch(words.detailStatus);
  // The order detail names the product in the chat's language (snapshotted when it was placed).
  expect(textOf(detail)).toContain(`3 × ${name}`);
  return { orderNumber };
};

// ---- the suites ------------------------------------------------------------------------------

describe('Telegram end to end: emulator, grammY adapter, conversation engine and PostgreSQL', () => {
  let database: TestDatabase;
  let emulator: TelegramEmulator;
  let bot: EmulatedBot;
  let shop: Shop;
  let nextUserId = 810_000_001;

  const customer = (firstName: string, languageCode: 'es' | 'en') =>
    emulator.user({ id: nextUserId++, firstName, lastName: 'Prueba', languageCode, bot: bot.username });

  const stockOf = async (sku: string): Promise<{ onHand: number; reserved: number }> => {
    const [row] = await shop.sql<{ stock_on_hand: number; reserved: number }>(
      'SELECT stock_on_hand, reserved FROM products WHERE sku = $1',
      [sku],
    );
    return { onHand: Number(row?.stock_on_hand), reserved: Number(row?.reserved) };
  };

  interface OrderRowView {
    number: number;
    status: string;
    channel: string;
    lines: { sku: string; quantity: number }[];
    contact: { name: string; phone: string };
    user_id: string;
  }

  const ordersOf = (user: TelegramTestUser): Promise<OrderRowView[]> =>
    shop.sql<OrderRowView>(
      `SELECT o.number, o.status, o.channel, o.lines, o.contact, i.user_id
         FROM orders o JOIN customer_identities i ON i.customer_id = o.customer_id AND i.channel = 'telegram'
        WHERE i.user_id = $1 ORDER BY o.number`,
      [String(user.id)],
    );

  beforeAll(async () => {
    database = await createTestDatabase('mostrador_t');
    emulator = new TelegramEmulator();
    await emulator.start();
    bot = emulator.createBot({ username: 'tornillo_e2e_bot', firstName: 'Ferretería El Tornillo' });
    shop = await startShop({ database, telegram: { token: bot.token, apiRoot: emulator.apiRoot, mode: 'polling', throttle: false } });
    await seedCatalog(shop.runtime);
  }, 60_000);

  afterAll(async () => {
    await shop?.runtime.stop();
    await emulator?.stop();
    await database?.drop();
  });

  it('takes a Spanish-speaking customer from /start to a placed order, reserving the stock, and lists it in "Mis pedidos"', async () => {
    const ana = customer('Ana', 'es');
    const before = await stockOf(PRODUCTS.drill.sku);

    const { orderNumber } = await wholeJourney(ana, SPANISH, PRODUCTS.drill.es);

    expect(await stockOf(PRODUCTS.drill.sku)).toEqual({ onHand: before.onHand, reserved: before.reserved + 3 });
    const orders = await ordersOf(ana);
    expect(orders).toEqual([
      {
        number: orderNumber,
        status: 'placed',
        channel: 'telegram',
        lines: [expect.objectContaining({ sku: PRODUCTS.drill.sku, quantity: 3 })],
        contact: { name: 'Ana Prueba', phone: '+541155551234' },
        user_id: String(ana.id),
      },
    ]);
    // The card was a photo: uploaded once, then reused by file_id.
    expect(emulator.calls('sendPhoto').filter((call) => call.files.length > 0)).toHaveLength(1);
    expect(errorsIn(shop.logs)).toEqual([]);
  });

  it('takes an English-speaking customer through the same journey in English', async () => {
    const john = customer('John', 'en');
    const before = await stockOf(PRODUCTS.hammer.sku);

    const { orderNumber } = await wholeJourney(john, ENGLISH, PRODUCTS.hammer.en);

    expect(await stockOf(PRODUCTS.hammer.sku)).toEqual({ onHand: before.onHand, reserved: before.reserved + 3 });
    const orders = await ordersOf(john);
    expect(orders.map((order) => [order.number, order.status, order.lines.map((line) => [line.sku, line.quantity])])).toEqual([
      [orderNumber, 'placed', [[PRODUCTS.hammer.sku, 3]]],
    ]);
    // Nothing Spanish leaked into the English conversation.
    expect(john.transcriptText()).not.toMatch(/Catálogo|Carrito|Pedido #|Elegí/);
    expect(errorsIn(shop.logs)).toEqual([]);
  });

  it('serves two customers at the same time: both complete their orders', async () => {
    const bruno = customer('Bruno', 'es');
    const carla = customer('Carla', 'es');
    const before = { screwdriver: await stockOf(PRODUCTS.screwdriver.sku), pliers: await stockOf(PRODUCTS.pliers.sku) };

    const [brunoOrder, carlaOrder] = await Promise.all([
      wholeJourney(bruno, SPANISH, PRODUCTS.screwdriver.es),
      wholeJourney(carla, SPANISH, PRODUCTS.pliers.es),
    ]);

    expect(brunoOrder.orderNumber).not.toBe(carlaOrder.orderNumber);
    expect((await ordersOf(bruno)).map((order) => order.lines)).toEqual([
      [expect.objectContaining({ sku: PRODUCTS.screwdriver.sku, quantity: 3 })],
    ]);
    expect((await ordersOf(carla)).map((order) => order.lines)).toEqual([
      [expect.objectContaining({ sku: PRODUCTS.pliers.sku, quantity: 3 })],
    ]);
    expect((await stockOf(PRODUCTS.screwdriver.sku)).reserved).toBe(before.screwdriver.reserved + 3);
    expect((await stockOf(PRODUCTS.pliers.sku)).reserved).toBe(before.pliers.reserved + 3);
    expect(errorsIn(shop.logs)).toEqual([]);
  });

  it('lets exactly one of two customers racing for the last units win; the other is told politely', async () => {
    const diego = customer('Diego', 'es');
    const elena = customer('Elena', 'es');
    const { wrench } = PRODUCTS;
    expect(await stockOf(wrench.sku)).toEqual({ onHand: 3, reserved: 0 });

    // Both put the last 3 in their carts (a cart holds nothing) and reach the order review.
    await Promise.all(
      [diego, elena].map(async (user) => {
        await addToCart(user, SPANISH, wrench.es, 3);
        await tap(user, SPANISH.viewCart, SPANISH.cartTitle);
        await checkoutToReview(user, SPANISH);
      }),
    );
    // Both confirm at once.
    const outcome = /✅ Pedido #\d+ confirmado|Ya no queda stock/;
    await Promise.all([diego.tapButton(SPANISH.confirm), elena.tapButton(SPANISH.confirm)]);
    const [diegoSees, elenaSees] = await Promise.all(
      [diego, elena].map(async (user) =>
        textOf(((await user.waitForMessages((m) => outcome.test(textOf(m)), WAIT)) as TgMessage[])[0] as TgMessage),
      ),
    );

    const texts = [diegoSees as string, elenaSees as string];
    const winners = texts.filter((text) => SPANISH.placed.test(text));
    const losers = texts.filter((text) => !SPANISH.placed.test(text));
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]).toContain(`Ya no queda stock de ${wrench.es}.`);
    expect(losers[0]).toContain('Ajustá la cantidad en tu carrito y probá de nuevo.');
    // The loser is back at the cart, which tells them the line is short.
    const loser = SPANISH.placed.test(diegoSees as string) ? elena : diego;
    const [cart] = await loser.waitForMessages((message) => SPANISH.cartTitle.test(textOf(message)), WAIT);
    expect(textOf(cart as TgMessage)).toContain('sin stock ahora');

    expect(await stockOf(wrench.sku)).toEqual({ onHand: 3, reserved: 3 });
    const wrenchOrders = await shop.sql<{ count: string }>(`SELECT count(*) FROM orders WHERE lines @> $1::jsonb`, [
      JSON.stringify([{ sku: wrench.sku }]),
    ]);
    expect(Number(wrenchOrders[0]?.count)).toBe(1);
    expect(errorsIn(shop.logs)).toEqual([]);
  });

  it('asks for the phone with a "share my phone number" keyboard and takes it away when the customer types the phone', async () => {
    const lucia = customer('Lucía', 'es');
    await addToCart(lucia, SPANISH, PRODUCTS.screwdriver.es, 1);
    await tap(lucia, SPANISH.viewCart, SPANISH.cartTitle);
    await tap(lucia, SPANISH.checkout, SPANISH.askName);
    await tap(lucia, /^Usar /, SPANISH.askPhone);
    const [shareLabel] = await lucia.waitForMessages((message) => textOf(message) === '📱 Compartir mi teléfono', WAIT);
    expect(shareLabel).toBeDefined();
    expect(lucia.replyKeyboard()?.keyboard).toEqual([
      [expect.objectContaining({ text: '📱 Compartir mi teléfono', request_contact: true })],
    ]);

    const delivery = await say(lucia, '11 4444-5555', SPANISH.askDelivery);

    expect(lucia.replyKeyboard()).toBeUndefined();
    // The keyboard went away with the note confirming the phone; the question keeps its inline buttons.
    const afterPhone = lucia.botMessages().filter((message) => message.message_id > (shareLabel as TgMessage).message_id);
    expect(afterPhone.map(textOf)).toEqual(['📞 Anotamos tu teléfono: +541144445555', textOf(delivery)]);
    expect(labelsOf(delivery)).toContain(SPANISH.pickup);
    const removal = emulator
      .calls('sendMessage')
      .filter(
        (call) =>
          String(call.params.chat_id) === String(lucia.chatId) &&
          (call.params.reply_markup as { remove_keyboard?: boolean } | undefined)?.remove_keyboard === true,
      );
    expect(removal.map((call) => call.params.text)).toEqual(['📞 Anotamos tu teléfono: +541144445555']);

    await tap(lucia, SPANISH.pickup, SPANISH.askInvoice);
    await tap(lucia, SPANISH.invoiceFinal, SPANISH.review);
    await tap(lucia, SPANISH.confirm, SPANISH.placed);
    expect((await ordersOf(lucia)).map((order) => order.contact)).toEqual([{ name: 'Lucía Prueba', phone: '+541144445555' }]);
    expect(errorsIn(shop.logs)).toEqual([]);
  });

  it('offers a returning customer the tax data of the previous order as one tap for invoice A', async () => {
    const mario = customer('Mario', 'es');
    const buy = async (): Promise<TgMessage> => {
      await addToCart(mario, SPANISH, PRODUCTS.pliers.es, 1);
      await tap(mario, SPANISH.viewCart, SPANISH.cartTitle);
      await tap(mario, SPANISH.checkout, SPANISH.askName);
      return tap(mario, /^Usar /, SPANISH.askPhone);
    };

    // The first order: every tax field typed.
    await buy();
    await say(mario, '11 4444-5555', SPANISH.askDelivery);
    await tap(mario, SPANISH.pickup, SPANISH.askInvoice);
    await tap(mario, 'Factura A', /Escribí tu CUIT/);
    await say(mario, '30-71234567-1', /condición frente al IVA/);
    await tap(mario, 'Responsable inscripto', /razón social/);
    await say(mario, 'Ferretería Sur SRL', /domicilio fiscal/);
    const firstReview = await say(mario, 'Av. Mitre 100, Avellaneda', SPANISH.review);
    expect(textOf(firstReview)).toContain('Factura A a Ferretería Sur SRL (CUIT 30-71234567-1, Responsable inscripto)');
    await tap(mario, SPANISH.confirm, SPANISH.placed);

    // The second: the saved phone and the saved tax data, one tap each.
    const askPhone = await buy();
    expect(labelsOf(askPhone)).toContain('Usar +541144445555');
    await mario.waitForMessages((message) => textOf(message) === '📱 Compartir mi teléfono', WAIT);
    expect(mario.replyKeyboard()).toBeDefined();
    // The "share my phone number" label came after the question: tap on the question itself.
    await mario.tapButton('Usar +541144445555', { message: askPhone });
    await mario.waitForMessages((message) => SPANISH.askDelivery.test(textOf(message)), WAIT);
    expect(mario.replyKeyboard()).toBeUndefined();
    await tap(mario, SPANISH.pickup, SPANISH.askInvoice);
    const offer = await tap(mario, 'Factura A', /Datos de facturación de tu compra anterior/);
    expect(textOf(offer)).toContain('Ferretería Sur SRL · CUIT 30-71234567-1 · Responsable inscripto · Av. Mitre 100, Avellaneda');
    expect(labelsOf(offer)).toEqual([
      'Usar CUIT 30-71234567-1 — Ferretería Sur SRL',
      '✏️ Ingresar otros datos',
      '⬅️ Volver',
      '❌ Cancelar compra',
    ]);
    const review = await tap(mario, 'Usar CUIT 30-71234567-1 — Ferretería Sur SRL', SPANISH.review);
    expect(textOf(review)).toContain('Factura A a Ferretería Sur SRL (CUIT 30-71234567-1, Responsable inscripto)');
    await tap(mario, SPANISH.confirm, SPANISH.placed);

    const billing = await shop.sql<{ number: number; billing: unknown }>(
      `SELECT o.number, o.billing FROM orders o JOIN customer_identities i ON i.customer_id = o.customer_id AND i.channel = 'telegram'
        WHERE i.user_id = $1 ORDER BY o.number`,
      [String(mario.id)],
    );
    const ferreteriaSur = {
      documentType: 'CUIT',
      documentNumber: '30712345671',
      ivaCondition: 'RESPONSABLE_INSCRIPTO',
      legalName: 'Ferretería Sur SRL',
      address: 'Av. Mitre 100, Avellaneda',
    };
    expect(billing.map((row) => row.billing)).toEqual([ferreteriaSur, ferreteriaSur]);
    const [saved] = await shop.sql<{ tax_profile: unknown; phone: string }>(
      `SELECT c.tax_profile, c.phone FROM customers c JOIN customer_identities i ON i.customer_id = c.id AND i.channel = 'telegram'
        WHERE i.user_id = $1`,
      [String(mario.id)],
    );
    expect(saved).toEqual({ tax_profile: ferreteriaSur, phone: '+541144445555' });
    expect(errorsIn(shop.logs)).toEqual([]);
  });

  it('answers a button of an old message politely ("no longer available") without failing', async () => {
    const fede = customer('Fede', 'es');
    await fede.sendCommand('start');
    const [oldMenu] = await fede.waitForMessages((message) => SPANISH.greeting.test(textOf(message)), WAIT);
    await tap(fede, SPANISH.catalog, SPANISH.pickCategory);
    const list = await tap(fede, SPANISH.category, SPANISH.pickProduct);

    // The screen moved on; the first menu's buttons are stale now.
    await fede.tapButton('🔥 Ofertas', { message: oldMenu as TgMessage });
    const answer = await fede.waitForCallbackAnswer(WAIT);
    expect(answer.text).toBe('Esa opción ya no está disponible.');
    const [notice] = await fede.waitForMessages((message) => textOf(message) === 'Esa opción ya no está disponible.', WAIT);
    expect(notice).toBeDefined();
    // The conversation goes on from where it was: only the notice is sent, and the product list's buttons still work.
    expect(fede.botMessages().filter((message) => SPANISH.pickProduct.test(textOf(message)))).toHaveLength(1);
    await fede.tapButton(new RegExp(`^${PRODUCTS.hammer.es} · `), { message: list as TgMessage });
    await fede.waitForMessages((message) => SPANISH.quantity(1).test(textOf(message)), WAIT);
    expect(errorsIn(shop.logs)).toEqual([]);
    expect(shop.logs.filter((line) => /apology|update failed/.test(line.msg))).toEqual([]);
  });

  it('skips malformed updates and goes on handling the next ones', async () => {
    const gabi = customer('Gabi', 'es');
    const warningsBefore = shop.logs.length;
    emulator.injectRawUpdate(bot.token, 'nonsense');
    emulator.injectRawUpdate(bot.token, [1, 2, 3]);
    emulator.injectRawUpdate(bot.token, { update_id: 'not-a-number', message: { text: '/start' } });
    emulator.injectRawUpdate(bot.token, { message: { text: 42, chat: 'nowhere' } });
    emulator.injectRawUpdate(bot.token, { callback_query: { id: 'cq-1', data: '' } });

    await gabi.sendCommand('start');
    await gabi.waitForMessages((message) => SPANISH.greeting.test(textOf(message)), WAIT);
    await tap(gabi, SPANISH.catalog, SPANISH.pickCategory);

    // Every update, the nonsense too, was confirmed: nothing is redelivered.
    await vi.waitFor(() => expect(emulator.pendingUpdates(bot.username)).toEqual([]), { timeout: WAIT.timeoutMs });
    expect(shop.logs.slice(warningsBefore).some((line) => line.msg === 'telegram updates dropped: not updates')).toBe(true);
    expect(errorsIn(shop.logs)).toEqual([]);
  });

  it('waits out a 429 from Telegram (retry_after) and still delivers the message', async () => {
    const hugo = customer('Hugo', 'es');
    emulator.failNext('sendMessage', { retryAfter: 1 });

    await hugo.sendCommand('start');
    const [menu] = await hugo.waitForMessages((message) => SPANISH.greeting.test(textOf(message)), WAIT);

    expect(labelsOf(menu as TgMessage)).toContain(SPANISH.catalog);
    const sends = emulator
      .calls('sendMessage')
      .filter((call) => call.params.chat_id === hugo.chatId || call.params.chat_id === String(hugo.chatId));
    expect(sends.map((call) => call.status)).toEqual([429, 200]);
    // The adapter honoured retry_after (1 s) before trying again: a lower bound, never flaky.
    expect((sends[1]?.at ?? 0) - (sends[0]?.at ?? 0)).toBeGreaterThanOrEqual(900);
    expect(errorsIn(shop.logs)).toEqual([]);
  });
});

describe('Telegram webhook mode end to end', () => {
  const SECRET = `e2e-${randomBytes(12).toString('hex')}`;
  let database: TestDatabase;
  let emulator: TelegramEmulator;
  let bot: EmulatedBot;
  let shop: Shop;
  let webhookUrl = '';

  beforeAll(async () => {
    database = await createTestDatabase('mostrador_t');
    emulator = new TelegramEmulator({ webhook: { initialRetryMs: 50, maxRetryMs: 500 } });
    await emulator.start();
    bot = emulator.createBot({ username: 'tornillo_hook_bot', firstName: 'Ferretería El Tornillo' });
    // The webhook URL names the app's own port, so the port is chosen before the app starts.
    const port = await freePort();
    webhookUrl = `http://127.0.0.1:${port}/telegram/webhook`;
    shop = await startShop({
      database,
      port,
      telegram: { token: bot.token, apiRoot: emulator.apiRoot, mode: 'webhook', webhookUrl, webhookSecret: SECRET, throttle: false },
    });
    await seedCatalog(shop.runtime);
  }, 60_000);

  afterAll(async () => {
    await shop?.runtime.stop();
    await emulator?.stop();
    await database?.drop();
  });

  it('registers its webhook with the secret, and handles the updates Telegram pushes', async () => {
    const [setWebhook] = emulator.calls('setWebhook');
    expect(setWebhook?.params).toMatchObject({ url: webhookUrl, secret_token: SECRET });

    const irene = emulator.user({ id: 820_000_001, firstName: 'Irene', languageCode: 'es', bot: bot.username });
    await irene.sendCommand('start');
    await irene.waitForMessages((message) => SPANISH.greeting.test(textOf(message)), WAIT);
    await tap(irene, SPANISH.catalog, SPANISH.pickCategory);
    await tap(irene, SPANISH.category, SPANISH.pickProduct);
    expect(emulator.calls((call) => call.method === 'getUpdates')).toEqual([]);
    expect(errorsIn(shop.logs)).toEqual([]);
  });

  it('refuses a POST with a wrong or missing secret with 401, and processes nothing', async () => {
    const julia = emulator.user({ id: 820_000_002, firstName: 'Julia', languageCode: 'es', bot: bot.username });
    await julia.sendCommand('start');
    const [menu] = await julia.waitForMessages((message) => SPANISH.greeting.test(textOf(message)), WAIT);
    const stateOf = async () =>
      shop.sql<{ state: unknown; updated_at: Date }>(
        `SELECT state, updated_at FROM conversations WHERE channel = 'telegram' AND chat_id = $1`,
        [String(julia.chatId)],
      );
    // The driver saves the chat's state while the reply goes out: the greeting can arrive first.
    await vi.waitFor(async () => expect(await stateOf()).toHaveLength(1), { timeout: WAIT.timeoutMs });
    const stateBefore = await stateOf();
    const callsBefore = emulator.calls().length;

    // A forged tap on the real "Catálogo" button of Julia's menu, and a forged /start.
    const catalogButton = (menu as TgMessage).reply_markup?.inline_keyboard.flat().find((button) => button.text === SPANISH.catalog);
    const forgedUpdates = [
      {
        update_id: 990_000_001,
        callback_query: {
          id: 'forged-1',
          from: { id: julia.id, is_bot: false, first_name: 'Julia', language_code: 'es' },
          message: menu,
          chat_instance: '1',
          data: catalogButton?.callback_data,
        },
      },
      {
        update_id: 990_000_002,
        message: {
          message_id: 9_999,
          date: Math.floor(Date.now() / 1000),
          chat: { id: julia.chatId, type: 'private', first_name: 'Julia' },
          from: { id: julia.id, is_bot: false, first_name: 'Julia', language_code: 'es' },
          text: '/start',
          entities: [{ type: 'bot_command', offset: 0, length: 6 }],
        },
      },
    ];
    const statuses: number[] = [];
    for (const [index, update] of forgedUpdates.entries()) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (index === 0) headers['x-telegram-bot-api-secret-token'] = `${SECRET}x`;
      const response = await fetch(webhookUrl, { method: 'POST', headers, body: JSON.stringify(update) });
      statuses.push(response.status);
    }

    expect(statuses).toEqual([401, 401]);
    // Nothing was processed: no Bot API call, no conversation change, no idempotency record.
    expect(emulator.calls().slice(callsBefore)).toEqual([]);
    expect(await stateOf()).toEqual(stateBefore);
    const processed = await shop.sql(`SELECT update_key FROM processed_updates WHERE update_key IN ('990000001', '990000002')`);
    expect(processed).toEqual([]);
    expect(shop.logs.filter((line) => line.msg === 'telegram webhook refused: wrong or missing secret token')).toHaveLength(2);

    // The same tap through Telegram (with the secret) works.
    await tap(julia, SPANISH.catalog, SPANISH.pickCategory);
    expect(errorsIn(shop.logs)).toEqual([]);
  });
});
