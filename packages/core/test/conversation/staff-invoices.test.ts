// The order's ARCA vouchers in the staff menu, and the retry of a rejected one.
import { describe, expect, it } from 'vitest';
import { InMemoryExclusiveLocks, InMemoryInvoiceAuthorizer, RecordingLogger } from '../../../testkit/src/memory/index.js';
import {
  type Actor,
  AdapterError,
  createInvoicingUseCases,
  type InvoiceAuthorizer,
  type InvoicingUseCases,
  type IssuerProfile,
  money,
  type Role,
  type VoucherRequest,
  type VoucherType,
} from '../../src/index.js';
import { aConversationShop, type ConversationShop, TELEGRAM_LIKE, TestChat } from './chat-harness.js';

const SYSTEM: Actor = { kind: 'system' };

const ISSUER: IssuerProfile = {
  cuit: '20111111112',
  pointOfSale: 1,
  legalName: 'Almacén Don Pepe SRL',
  address: 'Av. Santa Fe 1234, CABA',
  ivaCondition: 'RESPONSABLE_INSCRIPTO',
  grossIncomeNumber: '901-123456-7',
  activityStartDate: '2019-07-01',
};

/**
 * ARCA that can stop answering: `down` fails every call as a connection that failed would;
 * `lose-then-down` authorizes the next voucher, loses the answer, and then goes down.
 */
class SilenceableArca implements InvoiceAuthorizer {
  state: 'up' | 'down' | 'lose-then-down' = 'up';
  readonly inner = new InMemoryInvoiceAuthorizer();
  authorizations = 0;

  private answer(): void {
    if (this.state === 'down') throw new AdapterError('INVOICING.UNAVAILABLE', 'ARCA did not answer (connection failed)', true);
  }

  async lastAuthorizedNumber(pointOfSale: number, type: VoucherType) {
    this.answer();
    return this.inner.lastAuthorizedNumber(pointOfSale, type);
  }

  async lookup(pointOfSale: number, type: VoucherType, number: number) {
    this.answer();
    return this.inner.lookup(pointOfSale, type, number);
  }

  async authorize(request: VoucherRequest) {
    this.answer();
    this.authorizations += 1;
    const result = await this.inner.authorize(request);
    if (this.state !== 'lose-then-down') return result;
    this.state = 'down';
    throw new AdapterError('INVOICING.OUTCOME_UNKNOWN', 'ARCA did not answer (timed out); the request may have been processed', true);
  }
}

/** A shop whose engine knows invoicing; `configure` swaps what issues (the threshold stands in for a cause staff fix). */
const anInvoicingShop = () => {
  const authorizer = new SilenceableArca();
  const locks = new InMemoryExclusiveLocks();
  let current: InvoicingUseCases | null = null;
  const issuance = (): InvoicingUseCases => {
    if (!current) throw new Error('invoicing is not configured yet');
    return current;
  };
  // The engine is built with the shop; the use cases need the shop's unit of work: a delegate bridges the two.
  const delegate: InvoicingUseCases = {
    invoiceOrder: (orderId) => issuance().invoiceOrder(orderId),
    creditOrder: (orderId) => issuance().creditOrder(orderId),
    retry: (actor, orderId) => issuance().retry(actor, orderId),
    listForOrder: (actor, orderId) => issuance().listForOrder(actor, orderId),
    recoverPending: () => issuance().recoverPending(),
  };
  const shop = aConversationShop({ engine: { invoicing: delegate } });
  const configure = (anonymousThresholdCents: number): InvoicingUseCases => {
    current = createInvoicingUseCases({
      uow: shop.uow,
      authorizer,
      locks,
      clock: shop.clock,
      ids: shop.ids,
      issuer: ISSUER,
      anonymousThresholdCents,
      logger: new RecordingLogger(),
    });
    return current;
  };
  return { shop, authorizer, configure };
};

const linkedStaff = async (shop: ConversationShop, name: string, roles: readonly Role[], chatId: string) => {
  const user = await shop.useCases.staff.createUser(SYSTEM, {
    email: `${name.toLowerCase()}@shop.example`,
    name,
    password: 'correct horse battery',
    roles,
  });
  const { code } = await shop.useCases.staff.createChatLinkCode({ kind: 'staff', userId: user.id, roles: user.roles });
  const chat = new TestChat(shop, TELEGRAM_LIKE, { id: chatId, displayName: name, languageHint: 'es' });
  await chat.text(`/vincular ${code}`);
  return chat;
};

const RETRY = '🔁 Reintentar comprobante';

/** Ana orders one `product` for pickup as an anonymous consumidor final, in chat `chatId`; the shop's first order. */
const pickupOrderByAna = async (shop: ConversationShop, product: { readonly id: string }, chatId: string) => {
  const ana = new TestChat(shop, TELEGRAM_LIKE, { id: chatId, displayName: 'Ana', languageHint: 'es' });
  await ana.start(`p_${product.id}`);
  await ana.tap('Agregar al carrito');
  await ana.tap(/Ver carrito/);
  await ana.tap('Finalizar compra');
  await ana.tap(/^Usar Ana/);
  await ana.text('11 4444 5555');
  await ana.tap('Retiro en el local');
  await ana.tap('Consumidor final');
  await ana.tap('Confirmar pedido');
  const order = await shop.useCases.orders.getByNumber(SYSTEM, 1);
  if (!order) throw new Error('no order');
  return order;
};

describe('ARCA vouchers in the staff menu', () => {
  it('a rejected invoice shows ARCA’s reason; staff who move orders retry it (rejected again, then authorized); viewers only see it', async () => {
    const { shop, configure } = anInvoicingShop();
    const issuance = configure(1_000);
    const mate = await shop.seedProduct({ name: 'Mate imperial', price: money(25_000_00), stockOnHand: 10 });
    const marta = await linkedStaff(shop, 'Marta', ['clerk'], '6201');
    const vera = await linkedStaff(shop, 'Vera', ['viewer'], '6202');
    const order = await pickupOrderByAna(shop, mate, '6301');

    await marta.tap('Pedidos nuevos');
    await marta.tap(/^#1 /);
    await marta.tap('💵 Cobré $ 25.000,00 en efectivo');
    // An anonymous buyer above the threshold: refused before ARCA, stored with the reason.
    expect((await issuance.invoiceOrder(order.id)).status).toBe('rejected');

    await marta.tap('⬅️ Volver');
    await marta.tap(/^#1 /);
    expect(marta.screen.text).toContain('🧾 *Comprobantes ARCA*');
    expect(marta.screen.text).toContain('• Factura B: rechazado ($ 25.000,00)');
    expect(marta.screen.text).toContain('⚠️ ARCA: INVOICE.BUYER\\_REQUIRED a consumidor final must be identified');
    expect(marta.labels).toContain(RETRY);

    await vera.tap('Pedidos');
    await vera.tap(/^#1 /);
    expect(vera.screen.text).toContain('• Factura B: rechazado ($ 25.000,00)');
    expect(vera.labels).not.toContain(RETRY);

    // The cause is still there: rejected again, said so, and the retry stays offered.
    const again = await marta.tap(RETRY);
    expect(again.toast).toBe('ARCA lo volvió a rechazar: mirá el motivo en el pedido.');
    expect(marta.screen.text.match(/Factura B: rechazado/g)).toHaveLength(2);
    expect(marta.labels).toContain(RETRY);

    // Fixed (here: the threshold): the retry authorizes it, the order is invoiced, the button goes.
    configure(1_000_000_000);
    const done = await marta.tap(RETRY);
    expect(done.toast).toBe('Comprobante autorizado: Factura B 00001-00000001.');
    expect(marta.screen.text).toContain('• Factura B 00001-00000001: autorizado ($ 25.000,00)');
    expect(marta.screen.text).toMatch(/CAE \d{14}/);
    expect(marta.screen.text).toContain('Estado: *Facturado*');
    expect(marta.labels).not.toContain(RETRY);
    expect((await shop.useCases.orders.get(SYSTEM, order.id))?.status).toBe('invoiced');
  });

  it('ARCA silent during a retry: nothing issued is said so; a voucher left pending is said so, offered again, and reconciled (not sent twice)', async () => {
    const { shop, authorizer, configure } = anInvoicingShop();
    const issuance = configure(1_000);
    const mate = await shop.seedProduct({ name: 'Mate imperial', price: money(25_000_00), stockOnHand: 10 });
    const marta = await linkedStaff(shop, 'Marta', ['clerk'], '6211');
    const order = await pickupOrderByAna(shop, mate, '6311');
    await marta.tap('Pedidos nuevos');
    await marta.tap(/^#1 /);
    await marta.tap('💵 Cobré $ 25.000,00 en efectivo');
    expect((await issuance.invoiceOrder(order.id)).status).toBe('rejected');
    configure(1_000_000_000);
    await marta.tap('⬅️ Volver');
    await marta.tap(/^#1 /);

    // ARCA down: the retry numbers nothing and stores nothing; staff are told, and may retry.
    authorizer.state = 'down';
    const down = await marta.tap(RETRY);
    expect(down.toast).toBe('ARCA no responde: no se emitió ningún comprobante. Probá de nuevo en unos minutos.');
    expect((await issuance.listForOrder(SYSTEM, order.id)).map((voucher) => voucher.status)).toEqual(['rejected']);
    expect(marta.labels).toContain(RETRY);
    expect(authorizer.authorizations).toBe(0);

    // ARCA takes the voucher, the answer is lost and ARCA goes silent: it stays pending with its number.
    authorizer.state = 'lose-then-down';
    const lost = await marta.tap(RETRY);
    expect(lost.toast).toBe('ARCA no respondió: el comprobante queda pendiente y se reintenta solo.');
    expect(marta.screen.text).toContain('• Factura B 00001-00000001: pendiente ($ 25.000,00)');
    expect(marta.labels).toContain(RETRY);
    expect(authorizer.authorizations).toBe(1);

    // ARCA answers again: the retry reconciles the pending voucher (ARCA's CAE adopted), never sends it again.
    authorizer.state = 'up';
    const done = await marta.tap(RETRY);
    expect(done.toast).toBe('Comprobante autorizado: Factura B 00001-00000001.');
    expect(authorizer.authorizations).toBe(1);
    expect(await authorizer.inner.lastAuthorizedNumber(1, 'FACTURA_B')).toBe(1);
    const vouchers = await issuance.listForOrder(SYSTEM, order.id);
    expect(vouchers.map((voucher) => [voucher.status, voucher.number])).toEqual([
      ['rejected', 0],
      ['authorized', 1],
    ]);
    expect(vouchers[1]?.cae).toBe((await authorizer.inner.lookup(1, 'FACTURA_B', 1))?.cae);
    expect(marta.labels).not.toContain(RETRY);
    expect((await shop.useCases.orders.get(SYSTEM, order.id))?.status).toBe('invoiced');
  });
});
