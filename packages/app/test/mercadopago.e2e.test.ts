import { createServer } from 'node:net';
import { PERSISTENCE_TOKEN } from '@mostrador/adapters-persistence';
import { type Actor, money, type ScheduledTask, TOKENS } from '@mostrador/core';
import { MercadoPagoEmulator } from '@mostrador/testkit/mercadopago';
import { type EmulatedBot, TelegramEmulator, type TelegramTestUser, type TgMessage } from '@mostrador/testkit/telegram';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppRuntime, compose } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { modulesFromConfig } from '../src/modules.js';
import { createTestDatabase, type TestDatabase } from './support/postgres-database.js';

/*
 * Paying from the chat, end to end: the Telegram emulator and the real grammY adapter, the Mercado
 * Pago emulator and the real gateway on the official SDK, its checkout page pressed over HTTP, the
 * signed webhook to the app's HTTP server, the payments.sync queue, and PostgreSQL.
 */

const SYSTEM: Actor = { kind: 'system' };
const WAIT = { timeoutMs: 15_000 };

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

const textOf = (message: TgMessage): string => message.text ?? message.caption ?? '';
const payButtonOf = (message: TgMessage): string | undefined =>
  message.reply_markup?.inline_keyboard.flat().find((button) => button.text === '💳 Pagar con Mercado Pago')?.url;

const tap = async (user: TelegramTestUser, label: string | RegExp, shows: RegExp): Promise<TgMessage> => {
  await user.tapButton(label);
  const [message] = await user.waitForMessages((candidate) => shows.test(textOf(candidate)), WAIT);
  return message as TgMessage;
};

/** Polls until `read` satisfies `done` (the webhook and its job run after the payer's click returns). */
const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
  for (let attempt = 0; ; attempt += 1) {
    const value = await read();
    if (done(value) || attempt >= 150) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('paying with Mercado Pago from the Telegram chat', () => {
  let database: TestDatabase;
  let telegram: TelegramEmulator;
  let mercadoPago: MercadoPagoEmulator;
  let bot: EmulatedBot;
  let runtime: AppRuntime;
  let nextUserId = 820_000_001;
  const sql = <T>(query: string, parameters: unknown[] = []): Promise<T[]> =>
    runtime.resolve(PERSISTENCE_TOKEN).dataSource.query(query, parameters);
  /** Waits until the app's own (embedded) job queue has nothing waiting due or running. */
  const drainJobs = async (): Promise<void> => {
    for (let i = 0; i < 200; i++) {
      const [row] = await sql<{ busy: string }>(
        "SELECT count(*) AS busy FROM jobs WHERE state = 'active' OR (state = 'waiting' AND run_at <= now())",
      );
      if (Number(row?.busy ?? 0) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the job queue did not drain');
  };

  beforeAll(async () => {
    database = await createTestDatabase('mostrador_t');
    telegram = new TelegramEmulator();
    await telegram.start();
    bot = telegram.createBot({ username: 'tornillo_pay_bot', firstName: 'Ferretería El Tornillo' });
    mercadoPago = new MercadoPagoEmulator({ webhookRetryDelayMs: 50 });
    await mercadoPago.start();
    const port = await freePort();
    const config = loadConfig({
      DATABASE_URL: database.url,
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      SHOP_NAME: 'Ferretería El Tornillo',
      MP_ACCESS_TOKEN: mercadoPago.accessToken,
      MP_WEBHOOK_SECRET: mercadoPago.webhookSecret,
      MP_API_BASE_URL: mercadoPago.baseUrl,
    });
    runtime = compose({
      modules: [
        ...modulesFromConfig(config, {
          logger: pino({ level: 'silent' }),
          telegram: { token: bot.token, apiRoot: telegram.apiRoot, mode: 'polling', throttle: false },
        }),
      ],
    });
    await runtime.start();
    const useCases = runtime.resolve(TOKENS.UseCases);
    const category = await useCases.catalog.saveCategory(SYSTEM, { slug: 'herramientas', name: 'Herramientas', position: 0 });
    await useCases.catalog.createProduct(SYSTEM, {
      sku: 'HER-0002',
      name: 'Martillo galponero',
      categoryId: category.id,
      price: money(12_500_00),
      vatRate: 2100,
      stockOnHand: 50,
      active: true,
    });
  }, 90_000);

  afterAll(async () => {
    await runtime?.stop();
    await mercadoPago?.stop();
    await telegram?.stop();
    await database?.drop();
  });

  /** A new customer orders two hammers through the chat; returns the order's number and its pay button's URL. */
  const orderThroughChat = async (): Promise<{ user: TelegramTestUser; number: number; payUrl: string }> => {
    const user = telegram.user({ id: nextUserId++, firstName: 'Ana', lastName: 'Prueba', languageCode: 'es', bot: bot.username });
    await user.sendCommand('start');
    await user.waitForMessages((message) => /Te damos la bienvenida/.test(textOf(message)), WAIT);
    await tap(user, '🛍️ Catálogo', /Elegí una categoría/);
    await tap(user, 'Herramientas', /Elegí un producto/);
    await tap(user, /^Martillo galponero · /, /Martillo galponero/);
    await tap(user, '×2', /Cantidad: 2/);
    await user.tapButton('🛒 Agregar al carrito');
    await user.waitForMessages((message) => /✅ Agregaste 2 × /.test(textOf(message)), WAIT);
    await tap(user, /^🛒 Ver carrito/, /🛒 Tu carrito/);
    await tap(user, '✅ Finalizar compra', /¿A nombre de quién va el pedido\?/);
    await tap(user, /^Usar /, /¿A qué teléfono te contactamos\?/);
    await user.sendText('11 5555-1234');
    await user.waitForMessages((message) => /¿Cómo querés recibir el pedido\?/.test(textOf(message)), WAIT);
    await tap(user, '🏬 Retiro en el local', /¿Qué factura necesitás\?/);
    await tap(user, 'Consumidor final', /Revisá tu pedido/);
    const placed = await tap(user, '✅ Confirmar pedido', /✅ Pedido #(\d+) confirmado/);
    expect(textOf(placed)).toContain('Pagá desde acá abajo');
    const payUrl = payButtonOf(placed);
    expect(payUrl, user.transcriptText()).toMatch(/\/checkout\/v1\/redirect\?pref_id=/);
    return { user, number: Number(/#(\d+)/.exec(textOf(placed))?.[1]), payUrl: payUrl as string };
  };

  const orderRow = async (number: number) =>
    (await sql<{ id: string; status: string; version: number }>('SELECT id, status, version FROM orders WHERE number = $1', [number]))[0];
  const paymentsOf = (orderId: string) =>
    sql<{ status: string; provider: string; amount: string }>(
      'SELECT status, provider, amount FROM payments WHERE order_id = $1 ORDER BY created_at',
      [orderId],
    );
  const eventsOf = (orderId: string) => sql<{ type: string }>('SELECT type FROM outbox WHERE aggregate_id = $1 ORDER BY seq', [orderId]);

  it('checkout → "Pagar con Mercado Pago" → approved on the checkout page → the order is paid, payment.received recorded, the customer told', async () => {
    const { user, number, payUrl } = await orderThroughChat();
    const page = await fetch(payUrl);
    expect(await page.text()).toContain('$ 25.000,00');
    const { paymentId } = await mercadoPago.pay(payUrl, 'approve');

    const order = await eventually(
      () => orderRow(number),
      (row) => row?.status === 'paid',
    );
    expect(order?.status).toBe('paid');
    expect(await paymentsOf(order?.id ?? '')).toEqual([{ status: 'approved', provider: 'mercadopago', amount: '2500000' }]);
    const types = (await eventsOf(order?.id ?? '')).map((event) => event.type);
    expect(types.filter((type) => type === 'payment.received')).toHaveLength(1);
    expect(types).toContain('order.paid');
    expect(mercadoPago.notifications({ dataId: paymentId })[0]?.attempts).toEqual([200]);
    // The customer is told in the chat, by the notifications the outbox dispatcher runs.
    await user.waitForMessages((message) => textOf(message).startsWith('✅ Recibimos tu pago'), WAIT);

    // "Mis pedidos" shows it paid, with no pay button any more.
    await user.sendCommand('start');
    await user.waitForMessages((message) => /Te damos la bienvenida/.test(textOf(message)), WAIT);
    const orders = await tap(user, '📦 Mis pedidos', /📦 Mis pedidos/);
    expect(orders.reply_markup?.inline_keyboard.flat().some((button) => button.url)).toBe(false);
  });

  it('the same notification delivered 20 times at once pays the order once and tells the customer once', async () => {
    const { user, number, payUrl } = await orderThroughChat();
    mercadoPago.injectWebhookFault({ kind: 'duplicate', copies: 20 });
    const { paymentId } = await mercadoPago.pay(payUrl, 'approve');
    await mercadoPago.settled();
    const order = await eventually(
      () => orderRow(number),
      (row) => row?.status === 'paid',
    );
    await user.waitForMessages((message) => textOf(message).startsWith('✅ Recibimos tu pago'), WAIT);
    await drainJobs();
    expect(mercadoPago.notifications({ dataId: paymentId })[0]?.attempts.filter((status) => status === 200)).toHaveLength(20);
    expect(await paymentsOf(order?.id ?? '')).toHaveLength(1);
    const types = (await eventsOf(order?.id ?? '')).map((event) => event.type);
    expect(types.filter((type) => type === 'payment.received')).toHaveLength(1);
    expect(types.filter((type) => type === 'order.paid')).toHaveLength(1);
    expect(user.botMessages().filter((message) => textOf(message).startsWith('✅ Recibimos tu pago'))).toHaveLength(1);
  });

  it('rejected first, then approved on a retry from the same button', async () => {
    const { number, payUrl } = await orderThroughChat();
    await mercadoPago.pay(payUrl, 'reject');
    await eventually(
      async () => paymentsOf((await orderRow(number))?.id ?? ''),
      (rows) => rows.length === 1,
    );
    expect((await orderRow(number))?.status).toBe('placed');

    await mercadoPago.pay(payUrl, 'approve');
    const order = await eventually(
      () => orderRow(number),
      (row) => row?.status === 'paid',
    );
    expect(order?.status).toBe('paid');
    expect((await paymentsOf(order?.id ?? '')).map((payment) => payment.status)).toEqual(['rejected', 'approved']);
  });

  it('pending, then approved with the webhook lost: reconciliation pays the order; "Mis pedidos" offers the same link meanwhile', async () => {
    const { user, number, payUrl } = await orderThroughChat();
    const { paymentId } = await mercadoPago.pay(payUrl, 'pending');
    await eventually(
      async () => paymentsOf((await orderRow(number))?.id ?? ''),
      (rows) => rows[0]?.status === 'pending',
    );

    await user.sendCommand('start');
    await user.waitForMessages((message) => /Te damos la bienvenida/.test(textOf(message)), WAIT);
    const orders = await tap(user, '📦 Mis pedidos', /📦 Mis pedidos/);
    const again = orders.reply_markup?.inline_keyboard.flat().find((button) => button.text === `💳 Pagar #${number} con Mercado Pago`);
    expect(again?.url).toBe(payUrl);

    mercadoPago.injectWebhookFault({ kind: 'lose' });
    mercadoPago.settle(paymentId, 'approved');
    await mercadoPago.settled();
    await drainJobs();
    expect((await orderRow(number))?.status).toBe('placed');

    // The reconciliation as the app's job scheduler runs it (a ScheduledTask, every MP_RECONCILE_INTERVAL_SECONDS).
    const reconcile = runtime.container.getAll<ScheduledTask>(TOKENS.ScheduledTask).find((task) => task.name === 'payments.reconcile');
    expect(await reconcile?.run()).toBeGreaterThanOrEqual(1);
    expect((await orderRow(number))?.status).toBe('paid');
  });

  it('a forged notification is refused with 401 by the app and changes nothing', async () => {
    const { number, payUrl } = await orderThroughChat();
    const before = await orderRow(number);
    mercadoPago.injectWebhookFault({ kind: 'forge' });
    const { paymentId } = await mercadoPago.pay(payUrl, 'approve');
    await mercadoPago.settled();
    await drainJobs();
    expect(mercadoPago.notifications({ dataId: paymentId })[0]?.attempts.every((status) => status === 401)).toBe(true);
    expect(await orderRow(number)).toEqual(before);
    expect(await paymentsOf(before?.id ?? '')).toEqual([]);
  });
});
