import {
  type Actor,
  createCounterSaleUseCases,
  createUseCases,
  DEFAULT_SHOP_SETTINGS,
  type Invoice,
  type InvoicingUseCases,
  invoicingSubscriber,
  money,
  type Order,
  type UseCases,
} from '@mostrador/core';
import { ArcaEmulator, type ArcaTestPki, type ArcaTestSigner, createArcaTestPki } from '@mostrador/testkit/arca';
import {
  createInMemoryPersistence,
  FakePasswordHasher,
  FakeSecretTokens,
  InMemoryAccessTicketStore,
  InMemoryExclusiveLocks,
  SequentialIdGenerator,
} from '@mostrador/testkit/memory';
import { aProduct, aTaxProfile } from '@mostrador/testkit/mothers';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { directAuthorizer, ISSUER_CUIT, invoicing, issuerProfile } from './support/issuance.js';

/*
 * Refunds after invoicing, end to end in core against the ARCA emulator: a counter sale is paid,
 * its `order.paid` issues the invoice; staff refund part of the payment (a `payment.refunded`
 * event), then the rest (`payment.refunded` and `order.refunded`). Every event goes through the
 * `invoicing` subscriber as the outbox dispatcher delivers it — twice, as at-least-once delivery may.
 */

let pki: ArcaTestPki;
let signer: ArcaTestSigner;
let emulator: ArcaEmulator;
/** One ticket store per test, shared by its shops (ARCA gives one ticket per certificate at a time). */
let tickets: InMemoryAccessTicketStore;

const CLERK: Actor = { kind: 'staff', userId: 'staff-clerk', roles: ['clerk'] };
const MANAGER: Actor = { kind: 'staff', userId: 'staff-manager', roles: ['manager'] };

beforeAll(() => {
  pki = createArcaTestPki();
  signer = pki.issueSigner(ISSUER_CUIT);
});

beforeEach(async () => {
  emulator = await ArcaEmulator.start({ trustedCaPem: pki.ca.certificatePem });
  tickets = new InMemoryAccessTicketStore();
});

afterEach(async () => {
  await emulator.stop();
});

const aShop = (issuer = issuerProfile()) => {
  const clock = { now: () => new Date() };
  const { uow, search } = createInMemoryPersistence({ clock });
  const deps = {
    uow,
    search,
    clock,
    ids: new SequentialIdGenerator(),
    passwords: new FakePasswordHasher(),
    secrets: new FakeSecretTokens(),
    settings: DEFAULT_SHOP_SETTINGS,
  };
  const locks = new InMemoryExclusiveLocks();
  const useCases: UseCases = createUseCases(deps);
  const counter = createCounterSaleUseCases(deps);
  const issuance: InvoicingUseCases = invoicing({
    uow,
    locks,
    issuer,
    authorizer: directAuthorizer(emulator, signer, { store: tickets, locks }),
  });
  const subscriber = invoicingSubscriber(issuance);
  let delivered = 0;
  /** Delivers every outbox event written since the last call to the invoicing subscriber, twice. */
  const dispatch = async (): Promise<string[]> => {
    const records = (await uow.repositories.outbox.pending(1000)).slice(delivered);
    delivered += records.length;
    const handled: string[] = [];
    for (const record of records) {
      if (!subscriber.eventTypes.includes(record.event.type)) continue;
      handled.push(record.event.type);
      await subscriber.handle(record.event);
      await subscriber.handle(record.event);
    }
    return handled;
  };
  const seed = async (price: number, vatRate: 0 | 1050 | 2100 | 2700, stock = 10) => {
    const product = aProduct({ price: money(price), vatRate, stockOnHand: stock, reserved: 0 });
    await uow.repositories.products.save(product);
    return product;
  };
  const vouchers = (orderId: string): Promise<Invoice[]> => uow.repositories.invoices.listByOrder(orderId);
  const order = async (id: string): Promise<Order> => (await uow.repositories.orders.get(id)) as Order;
  return { uow, useCases, counter, issuance, dispatch, seed, vouchers, order };
};

const refund = async (shop: ReturnType<typeof aShop>, orderId: string, amount: number | null, key: string) => {
  const [payment] = await shop.uow.repositories.payments.listByOrder(orderId);
  return shop.useCases.payments.refund(MANAGER, orderId, payment?.id ?? '', amount === null ? null : money(amount), key);
};

describe('credit notes for refunds after invoicing (ARCA emulator)', () => {
  it('a partial refund credits the refunded amount split per VAT rate; refunding the rest credits the rest and the order reaches refunded', async () => {
    const shop = aShop();
    // 2 × $121.00 at 21 % and 1 × $110.50 at 10.5 %: total $352.50.
    const tools = await shop.seed(12_100, 2100);
    const food = await shop.seed(11_050, 1050);
    const sale = await shop.counter.sell(CLERK, {
      lines: [
        { productId: tools.id, quantity: 2 },
        { productId: food.id, quantity: 1 },
      ],
      payment: { method: 'cash' },
    });
    expect(await shop.dispatch()).toEqual(['order.paid']);
    expect((await shop.order(sale.id)).status).toBe('invoiced');
    const [invoice] = await shop.vouchers(sale.id);
    expect([invoice?.voucherType, invoice?.number, invoice?.totals.total.amount]).toEqual(['FACTURA_B', 1, 35_250]);

    // Staff give back one hammer and a half: $141.00 of $352.50 (two fifths).
    await refund(shop, sale.id, 14_100, 'first');
    expect(await shop.dispatch()).toEqual(['payment.refunded']);
    expect((await shop.order(sale.id)).status).toBe('invoiced');
    const [firstNote] = emulator.vouchers(ISSUER_CUIT, 1, 8);
    // 2/5 of $242.00 at 21 % = $96.80 (base 80.00 + VAT 16.80); 2/5 of $110.50 at 10.5 % = $44.20 (base 40.00 + VAT 4.20).
    expect(firstNote).toMatchObject({
      number: 1,
      total: 14_100,
      net: 12_000,
      vat: 2_100,
      nonTaxed: 0,
      associated: [{ type: 6, pointOfSale: 1, number: 1 }],
    });
    expect(firstNote?.vatLines).toEqual([
      { id: 4, base: 4_000, amount: 420 },
      { id: 5, base: 8_000, amount: 1_680 },
    ]);

    // The rest: the payment is wholly refunded, the order moves invoiced → refunded (stock back).
    await refund(shop, sale.id, null, 'rest');
    expect((await shop.dispatch()).sort()).toEqual(['order.refunded', 'payment.refunded']);
    const refunded = await shop.order(sale.id);
    expect(refunded.status).toBe('refunded');
    expect(refunded.history.map((h) => h.to)).toEqual(['placed', 'paid', 'invoiced', 'refunded']);
    expect((await shop.uow.repositories.products.get(tools.id))?.stockOnHand).toBe(10);
    const notes = emulator.vouchers(ISSUER_CUIT, 1, 8);
    expect(notes.map((note) => [note.number, note.total])).toEqual([
      [1, 14_100],
      [2, 21_150],
    ]);
    // Together the notes credit exactly the invoice, per rate too.
    expect(notes.reduce((all, note) => all + note.total, 0)).toBe(35_250);
    const perRate = (id: number) =>
      notes
        .flatMap((note) => note.vatLines)
        .filter((line) => line.id === id)
        .reduce((all, line) => all + line.base + line.amount, 0);
    expect([perRate(5), perRate(4)]).toEqual([24_200, 11_050]);
    expect((await shop.vouchers(sale.id)).map((v) => [v.voucherType, v.number, v.status])).toEqual([
      ['FACTURA_B', 1, 'authorized'],
      ['NOTA_CREDITO_B', 1, 'authorized'],
      ['NOTA_CREDITO_B', 2, 'authorized'],
    ]);
    // Nothing is left to credit: another delivery, or staff's retry, issues nothing.
    expect((await shop.issuance.creditOrder(sale.id)).status).toBe('authorized');
    expect((await shop.issuance.retry(CLERK, sale.id)).status).toBe('authorized');
    expect(emulator.vouchers(ISSUER_CUIT, 1, 8)).toHaveLength(2);
  });

  it('a whole refund of an invoiced order credits the whole invoice with its own amounts, once', async () => {
    const shop = aShop();
    const product = await shop.seed(36_300, 2100);
    const sale = await shop.counter.sell(CLERK, { lines: [{ productId: product.id, quantity: 1 }], payment: { method: 'debit_card' } });
    await shop.dispatch();
    await refund(shop, sale.id, null, 'all');
    await shop.dispatch();
    expect((await shop.order(sale.id)).status).toBe('refunded');
    const [invoice, note] = await shop.vouchers(sale.id);
    expect(note?.totals).toEqual(invoice?.totals);
    expect(emulator.vouchers(ISSUER_CUIT, 1, 8)).toEqual([
      expect.objectContaining({ number: 1, total: 36_300, net: 30_000, vat: 6_300, associated: [{ type: 6, pointOfSale: 1, number: 1 }] }),
    ]);
  });

  it('the credit note has the invoice’s class: Nota de Crédito A (3) for a Factura A, C (13) for a Factura C', async () => {
    const shop = aShop();
    const product = await shop.seed(12_100, 2100);
    const sale = await shop.counter.sell(CLERK, {
      lines: [{ productId: product.id, quantity: 2 }],
      billing: aTaxProfile({ documentNumber: '30500010912' }),
      payment: { method: 'transfer' },
    });
    await shop.dispatch();
    await refund(shop, sale.id, 12_100, 'one');
    await shop.dispatch();
    expect(emulator.vouchers(ISSUER_CUIT, 1, 3)).toEqual([
      expect.objectContaining({
        total: 12_100,
        net: 10_000,
        vat: 2_100,
        docType: 80,
        docNumber: '30500010912',
        associated: [{ type: 1, pointOfSale: 1, number: 1 }],
      }),
    ]);

    const monotributo = aShop(issuerProfile({ ivaCondition: 'MONOTRIBUTO' }));
    const item = await monotributo.seed(5_000, 2100);
    const small = await monotributo.counter.sell(CLERK, { lines: [{ productId: item.id, quantity: 3 }], payment: { method: 'cash' } });
    await monotributo.dispatch();
    await refund(monotributo, small.id, 5_000, 'one');
    await monotributo.dispatch();
    expect(emulator.vouchers(ISSUER_CUIT, 1, 13)).toEqual([
      expect.objectContaining({ total: 5_000, net: 5_000, vat: 0, vatLines: [], associated: [{ type: 11, pointOfSale: 1, number: 1 }] }),
    ]);
  });

  it('a delivered order refunded in full keeps its status (the goods are not assumed back) and its invoice is credited whole', async () => {
    const shop = aShop();
    const product = await shop.seed(24_200, 2100);
    const sale = await shop.counter.sell(CLERK, { lines: [{ productId: product.id, quantity: 1 }], payment: { method: 'cash' } });
    await shop.dispatch();
    await shop.useCases.orders.changeStatus(CLERK, sale.id, 'shipped', null);
    await shop.useCases.orders.changeStatus(CLERK, sale.id, 'delivered', null);
    await refund(shop, sale.id, null, 'all');
    expect(await shop.dispatch()).toEqual(['payment.refunded']);
    expect((await shop.order(sale.id)).status).toBe('delivered');
    expect((await shop.uow.repositories.products.get(product.id))?.stockOnHand).toBe(9);
    expect(emulator.vouchers(ISSUER_CUIT, 1, 8).map((note) => note.total)).toEqual([24_200]);
  });

  it('refunding a duplicate payment (money beyond the total) credits nothing and leaves the order invoiced', async () => {
    const shop = aShop();
    const product = await shop.seed(10_000, 2100);
    const sale = await shop.counter.sell(CLERK, { lines: [{ productId: product.id, quantity: 1 }], payment: { method: 'cash' } });
    await shop.dispatch();
    // The customer paid again by transfer: staff are told it needs a refund, and refund it.
    const { payment, outcome } = await shop.useCases.payments.recordManual(CLERK, sale.id, {
      method: 'transfer',
      amount: money(10_000),
      reference: 'duplicado',
      idempotencyKey: null,
    });
    expect(outcome.status).toBe('needs-refund');
    await shop.useCases.payments.refund(MANAGER, sale.id, payment.id, null, 'duplicate');
    expect(await shop.dispatch()).toEqual(['payment.refunded']);
    expect((await shop.order(sale.id)).status).toBe('invoiced');
    expect(emulator.vouchers(ISSUER_CUIT, 1, 8)).toEqual([]);
  });

  it('a refund before the invoice is authorized is credited as soon as the invoice is', async () => {
    const shop = aShop();
    const product = await shop.seed(10_000, 2100);
    const sale = await shop.counter.sell(CLERK, { lines: [{ productId: product.id, quantity: 2 }], payment: { method: 'cash' } });
    // ARCA is down when the order is paid: the invoice stays pending.
    emulator.injectFault({ kind: 'error-501', method: 'FECAESolicitar', times: 2 });
    await expect(shop.dispatch()).rejects.toMatchObject({ code: 'INVOICING.UNAVAILABLE' });
    await refund(shop, sale.id, 5_000, 'half');
    // The refund's event finds no authorized invoice: nothing to credit yet.
    expect(await shop.dispatch()).toEqual(['payment.refunded']);
    expect(emulator.vouchers(ISSUER_CUIT, 1, 8)).toHaveLength(0);
    // The retry of the paid order's invoice completes it, and the credit note follows at once.
    expect((await shop.issuance.invoiceOrder(sale.id)).status).toBe('authorized');
    expect(emulator.vouchers(ISSUER_CUIT, 1, 8).map((note) => note.total)).toEqual([5_000]);
  });
});
