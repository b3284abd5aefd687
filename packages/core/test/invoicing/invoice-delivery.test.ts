// The `invoice-delivery` subscriber: the customer is told in the chat when a voucher is
// authorized, with its PDF when a renderer is configured, the text alone otherwise.
import { describe, expect, it } from 'vitest';
import { createInMemoryPersistence, FixedClock, RecordingLogger } from '../../../testkit/src/memory/index.js';
import { aCustomer, anInvoice, anOrder, anOrderLine, aStaffUser } from '../../../testkit/src/mothers/index.js';
import {
  AdapterError,
  type ChannelCapabilities,
  type Customer,
  channelRegistry,
  DEFAULT_SHOP_SETTINGS,
  type DocumentRenderer,
  type DomainEvent,
  type Invoice,
  type InvoiceDocument,
  invoiceDeliverySubscriber,
  invoicingEvent,
  money,
  type Order,
  type ReportDocument,
} from '../../src/index.js';
import { TELEGRAM_LIKE } from '../conversation/chat-harness.js';
import { RecordingChannel } from '../notifications/push-harness.js';

const AT = '2026-03-10T15:00:00.000Z';

/** Records the documents core hands over and answers bytes made from them; `failures` fail first. */
class RecordingRenderer implements DocumentRenderer {
  readonly invoices: InvoiceDocument[] = [];
  readonly failures: Error[] = [];
  async renderInvoice(document: InvoiceDocument): Promise<Uint8Array> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.invoices.push(document);
    return new TextEncoder().encode(`%PDF-1.7 ${document.voucher.kind} ${document.voucher.letter} ${document.voucher.number}`);
  }
  async renderReport(_report: ReportDocument): Promise<Uint8Array> {
    throw new Error('no reports here');
  }
}

const authorized = (order: Order, overrides: Partial<Invoice> = {}): Invoice =>
  anInvoice({
    orderId: order.id,
    status: 'authorized',
    cae: '76123456789012',
    caeDueDate: new Date('2026-03-20T03:00:00Z'),
    issueDate: new Date(AT),
    totals: {
      total: money(121_000),
      nonTaxed: money(0),
      net: money(100_000),
      exempt: money(0),
      otherTaxes: money(0),
      vat: money(21_000),
      vatBreakdown: [{ rate: 2100, base: money(100_000), amount: money(21_000) }],
    },
    ...overrides,
  });

const aDelivery = async (
  options: { renderer?: DocumentRenderer | null; customer?: Partial<Customer>; capabilities?: ChannelCapabilities } = {},
) => {
  const clock = new FixedClock(AT);
  const { uow } = createInMemoryPersistence({ clock });
  const channel = new RecordingChannel('telegram', options.capabilities ?? TELEGRAM_LIKE);
  const logger = new RecordingLogger();
  const customer = aCustomer({ language: 'es', ...options.customer });
  await uow.repositories.customers.save(customer);
  const order = anOrder({ customerId: customer.id, channel: 'telegram', lines: [anOrderLine({ unitPrice: money(121_000) })] });
  await uow.repositories.orders.save(order);
  const subscriber = invoiceDeliverySubscriber({
    uow,
    channels: channelRegistry([channel]),
    clock,
    settings: { ...DEFAULT_SHOP_SETTINGS, issuer: { ...DEFAULT_SHOP_SETTINGS.issuer, activityStart: '2019-07-01' } },
    renderer: options.renderer === undefined ? new RecordingRenderer() : options.renderer,
    logger,
  });
  /** Stores the voucher and delivers its `invoice.authorized` as the outbox does (through JSON). */
  const authorize = async (invoice: Invoice) => {
    await uow.repositories.invoices.save(invoice);
    const event = invoicingEvent('invoice.authorized', invoice, order, `00001-${String(invoice.number).padStart(8, '0')}`, clock.now());
    return JSON.parse(JSON.stringify(event)) as typeof event;
  };
  const chatId = customer.identities[0]?.userId ?? '';
  return { uow, channel, logger, customer, order, subscriber, authorize, chatId };
};

describe('the invoice in the customer’s chat', () => {
  it('an authorized invoice: its number, total and CAE in the customer’s language, with the PDF; once, however often the event comes', async () => {
    const renderer = new RecordingRenderer();
    const shop = await aDelivery({ renderer });
    const event = await shop.authorize(authorized(shop.order));
    await shop.subscriber.handle(event);
    await shop.subscriber.handle(event);
    const [message, ...more] = shop.channel.to(shop.chatId);
    expect(more).toEqual([]);
    expect(message?.text).toContain(`pedido *#${shop.order.number}*`);
    expect(message?.text).toContain('*Factura B 00001-00000001*');
    expect(message?.text).toContain('$ 1.210,00');
    expect(message?.text).toContain('CAE 76123456789012');
    expect(message?.text).toContain('Te la mandamos en PDF.');
    expect(message?.document?.fileName).toBe('factura-b-00001-00000001.pdf');
    expect(message?.document?.mimeType).toBe('application/pdf');
    expect(new TextDecoder().decode(message?.document?.bytes)).toBe('%PDF-1.7 invoice B 00001-00000001');
    // What core handed the renderer: the voucher as data, in the customer's language, no associated voucher.
    expect(renderer.invoices).toHaveLength(1);
    expect(renderer.invoices[0]).toMatchObject({
      locale: 'es',
      voucher: { kind: 'invoice', cae: '76123456789012', associated: null },
      issuer: { activityStart: '2019-07-01' },
    });
    expect(message?.choices?.flat().map((choice) => choice.label)).toEqual(['📦 Ver pedido']);
  });

  it('without a renderer (PDFs off) the text alone goes out', async () => {
    const shop = await aDelivery({ renderer: null, customer: { language: 'en' } });
    await shop.subscriber.handle(await shop.authorize(authorized(shop.order)));
    const [message] = shop.channel.to(shop.chatId);
    expect(message?.text).toContain('*Invoice B 00001-00000001*');
    expect(message?.text).toContain('CAE 76123456789012');
    expect(message?.text).not.toContain('PDF');
    expect(message?.document).toBeUndefined();
  });

  it('a channel that takes no documents gets the text alone; nothing is rendered for it', async () => {
    const renderer = new RecordingRenderer();
    const shop = await aDelivery({ renderer, capabilities: { ...TELEGRAM_LIKE, documents: false } });
    await shop.subscriber.handle(await shop.authorize(authorized(shop.order)));
    expect(shop.channel.to(shop.chatId).map((message) => message.document)).toEqual([undefined]);
    expect(renderer.invoices).toEqual([]);
  });

  it('a document the renderer refuses goes as text (logged); a busy renderer is retried, and the PDF then goes once', async () => {
    const renderer = new RecordingRenderer();
    const shop = await aDelivery({ renderer });
    renderer.failures.push(new AdapterError('DOCUMENT.RENDER_FAILED', 'WeasyPrint could not render it', false));
    await shop.subscriber.handle(await shop.authorize(authorized(shop.order)));
    expect(shop.channel.to(shop.chatId).map((message) => [message.text.includes('CAE'), message.document])).toEqual([[true, undefined]]);
    expect(shop.logger.lines.join('\n')).toContain('warn voucher PDF not rendered; the customer gets the text alone');

    const second = await aDelivery({ renderer });
    renderer.failures.push(new AdapterError('DOCUMENT.QUEUE_FULL', 'too many documents at once', true));
    const event = await second.authorize(authorized(second.order));
    await expect(second.subscriber.handle(event)).rejects.toMatchObject({ code: 'DOCUMENT.QUEUE_FULL' });
    expect(second.channel.to(second.chatId)).toEqual([]);
    // The claim was given back: the job queue's retry delivers it, with the PDF.
    await second.subscriber.handle(event);
    expect(second.channel.to(second.chatId).map((message) => message.document?.fileName)).toEqual(['factura-b-00001-00000001.pdf']);
  });

  it('a send lost after it left is not sent again (the chat may have it); a refused connection is given back and sent once on the retry', async () => {
    const shop = await aDelivery();
    shop.channel.dropping.set(shop.chatId, 1);
    const event = await shop.authorize(authorized(shop.order));
    await shop.subscriber.handle(event);
    await shop.subscriber.handle(event);
    expect(shop.channel.dropped.map((pushed) => pushed.message.document?.fileName)).toEqual(['factura-b-00001-00000001.pdf']);
    expect(shop.channel.to(shop.chatId)).toEqual([]);
    expect(shop.logger.lines.join('\n')).toContain('notification in doubt: the send failed without a refusal; not sent again');

    const refused = await aDelivery();
    refused.channel.down.set(refused.chatId, 1);
    const again = await refused.authorize(authorized(refused.order));
    await expect(refused.subscriber.handle(again)).rejects.toMatchObject({ code: 'CHANNEL.UNAVAILABLE' });
    await refused.subscriber.handle(again);
    await refused.subscriber.handle(again);
    expect(refused.channel.to(refused.chatId).map((message) => message.document?.fileName)).toEqual(['factura-b-00001-00000001.pdf']);
  });

  it('a credit note says its amount and names the invoice it credits; its PDF data carries that invoice', async () => {
    const renderer = new RecordingRenderer();
    const shop = await aDelivery({ renderer });
    await shop.uow.repositories.invoices.save(authorized(shop.order));
    const note = authorized(shop.order, {
      voucherType: 'NOTA_CREDITO_B',
      number: 1,
      cae: '76123456789099',
      totals: {
        total: money(60_500),
        nonTaxed: money(0),
        net: money(50_000),
        exempt: money(0),
        otherTaxes: money(0),
        vat: money(10_500),
        vatBreakdown: [{ rate: 2100, base: money(50_000), amount: money(10_500) }],
      },
    });
    await shop.subscriber.handle(await shop.authorize(note));
    const [message] = shop.channel.to(shop.chatId);
    expect(message?.text).toContain('*Nota de crédito B 00001-00000001*');
    expect(message?.text).toContain('$ 605,00');
    expect(message?.text).toContain('Factura B 00001-00000001');
    expect(message?.document?.fileName).toBe('nota-de-credito-b-00001-00000001.pdf');
    const document = renderer.invoices[0];
    expect(document?.voucher).toMatchObject({
      kind: 'credit-note',
      code: 8,
      associated: { type: 'FACTURA_B', code: 6, letter: 'B', kind: 'invoice', number: '00001-00000001' },
    });
    // Half of the invoice: the lines are the credited amount per VAT rate, not the order's products.
    expect(document?.lines).toEqual([
      { sku: '', name: '', quantity: 1, unitPrice: money(60_500), vatRate: 2100, total: money(60_500), kind: 'refund' },
    ]);
  });

  it('a rejection alerts linked staff who may retry, with ARCA’s reasons and a button to the order; once; viewers and unlinked staff are not alerted', async () => {
    const shop = await aDelivery();
    const marta = aStaffUser({ roles: ['clerk'], chatIdentity: { channel: 'telegram', userId: 'staff-1' } });
    const vera = aStaffUser({ roles: ['viewer'], chatIdentity: { channel: 'telegram', userId: 'staff-2' } });
    const olga = aStaffUser({ roles: ['owner'], chatIdentity: null });
    for (const user of [marta, vera, olga]) await shop.uow.repositories.staff.save(user);
    const rejected = anInvoice({
      orderId: shop.order.id,
      number: 0,
      status: 'rejected',
      errors: [{ code: '10004', message: 'El campo PtoVta no es valido.' }],
    });
    await shop.uow.repositories.invoices.save(rejected);
    const event = JSON.parse(JSON.stringify(invoicingEvent('invoice.rejected', rejected, shop.order, '', new Date(AT)))) as DomainEvent;
    await shop.subscriber.handle(event);
    await shop.subscriber.handle(event);
    const [alert, ...more] = shop.channel.to('staff-1');
    expect(more).toEqual([]);
    expect(alert?.text).toBe(
      `⚠️ ARCA rechazó la *Factura B* del pedido *#${shop.order.number}*: 10004 El campo PtoVta no es valido.\nEl pedido sigue pagado: corregí la causa y reintentalo desde el pedido.`,
    );
    expect(alert?.choices?.flat().map((choice) => choice.label)).toEqual(['📋 Ver pedido']);
    expect(shop.channel.to('staff-2')).toEqual([]);
    // The customer is not told about a rejection.
    expect(shop.channel.to(shop.chatId)).toEqual([]);
  });

  it('a walk-in at the counter (no chat) is told nothing', async () => {
    const shop = await aDelivery({ customer: { identities: [] } });
    await shop.subscriber.handle(await shop.authorize(authorized(shop.order)));
    expect(shop.channel.sent).toEqual([]);
  });
});
