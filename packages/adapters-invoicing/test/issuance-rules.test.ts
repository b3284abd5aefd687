import { arcaQrPayload, type InvoicingUseCases, money, type Order, transition } from '@mostrador/core';
import { ArcaEmulator, type ArcaTestPki, type ArcaTestSigner, createArcaTestPki } from '@mostrador/testkit/arca';
import { InMemoryAccessTicketStore, InMemoryExclusiveLocks, InMemoryUnitOfWork } from '@mostrador/testkit/memory';
import { anOrderLine, aTaxProfile } from '@mostrador/testkit/mothers';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aPaidOrder, directAuthorizer, ISSUER_CUIT, invoicing, issuerProfile } from './support/issuance.js';

/*
 * Core's issuance use case through the direct adapter against the ARCA emulator (in-memory
 * persistence): which letter, which amounts, which buyer, credit notes, rejections and retries.
 */

let pki: ArcaTestPki;
let signer: ArcaTestSigner;
let emulator: ArcaEmulator;
let uow: InMemoryUnitOfWork;
let locks: InMemoryExclusiveLocks;
let store: InMemoryAccessTicketStore;

beforeAll(() => {
  pki = createArcaTestPki();
  signer = pki.issueSigner(ISSUER_CUIT);
});

beforeEach(async () => {
  emulator = await ArcaEmulator.start({ trustedCaPem: pki.ca.certificatePem });
  uow = new InMemoryUnitOfWork();
  locks = new InMemoryExclusiveLocks();
  store = new InMemoryAccessTicketStore();
});

afterEach(async () => {
  await emulator.stop();
});

const useCases = (overrides: Partial<Parameters<typeof invoicing>[0]> = {}): InvoicingUseCases =>
  invoicing({ uow, locks, authorizer: directAuthorizer(emulator, signer, { store, locks }), ...overrides });

const stored = (type: number) => emulator.vouchers(ISSUER_CUIT, 1, type);
const outboxTypes = async () => (await uow.repositories.outbox.pending(100)).map((record) => record.event.type);
const staff = { kind: 'staff', userId: 'u1', roles: ['clerk'] } as const;

describe('issuance: which voucher, which amounts', () => {
  it('a Responsable Inscripto invoices an anonymous consumidor final with a Factura B; the order becomes invoiced', async () => {
    const order = await aPaidOrder(uow, { lines: [anOrderLine({ unitPrice: money(12_100), quantity: 2 })] });
    const outcome = await useCases().invoiceOrder(order.id);
    expect(outcome.status).toBe('authorized');
    if (outcome.status !== 'authorized') return;
    const { invoice } = outcome;
    expect([invoice.voucherType, invoice.number, invoice.status]).toEqual(['FACTURA_B', 1, 'authorized']);
    expect(invoice.cae).toMatch(/^\d{14}$/);
    expect(invoice.totals).toMatchObject({ total: money(24_200), net: money(20_000), vat: money(4_200) });
    const [voucher] = stored(6);
    expect(voucher).toMatchObject({
      number: 1,
      docType: 99,
      docNumber: '0',
      receiverCondition: 5,
      total: 24_200,
      net: 20_000,
      vat: 4_200,
      cae: invoice.cae,
    });
    expect(voucher?.vatLines).toEqual([{ id: 5, base: 20_000, amount: 4_200 }]);
    // The QR is ARCA's URL over the RG 4892 payload of what was authorized.
    const payload = JSON.parse(Buffer.from((invoice.qrPayload ?? '').split('?p=')[1] ?? '', 'base64').toString('utf8'));
    expect(payload).toEqual(
      arcaQrPayload({
        issueDate: invoice.issueDate,
        issuerCuit: ISSUER_CUIT,
        pointOfSale: 1,
        voucherType: 'FACTURA_B',
        number: 1,
        total: money(24_200),
        cae: invoice.cae as string,
      }),
    );
    expect((await uow.repositories.orders.get(order.id))?.status).toBe('invoiced');
    expect(await outboxTypes()).toEqual(['invoice.authorized', 'order.invoiced']);
  });

  it('a Factura A to a Responsable Inscripto discriminates VAT per rate (21 %, 10.5 %, 27 %, 0 %) with discounts', async () => {
    const buyer = aTaxProfile({ documentNumber: '30500010912' });
    const order = await aPaidOrder(uow, {
      billing: buyer,
      lines: [
        anOrderLine({ unitPrice: money(12_100), unitDiscount: money(1_210), quantity: 3, vatRate: 2100 }),
        anOrderLine({ unitPrice: money(5_525), quantity: 2, vatRate: 1050 }),
        anOrderLine({ unitPrice: money(1_270), quantity: 1, vatRate: 2700 }),
        anOrderLine({ unitPrice: money(999), unitDiscount: money(99), quantity: 1, vatRate: 0 }),
      ],
    });
    const outcome = await useCases().invoiceOrder(order.id);
    expect(outcome.status).toBe('authorized');
    const [voucher] = stored(1);
    expect(voucher).toMatchObject({ docType: 80, docNumber: '30500010912', receiverCondition: 1, total: 32_670 + 11_050 + 1_270 + 900 });
    expect(voucher?.vatLines).toEqual([
      { id: 3, base: 900, amount: 0 },
      { id: 4, base: 10_000, amount: 1_050 },
      { id: 5, base: 27_000, amount: 5_670 },
      { id: 6, base: 1_000, amount: 270 },
    ]);
    expect(voucher && voucher.net + voucher.vat + voucher.nonTaxed).toBe(voucher?.total);
  });

  it('a gross amount with no exact base keeps the leftover centavo in ImpTotConc, and ARCA accepts it', async () => {
    // No base gives $10.00 with 21 % (826 + 173 = 999, 827 + 174 = 1001 centavos): one centavo goes to ImpTotConc.
    const order = await aPaidOrder(uow, { lines: [anOrderLine({ unitPrice: money(1_000) })] });
    expect((await useCases().invoiceOrder(order.id)).status).toBe('authorized');
    expect(stored(6)[0]).toMatchObject({ total: 1_000, nonTaxed: 1, net: 826, vat: 173 });
  });

  it('a Monotributista issues a Factura C: the total as net, no VAT', async () => {
    const order = await aPaidOrder(uow, { billing: aTaxProfile({ documentNumber: '30500010912' }) });
    const outcome = await useCases({ issuer: issuerProfile({ ivaCondition: 'MONOTRIBUTO' }) }).invoiceOrder(order.id);
    expect(outcome.status === 'authorized' && outcome.invoice.voucherType).toBe('FACTURA_C');
    expect(stored(11)[0]).toMatchObject({ total: 100_000, net: 100_000, vat: 0, vatLines: [], receiverCondition: 1 });
  });

  it('an identified consumidor final (DNI) gets a Factura B with DocTipo 96 and condition 5', async () => {
    const buyer = aTaxProfile({
      documentType: 'DNI',
      documentNumber: '30123456',
      ivaCondition: 'CONSUMIDOR_FINAL',
      legalName: 'Ana Pérez',
    });
    const order = await aPaidOrder(uow, { billing: buyer });
    expect((await useCases().invoiceOrder(order.id)).status).toBe('authorized');
    expect(stored(6)[0]).toMatchObject({ docType: 96, docNumber: '30123456', receiverCondition: 5 });
  });

  it('an anonymous consumidor final above the threshold is refused before ARCA, stored with the reason; identified it passes', async () => {
    const lines = [anOrderLine({ unitPrice: money(50_000) })];
    const anonymous = await aPaidOrder(uow, { lines });
    const cases = useCases({ anonymousThresholdCents: 40_000 });
    const outcome = await cases.invoiceOrder(anonymous.id);
    expect(outcome.status).toBe('rejected');
    expect(outcome.status === 'rejected' && outcome.invoice.errors.map((e) => e.code)).toEqual(['INVOICE.BUYER_REQUIRED']);
    expect(emulator.callsTo('FECAESolicitar')).toHaveLength(0);
    expect((await uow.repositories.orders.get(anonymous.id))?.status).toBe('paid');
    const identified = await aPaidOrder(uow, {
      lines,
      billing: aTaxProfile({ documentType: 'DNI', documentNumber: '30123456', ivaCondition: 'CONSUMIDOR_FINAL' }),
    });
    expect((await cases.invoiceOrder(identified.id)).status).toBe('authorized');
    expect(stored(6).map((v) => v.number)).toEqual([1]);
  });

  it('a credit note for a refund after invoicing names the invoice and repeats its amounts', async () => {
    const order = await aPaidOrder(uow, { lines: [anOrderLine({ unitPrice: money(36_300) })] });
    const cases = useCases();
    const invoiced = await cases.invoiceOrder(order.id);
    const current = (await uow.repositories.orders.get(order.id)) as Order;
    await uow.repositories.orders.save(transition(current, 'refunded', { at: new Date(), by: 'system' }).order);
    const credit = await cases.creditOrder(order.id);
    expect(credit.status === 'authorized' && credit.invoice.voucherType).toBe('NOTA_CREDITO_B');
    expect(stored(8)[0]).toMatchObject({ number: 1, total: 36_300, associated: [{ type: 6, pointOfSale: 1, number: 1 }] });
    expect(invoiced.status === 'authorized' && invoiced.invoice.number).toBe(1);
    // Idempotent: a second delivery of the refund issues nothing more.
    expect((await cases.creditOrder(order.id)).status).toBe('authorized');
    expect(stored(8)).toHaveLength(1);
    expect((await uow.repositories.orders.get(order.id))?.status).toBe('refunded');
  });

  it('a credit note of a Factura A is a Nota de Crédito A; an order never invoiced gets none', async () => {
    const order = await aPaidOrder(uow, { billing: aTaxProfile({ documentNumber: '30500010912' }) });
    const cases = useCases();
    await cases.invoiceOrder(order.id);
    // Invoiced and not refunded: there is nothing to credit.
    expect(await cases.creditOrder(order.id)).toEqual({ status: 'skipped', reason: 'not-refunded' });
    const current = (await uow.repositories.orders.get(order.id)) as Order;
    await uow.repositories.orders.save(transition(current, 'refunded', { at: new Date(), by: 'system' }).order);
    expect((await cases.creditOrder(order.id)).status).toBe('authorized');
    expect(stored(3)[0]?.associated).toEqual([{ type: 1, pointOfSale: 1, number: 1 }]);
    const never = await aPaidOrder(uow);
    expect(await cases.creditOrder(never.id)).toEqual({ status: 'skipped', reason: 'not-invoiced' });
  });

  it('issuing twice (an event delivered again) authorizes one voucher; an unpaid order is skipped', async () => {
    const order = await aPaidOrder(uow);
    const cases = useCases();
    const first = await cases.invoiceOrder(order.id);
    const second = await cases.invoiceOrder(order.id);
    expect(second).toEqual(first);
    expect(stored(6)).toHaveLength(1);
    const placed = await aPaidOrder(uow, { status: 'placed' });
    await uow.repositories.orders.save({ ...placed, status: 'placed', version: 2 });
    expect(await cases.invoiceOrder(placed.id)).toEqual({ status: 'skipped', reason: 'not-paid' });
  });
});

describe('issuance: rejections and retries', () => {
  it('ARCA’s rejection leaves the order paid, not invoiced, with the codes stored; staff retry issues it under the same number', async () => {
    const order = await aPaidOrder(uow);
    // A voucher dated 10 days ago is refused by ARCA (10016: date out of range).
    const past = { now: () => new Date(Date.now() - 10 * 86_400_000) };
    const outcome = await useCases({ clock: past }).invoiceOrder(order.id);
    expect(outcome.status).toBe('rejected');
    if (outcome.status !== 'rejected') return;
    expect(outcome.invoice.errors).toEqual([
      expect.objectContaining({ code: '10016', message: expect.stringContaining('proximo a autorizar') }),
    ]);
    expect((await uow.repositories.orders.get(order.id))?.status).toBe('paid');
    expect(await outboxTypes()).toEqual(['invoice.rejected']);
    expect(stored(6)).toHaveLength(0);

    await expect(useCases().retry({ kind: 'staff', userId: 'v', roles: ['viewer'] }, order.id)).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN',
    });
    const retried = await useCases().retry(staff, order.id);
    expect(retried.status === 'authorized' && retried.invoice.number).toBe(1);
    expect((await useCases().listForOrder(staff, order.id)).map((i) => [i.status, i.number])).toEqual([
      ['rejected', 1],
      ['authorized', 1],
    ]);
    expect((await uow.repositories.orders.get(order.id))?.status).toBe('invoiced');
  });

  it('the customer who owns the order may read its vouchers; another customer may not', async () => {
    const order = await aPaidOrder(uow);
    await useCases().invoiceOrder(order.id);
    expect(await useCases().listForOrder({ kind: 'customer', customerId: order.customerId }, order.id)).toHaveLength(1);
    await expect(useCases().listForOrder({ kind: 'customer', customerId: 'someone-else' }, order.id)).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN',
    });
  });

  it('ARCA unavailable (501) on the first try: the voucher stays pending with its number, and the next attempt completes it', async () => {
    const order = await aPaidOrder(uow);
    const cases = useCases();
    emulator.injectFault({ kind: 'error-501', method: 'FECAESolicitar', times: 2 });
    await expect(cases.invoiceOrder(order.id)).rejects.toMatchObject({ code: 'INVOICING.UNAVAILABLE', retryable: true });
    const [pending] = await uow.repositories.invoices.listByOrder(order.id);
    expect([pending?.status, pending?.number]).toEqual(['pending', 1]);
    const outcome = await cases.invoiceOrder(order.id);
    expect(outcome.status === 'authorized' && outcome.invoice.id).toBe(pending?.id);
    expect(stored(6).map((v) => v.number)).toEqual([1]);
  });
});
