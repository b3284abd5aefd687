import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Actor, type Invoice, money, type Order, TOKENS } from '@mostrador/core';
import { ArcaEmulator, createArcaTestPki } from '@mostrador/testkit/arca';
import { type EmulatedBot, TelegramEmulator, type TelegramTestUser, type TgMessage } from '@mostrador/testkit/telegram';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AppRuntime, compose } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { modulesFromConfig } from '../src/modules.js';
import { createTestDatabase, type TestDatabase } from './support/postgres-database.js';

/*
 * ARCA vouchers in the chat, end to end: the Telegram emulator and the real grammY adapter, the
 * ARCA emulator behind the direct adapter, the real WeasyPrint renderer, the app's own job queue
 * and outbox dispatcher, and PostgreSQL. Staff take the cash in the staff menu; the customer gets
 * the invoice PDF; a partial refund from the staff menu sends the credit note, whose PDF names
 * the invoice it credits; an invoice ARCA rejected is shown to staff and retried from the menu;
 * a retry while ARCA is down or silent is told plainly to staff and completed later (by a retry or
 * the reconciliation job) with no gap and nothing sent twice.
 */

const run = promisify(execFile);
const SYSTEM: Actor = { kind: 'system' };
const WAIT = { timeoutMs: 45_000 };
const CUIT = '20111111112';

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

const pdfText = async (pdf: Uint8Array): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'mostrador-voucher-'));
  try {
    await writeFile(join(dir, 'v.pdf'), pdf);
    return (await run('pdftotext', ['-layout', join(dir, 'v.pdf'), '-'])).stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

/** Polls until `read` satisfies `done` (the outbox and the job queue run after the tap returns). */
const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
  for (let attempt = 0; ; attempt += 1) {
    const value = await read();
    if (done(value) || attempt >= 300) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('ARCA vouchers in the Telegram chat (emulators, WeasyPrint, PostgreSQL)', () => {
  let database: TestDatabase;
  let telegram: TelegramEmulator;
  let arca: ArcaEmulator;
  let bot: EmulatedBot;
  let runtime: AppRuntime;
  let marta: TelegramTestUser;
  let nextUserId = 830_000_001;
  let productId = '';

  const useCases = () => runtime.resolve(TOKENS.UseCases);
  const vouchersOf = (orderId: string): Promise<Invoice[]> => runtime.resolve(TOKENS.UnitOfWork).repositories.invoices.listByOrder(orderId);

  /** Taps a button, then waits for a bot message sent or edited since the tap that matches `shows`. */
  const tap = async (user: TelegramTestUser, label: string | RegExp, shows: RegExp): Promise<TgMessage> => {
    await user.tapButton(label);
    const found = await user.waitForMessages((candidate) => shows.test(textOf(candidate)), WAIT);
    return found[found.length - 1] as TgMessage;
  };

  /** A customer who opened the chat, with an order of two hammers placed for them (not yet paid). */
  const customerWithOrder = async (firstName: string): Promise<{ user: TelegramTestUser; order: Order }> => {
    const user = telegram.user({ id: nextUserId++, firstName, lastName: 'Prueba', languageCode: 'es', bot: bot.username });
    await user.sendCommand('start');
    await user.waitForMessages((message) => /bienvenida/i.test(textOf(message)), WAIT);
    const customer = await useCases().customers.findByIdentity({ channel: 'telegram', userId: String(user.id) });
    if (!customer) throw new Error('the customer was not created');
    await useCases().cart.add(customer.id, 'telegram', productId, 2);
    const order = await useCases().orders.place({
      customerId: customer.id,
      channel: 'telegram',
      contact: { name: `${firstName} Prueba`, phone: '+5491155550000' },
      delivery: { method: 'pickup', address: null },
      billing: null,
    });
    return { user, order };
  };

  /** Marta opens the order in the staff menu. */
  const openOrder = async (order: Order): Promise<TgMessage> => {
    await marta.sendCommand('staff');
    await marta.waitForMessages((message) => /Menú staff/.test(textOf(message)) && message.reply_markup !== undefined, WAIT);
    await tap(marta, /Pedidos$/, /Pedidos — Todos/);
    return tap(marta, new RegExp(`^#${order.number} `), new RegExp(`Pedido #${order.number}`));
  };

  /** The next document the bot sends `user` whose caption matches `caption`, with its bytes. */
  const documentFor = async (user: TelegramTestUser, caption: RegExp) => {
    const [message] = await user.waitForMessages((candidate) => candidate.document !== undefined && caption.test(textOf(candidate)), WAIT);
    const document = message?.document;
    if (!message || !document) throw new Error('no document');
    const file = telegram.file(document.file_id);
    if (!file) throw new Error('the document is not stored in the emulator');
    return { message, fileName: document.file_name ?? '', mimeType: file.mimeType, bytes: new Uint8Array(file.bytes) };
  };

  /** An order paid in cash from the staff menu whose invoice ARCA rejected (10004): the retry is offered. */
  const rejectedOrder = async (firstName: string): Promise<{ user: TelegramTestUser; order: Order }> => {
    const placed = await customerWithOrder(firstName);
    arca.injectFault({ kind: 'reject', method: 'FECAESolicitar', code: 10004, message: 'El campo PtoVta no es valido.' });
    await openOrder(placed.order);
    await tap(marta, /Cobré .* en efectivo/, /Pago registrado|Pedido #/);
    const vouchers = await eventually(
      () => vouchersOf(placed.order.id),
      (list) => list[0]?.status === 'rejected',
    );
    expect(vouchers.map((voucher) => voucher.status)).toEqual(['rejected']);
    return placed;
  };

  const buttonsOf = (message: TgMessage): string[] => message.reply_markup?.inline_keyboard.flat().map((button) => button.text) ?? [];
  const voucherNumber = (number: number) => `00001-${String(number).padStart(8, '0')}`;
  const numbersAtArca = () => arca.vouchers(CUIT, 1, 6).map((voucher) => voucher.number);
  const upTo = (last: number) => Array.from({ length: last }, (_, i) => i + 1);

  beforeAll(async () => {
    database = await createTestDatabase('mostrador_t');
    telegram = new TelegramEmulator();
    await telegram.start();
    bot = telegram.createBot({ username: 'tornillo_arca_bot', firstName: 'Ferretería El Tornillo' });
    const pki = createArcaTestPki();
    const signer = pki.issueSigner(CUIT);
    arca = await ArcaEmulator.start({ trustedCaPem: pki.ca.certificatePem });
    const port = await freePort();
    const config = loadConfig({
      DATABASE_URL: database.url,
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      SHOP_NAME: 'Ferretería El Tornillo',
      SHOP_CUIT: CUIT,
      ARCA_CERT: signer.certificatePem,
      ARCA_KEY: signer.privateKeyPem,
      ARCA_WSAA_URL: arca.wsaaUrl,
      ARCA_WSFE_URL: arca.wsfeUrl,
      SHOP_ACTIVITY_START: '2019-07-01',
      PDF_RENDERER: 'auto',
      // Vouchers left pending are reconciled every second (the default is a minute).
      ARCA_RECONCILE_INTERVAL_SECONDS: '1',
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
    const category = await useCases().catalog.saveCategory(SYSTEM, { slug: 'herramientas', name: 'Herramientas', position: 0 });
    const product = await useCases().catalog.createProduct(SYSTEM, {
      sku: 'HER-0002',
      name: 'Martillo galponero',
      categoryId: category.id,
      price: money(12_100_00),
      vatRate: 2100,
      stockOnHand: 50,
      active: true,
    });
    productId = product.id;
    const owner = await useCases().staff.createUser(SYSTEM, {
      email: 'marta@tornillo.example',
      name: 'Marta',
      password: 'correct horse battery',
      roles: ['owner'],
    });
    const { code } = await useCases().staff.createChatLinkCode({ kind: 'staff', userId: owner.id, roles: owner.roles });
    marta = telegram.user({ id: nextUserId++, firstName: 'Marta', languageCode: 'es', bot: bot.username });
    await marta.sendCommand('vincular', code);
    await marta.waitForMessages((message) => /Menú staff/.test(textOf(message)), WAIT);
  }, 120_000);

  // A failed test must not leave ARCA down for the next one.
  afterEach(() => arca?.clearFaults());

  afterAll(async () => {
    await runtime?.stop();
    await arca?.stop();
    await telegram?.stop();
    await database?.drop();
  });

  it('staff take the cash in the chat; the customer gets the invoice PDF with its CAE; a partial refund sends the credit note naming the invoice', async () => {
    const { user: ana, order } = await customerWithOrder('Ana');
    await openOrder(order);
    await tap(marta, /Cobré .* en efectivo/, /Pago registrado|Pedido #/);

    // The outbox delivers order.paid to the invoicing subscriber, then invoice.authorized to the chat.
    const invoiceMessage = await documentFor(ana, /Factura B 00001-00000001/);
    const [invoice] = await eventually(
      () => vouchersOf(order.id),
      (list) => list[0]?.status === 'authorized',
    );
    expect(invoice?.cae).toMatch(/^\d{14}$/);
    expect(textOf(invoiceMessage.message)).toContain(`CAE ${invoice?.cae}`);
    expect(textOf(invoiceMessage.message)).toContain('$ 24.200,00');
    expect(invoiceMessage.mimeType).toBe('application/pdf');
    expect(invoiceMessage.fileName).toBe('factura-b-00001-00000001.pdf');
    expect(Buffer.from(invoiceMessage.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const invoiceText = await pdfText(invoiceMessage.bytes);
    expect(invoiceText).toContain(invoice?.cae as string);
    expect(invoiceText).toContain('FACTURA');
    expect(invoiceText).toContain('00001-00000001');
    // Told once, with the voucher: no second "your invoice is ready" text from order.invoiced.
    expect(ana.botMessages().filter((message) => /factura/i.test(textOf(message)))).toHaveLength(1);

    // Marta gives one hammer back from the staff menu: a partial refund, credited with a Nota de Crédito B.
    await openOrder(order);
    await tap(marta, /Reembolsar 1 × Martillo/, /Pedido #/);
    const note = await documentFor(ana, /Nota de crédito B 00001-00000001/);
    expect(textOf(note.message)).toContain('$ 12.100,00');
    expect(textOf(note.message)).toContain('Factura B 00001-00000001');
    const noteText = await pdfText(note.bytes);
    expect(noteText).toContain('NOTA DE CRÉDITO');
    expect(noteText).toMatch(/Comprobante asociado\s+FACTURA B 00001-00000001/);
    expect(noteText).toContain('Devolución parcial');
    expect(arca.vouchers(CUIT, 1, 8)).toEqual([
      expect.objectContaining({ total: 12_100_00, associated: [{ type: 6, pointOfSale: 1, number: 1 }] }),
    ]);
    expect((await useCases().orders.get(SYSTEM, order.id))?.status).toBe('invoiced');
  }, 120_000);

  it('an invoice ARCA rejected is shown to staff with ARCA’s code and retried from the staff menu; the customer then gets it', async () => {
    const { user: bruno, order } = await customerWithOrder('Bruno');
    // ARCA refuses the next authorization (the point of sale not yet enabled for web services).
    arca.injectFault({ kind: 'reject', method: 'FECAESolicitar', code: 10004, message: 'El campo PtoVta no es valido.' });
    await openOrder(order);
    await tap(marta, /Cobré .* en efectivo/, /Pago registrado|Pedido #/);
    const rejected = await eventually(
      () => vouchersOf(order.id),
      (list) => list[0]?.status === 'rejected',
    );
    expect(rejected.map((voucher) => [voucher.voucherType, voucher.status, voucher.errors.map((e) => e.code)])).toEqual([
      ['FACTURA_B', 'rejected', ['10004']],
    ]);
    expect((await useCases().orders.get(SYSTEM, order.id))?.status).toBe('paid');

    // Marta is alerted in her chat, and opens the order from the alert.
    const [alert] = await marta.waitForMessages((message) => /ARCA rechazó la Factura B/.test(textOf(message)), WAIT);
    expect(textOf(alert as TgMessage)).toContain(`pedido #${order.number}: 10004 El campo PtoVta no es valido.`);
    const screen = await tap(marta, '📋 Ver pedido', new RegExp(`Pedido #${order.number}[\\s\\S]*Comprobantes ARCA`));
    expect(textOf(screen)).toContain('Comprobantes ARCA');
    expect(textOf(screen)).toMatch(/Factura B: rechazado/);
    expect(textOf(screen)).toContain('10004 El campo PtoVta no es valido.');
    const after = await tap(marta, '🔁 Reintentar comprobante', /Factura B 00001-00000002: autorizado/);
    expect(textOf(after)).toMatch(/CAE \d{14}/);
    expect(after.reply_markup?.inline_keyboard.flat().map((button) => button.text)).not.toContain('🔁 Reintentar comprobante');
    expect((await useCases().orders.get(SYSTEM, order.id))?.status).toBe('invoiced');

    const delivered = await documentFor(bruno, /Factura B 00001-00000002/);
    expect(await pdfText(delivered.bytes)).toContain('00001-00000002');
  }, 120_000);

  it('ARCA down during a staff retry: staff are told nothing was issued, the retry stays offered, and a later retry authorizes the next number', async () => {
    const { user: carla, order } = await rejectedOrder('Carla');
    const next = arca.lastNumber(CUIT, 1, 6) + 1;
    const sent = arca.callsTo('FECAESolicitar').length;
    // ARCA is down: every connection is cut before anything is done.
    arca.injectFault({ kind: 'drop-before', times: 1_000 });
    await openOrder(order);
    const told = await tap(marta, '🔁 Reintentar comprobante', /ARCA no responde/);
    expect(textOf(told)).toContain('ARCA no responde: no se emitió ningún comprobante. Probá de nuevo en unos minutos.');
    // Nothing was stored or sent: the rejected voucher is still the order's only one.
    expect((await vouchersOf(order.id)).map((voucher) => voucher.status)).toEqual(['rejected']);
    expect(arca.callsTo('FECAESolicitar')).toHaveLength(sent);
    expect(numbersAtArca()).toEqual(upTo(next - 1));
    expect((await useCases().orders.get(SYSTEM, order.id))?.status).toBe('paid');

    // ARCA is back: the order still offers the retry, which takes the next number.
    arca.clearFaults();
    expect(buttonsOf(await openOrder(order))).toContain('🔁 Reintentar comprobante');
    const after = await tap(marta, '🔁 Reintentar comprobante', new RegExp(`Factura B ${voucherNumber(next)}: autorizado`));
    expect(textOf(after)).toMatch(/CAE \d{14}/);
    expect(numbersAtArca()).toEqual(upTo(next));
    expect((await useCases().orders.get(SYSTEM, order.id))?.status).toBe('invoiced');
    const delivered = await documentFor(carla, new RegExp(`Factura B ${voucherNumber(next)}`));
    expect(await pdfText(delivered.bytes)).toContain(voucherNumber(next));
  }, 120_000);

  it('ARCA takes a retried voucher but its answer is lost and it stays silent: staff are told it is pending; the reconciliation job adopts ARCA’s CAE, same number, never sent twice', async () => {
    const { user: dario, order } = await rejectedOrder('Darío');
    const next = arca.lastNumber(CUIT, 1, 6) + 1;
    const sent = arca.callsTo('FECAESolicitar').length;
    // ARCA authorizes the voucher and the answer never comes (what a timeout leaves); then it stops
    // answering the reads reconciliation needs (the first read, to number the voucher, gets through).
    arca.injectFault({ kind: 'drop-after-commit', method: 'FECAESolicitar' });
    arca.injectFault({ kind: 'drop-before', method: 'FECompUltimoAutorizado', skip: 1, times: 1_000 });
    await openOrder(order);
    const told = await tap(marta, '🔁 Reintentar comprobante', /ARCA no respondió/);
    expect(textOf(told)).toContain('ARCA no respondió: el comprobante queda pendiente y se reintenta solo.');
    const [, pending] = await vouchersOf(order.id);
    expect([pending?.status, pending?.number]).toEqual(['pending', next]);
    expect(numbersAtArca()).toEqual(upTo(next));
    expect((await useCases().orders.get(SYSTEM, order.id))?.status).toBe('paid');

    // Staff see it pending, and may retry it (a pending voucher is reconciled first, never sent blind).
    const screen = await openOrder(order);
    expect(textOf(screen)).toContain(`Factura B ${voucherNumber(next)}: pendiente`);
    expect(buttonsOf(screen)).toContain('🔁 Reintentar comprobante');
    // The job keeps asking ARCA while it is silent, and leaves the voucher pending.
    const reads = arca.callsTo('FECompUltimoAutorizado').length;
    await eventually(
      async () => arca.callsTo('FECompUltimoAutorizado').length,
      (count) => count >= reads + 2,
    );
    expect(arca.callsTo('FECompUltimoAutorizado').length).toBeGreaterThanOrEqual(reads + 2);
    expect((await vouchersOf(order.id))[1]?.status).toBe('pending');

    // ARCA answers again: the job finds the voucher at ARCA and adopts its CAE.
    arca.clearFaults();
    const done = await eventually(
      () => vouchersOf(order.id),
      (list) => list[1]?.status === 'authorized',
    );
    expect(done[1]).toMatchObject({ id: pending?.id, number: next, status: 'authorized', cae: arca.vouchers(CUIT, 1, 6)[next - 1]?.cae });
    expect(arca.callsTo('FECAESolicitar')).toHaveLength(sent + 1);
    expect(numbersAtArca()).toEqual(upTo(next));
    expect((await useCases().orders.get(SYSTEM, order.id))?.status).toBe('invoiced');
    const delivered = await documentFor(dario, new RegExp(`Factura B ${voucherNumber(next)}`));
    expect(await pdfText(delivered.bytes)).toContain(voucherNumber(next));
  }, 120_000);
});
