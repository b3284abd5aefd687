import { ConflictError, money, type Order } from '@mostrador/core';
import { describe, expect, it } from 'vitest';
import { aCart, aCustomer, anInvoice, anOrder, anOrderLine, aPayment, aTaxProfile } from '../mothers/index.js';
import { allPages, byId, caught } from './lifecycle.js';
import type { ContractContext } from './persistence-under-test.js';

const AT = new Date('2025-03-10T12:00:00.000Z');
const MINUTE = 60_000;

const minutesAfter = (minutes: number): Date => new Date(AT.getTime() + minutes * MINUTE);

/** The next version of an order, as the lifecycle would produce it. */
const nextVersion = (order: Order, changes: Partial<Order> = {}): Order => ({ ...order, ...changes, version: order.version + 1 });

export const salesRepositoriesContract = ({ persistence }: ContractContext): void => {
  const repositories = () => persistence().uow.repositories;

  describe('customers', () => {
    it('finds a customer by id and by any of their channel identities; null when absent', async () => {
      const { customers } = repositories();
      const customer = aCustomer({
        identities: [
          { channel: 'telegram', userId: '111' },
          { channel: 'whatsapp', userId: '5491155550000' },
        ],
        taxProfile: aTaxProfile(),
        email: 'ana@example.com',
        phone: '+5491155550000',
        marketingConsent: true,
      });
      expect(await customers.get(customer.id)).toBeNull();
      expect(await customers.findByIdentity({ channel: 'telegram', userId: '111' })).toBeNull();
      await customers.save(customer);
      expect(await customers.get(customer.id)).toEqual(customer);
      expect(await customers.findByIdentity({ channel: 'whatsapp', userId: '5491155550000' })).toEqual(customer);
      expect(await customers.findByIdentity({ channel: 'whatsapp', userId: '111' })).toBeNull();
      const updated = { ...customer, name: 'Ana María', taxProfile: null };
      await customers.save(updated);
      expect(await customers.get(customer.id)).toEqual(updated);
    });

    it('lists by query (name, phone or email, any case) and consent, with paging totals', async () => {
      const { customers } = repositories();
      const ana = aCustomer({ name: 'Ana Pérez', marketingConsent: true });
      const bruno = aCustomer({ name: 'Bruno Díaz', email: 'bruno@example.com' });
      const carla = aCustomer({ name: 'Carla Gómez', phone: '+5493515550000', marketingConsent: true });
      for (const customer of [ana, bruno, carla]) await customers.save(customer);
      expect((await customers.list({ query: 'ana p' }, { offset: 0, limit: 10 })).items.map((c) => c.id)).toEqual([ana.id]);
      expect((await customers.list({ query: 'BRUNO@EXAMPLE' }, { offset: 0, limit: 10 })).items.map((c) => c.id)).toEqual([bruno.id]);
      expect((await customers.list({ query: '351555' }, { offset: 0, limit: 10 })).items.map((c) => c.id)).toEqual([carla.id]);
      const consenting = await customers.list({ marketingConsent: true }, { offset: 0, limit: 10 });
      expect(consenting.items.map((c) => c.id).sort()).toEqual([ana.id, carla.id].sort());
      const page = await customers.list({}, { offset: 1, limit: 1 });
      expect(page).toMatchObject({ total: 3, offset: 1, limit: 1 });
      expect(page.items).toHaveLength(1);
      const all = await allPages((offset, limit) => customers.list({}, { offset, limit }), 2);
      expect(all.map((c) => c.id).sort()).toEqual([ana.id, bruno.id, carla.id].sort());
    });
  });

  describe('carts', () => {
    it('keeps one cart per customer and channel; save upserts; delete removes', async () => {
      const { carts } = repositories();
      const customerId = aCustomer().id;
      const cart = aCart({ customerId, channel: 'telegram', lines: [{ productId: 'p1', quantity: 2 }] });
      expect(await carts.get(customerId, 'telegram')).toBeNull();
      await carts.save(cart);
      expect(await carts.get(customerId, 'telegram')).toEqual(cart);
      expect(await carts.get(customerId, 'whatsapp')).toBeNull();
      const changed = {
        ...cart,
        lines: [
          { productId: 'p1', quantity: 3 },
          { productId: 'p2', quantity: 1 },
        ],
        updatedAt: minutesAfter(1),
      };
      await carts.save(changed);
      expect(await carts.get(customerId, 'telegram')).toEqual(changed);
      await carts.delete(cart.id);
      expect(await carts.get(customerId, 'telegram')).toBeNull();
    });
  });

  describe('orders', () => {
    it('returns null when absent; saves version 1 and reads it back by id and number', async () => {
      const { orders } = repositories();
      const order = anOrder({
        lines: [anOrderLine({ quantity: 2, unitDiscount: money(10_000) }), anOrderLine({ vatRate: 1050 })],
        billing: aTaxProfile(),
        delivery: { method: 'shipping', address: 'Calle Falsa 123' },
      });
      expect(await orders.get(order.id)).toBeNull();
      expect(await orders.getByNumber(order.number)).toBeNull();
      await orders.save(order);
      expect(await orders.get(order.id)).toEqual(order);
      expect(await orders.getByNumber(order.number)).toEqual(order);
    });

    it('updates only from the version before: a stale save throws ORDER.CONCURRENT_UPDATE and changes nothing', async () => {
      const { orders } = repositories();
      const order = anOrder();
      await orders.save(order);
      const paid = nextVersion(order, {
        status: 'paid',
        history: [...order.history, { from: 'placed', to: 'paid', at: minutesAfter(1), by: 'system', note: null }],
      });
      await orders.save(paid);
      expect(await orders.get(order.id)).toEqual(paid);

      const staleCancel = nextVersion(order, { status: 'cancelled' });
      const error = await caught(() => orders.save(staleCancel));
      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ code: 'ORDER.CONCURRENT_UPDATE' });
      const skipping = { ...paid, version: paid.version + 2 };
      await expect(orders.save(skipping)).rejects.toMatchObject({ code: 'ORDER.CONCURRENT_UPDATE' });
      const reinsert = { ...order };
      await expect(orders.save(reinsert)).rejects.toMatchObject({ code: 'ORDER.CONCURRENT_UPDATE' });
      expect(await orders.get(order.id)).toEqual(paid);
    });

    it('lists newest first with customer, status and created-range filters (from inclusive, to exclusive) and paging totals', async () => {
      const { orders } = repositories();
      const customerId = aCustomer().id;
      const first = anOrder({ customerId, createdAt: minutesAfter(0) });
      const second = anOrder({ customerId, createdAt: minutesAfter(10), status: 'paid' });
      const third = anOrder({ createdAt: minutesAfter(20), status: 'cancelled' });
      const fourth = anOrder({ customerId, createdAt: minutesAfter(30) });
      for (const order of [second, fourth, first, third]) await orders.save(order);

      const all = await orders.list({}, { offset: 0, limit: 10 });
      expect(all.total).toBe(4);
      expect(all.items.map((o) => o.id)).toEqual([fourth.id, third.id, second.id, first.id]);
      expect((await orders.list({ customerId }, { offset: 0, limit: 10 })).items.map((o) => o.id)).toEqual([
        fourth.id,
        second.id,
        first.id,
      ]);
      expect((await orders.list({ status: ['paid', 'cancelled'] }, { offset: 0, limit: 10 })).items.map((o) => o.id)).toEqual([
        third.id,
        second.id,
      ]);
      const range = await orders.list({ createdFrom: minutesAfter(10), createdTo: minutesAfter(30) }, { offset: 0, limit: 10 });
      expect(range.items.map((o) => o.id)).toEqual([third.id, second.id]);
      const page = await orders.list({}, { offset: 1, limit: 2 });
      expect(page).toMatchObject({ total: 4, offset: 1, limit: 2 });
      expect(page.items.map((o) => o.id)).toEqual([third.id, second.id]);
    });

    it('finds orders by the contact: the name ignoring case and accents, the phone by its digits, wildcards taken literally', async () => {
      const { orders } = repositories();
      const jose = anOrder({ contact: { name: 'José Pérez', phone: '+541145556677' }, createdAt: minutesAfter(0) });
      const joseLater = anOrder({
        contact: { name: 'JOSEFINA Ruiz', phone: '+5493514445566' },
        createdAt: minutesAfter(5),
        status: 'paid',
      });
      const percent = anOrder({ contact: { name: 'Ana 100% Real', phone: '+12125550100' }, createdAt: minutesAfter(10) });
      for (const order of [jose, joseLater, percent]) await orders.save(order);
      const found = async (contactQuery: string, status?: Order['status'][]) =>
        (await orders.list({ contactQuery, ...(status ? { status } : {}) }, { offset: 0, limit: 10 })).items.map((o) => o.id);

      expect(await found('jose')).toEqual([joseLater.id, jose.id]);
      expect(await found('  PÉREZ ')).toEqual([jose.id]);
      expect(await found('4555 6677')).toEqual([jose.id]);
      expect(await found('011 4555-6677')).toEqual([]);
      expect(await found('351')).toEqual([joseLater.id]);
      expect(await found('100%')).toEqual([percent.id]);
      expect(await found('%')).toEqual([percent.id]);
      expect(await found('_')).toEqual([]);
      expect(await found('jose', ['placed'])).toEqual([jose.id]);
      expect(await found('   ')).toHaveLength(3);
    });

    it('listExpired returns placed orders whose reservation lapsed strictly before the time, oldest first', async () => {
      const { orders } = repositories();
      const lapsedLater = anOrder({ reservationExpiresAt: minutesAfter(-5) });
      const lapsedFirst = anOrder({ reservationExpiresAt: minutesAfter(-30) });
      const exactlyNow = anOrder({ reservationExpiresAt: minutesAfter(0) });
      const future = anOrder({ reservationExpiresAt: minutesAfter(5) });
      const paid = anOrder({ reservationExpiresAt: minutesAfter(-60), status: 'paid' });
      for (const order of [lapsedLater, exactlyNow, future, paid, lapsedFirst]) await orders.save(order);
      expect((await orders.listExpired(AT, 10)).map((o) => o.id)).toEqual([lapsedFirst.id, lapsedLater.id]);
      expect((await orders.listExpired(AT, 1)).map((o) => o.id)).toEqual([lapsedFirst.id]);
    });

    it('nextNumber hands out increasing, distinct numbers, also concurrently', async () => {
      const { orders } = repositories();
      const a = await orders.nextNumber();
      const b = await orders.nextNumber();
      expect(b).toBeGreaterThan(a);
      const many = await Promise.all(Array.from({ length: 20 }, () => orders.nextNumber()));
      expect(new Set(many).size).toBe(20);
      expect(Math.min(...many)).toBeGreaterThan(b);
    });
  });

  describe('payments', () => {
    it('saves, upserts and finds payments by id, provider id and order; null when absent', async () => {
      const { payments } = repositories();
      const orderId = anOrder().id;
      const payment = aPayment({ orderId, status: 'pending', processedEventIds: ['evt-1'] });
      const later = aPayment({ orderId, createdAt: minutesAfter(5) });
      expect(await payments.get(payment.id)).toBeNull();
      expect(await payments.getByProviderId(payment.provider, payment.providerPaymentId)).toBeNull();
      await payments.save(later);
      await payments.save(payment);
      expect(await payments.get(payment.id)).toEqual(payment);
      expect(await payments.getByProviderId(payment.provider, payment.providerPaymentId)).toEqual(payment);
      expect(await payments.getByProviderId('other-provider', payment.providerPaymentId)).toBeNull();
      const approved = { ...payment, status: 'approved' as const, processedEventIds: ['evt-1', 'evt-2'], updatedAt: minutesAfter(1) };
      await payments.save(approved);
      expect(await payments.get(payment.id)).toEqual(approved);
      expect(await payments.listByOrder(orderId)).toEqual([approved, later]);
      expect(await payments.listByOrder(anOrder().id)).toEqual([]);
    });
  });

  describe('invoices', () => {
    it('tracks the last number per (cuit, point of sale, voucher type) and refuses a taken number', async () => {
      const { invoices } = repositories();
      const orderId = anOrder().id;
      expect(await invoices.lastNumber('20111111112', 1, 'FACTURA_B')).toBe(0);
      const first = anInvoice({ orderId, number: 1 });
      const second = anInvoice({ orderId, number: 2, createdAt: minutesAfter(1) });
      const otherType = anInvoice({ number: 7, voucherType: 'FACTURA_A' });
      const otherPoint = anInvoice({ number: 9, pointOfSale: 2 });
      for (const invoice of [first, second, otherType, otherPoint]) await invoices.save(invoice);
      expect(await invoices.lastNumber('20111111112', 1, 'FACTURA_B')).toBe(2);
      expect(await invoices.lastNumber('20111111112', 1, 'FACTURA_A')).toBe(7);
      expect(await invoices.lastNumber('20111111112', 2, 'FACTURA_B')).toBe(9);
      expect(await invoices.lastNumber('30712345671', 1, 'FACTURA_B')).toBe(0);

      const duplicate = anInvoice({ number: 2 });
      const error = await caught(() => invoices.save(duplicate));
      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ code: 'INVOICE.NUMBER_TAKEN' });
      expect(await invoices.get(duplicate.id)).toBeNull();

      const authorized = {
        ...second,
        status: 'authorized' as const,
        cae: '75123456789012',
        caeDueDate: minutesAfter(14_400),
        updatedAt: minutesAfter(2),
      };
      await invoices.save(authorized);
      expect(await invoices.get(second.id)).toEqual(authorized);
      expect((await invoices.listByOrder(orderId)).sort(byId)).toEqual([first, authorized].sort(byId));
      expect(await invoices.get(anInvoice().id)).toBeNull();
    });

    it('a rejected invoice holds no number (ARCA never used it); listByStatus finds pending ones, oldest first', async () => {
      const { invoices } = repositories();
      const rejected = anInvoice({ number: 1, status: 'rejected', errors: [{ code: '10048', message: 'ImpTotal' }] });
      await invoices.save(rejected);
      const retried = anInvoice({ number: 1, status: 'pending', createdAt: minutesAfter(1) });
      await invoices.save(retried);
      const later = anInvoice({ number: 2, status: 'pending', createdAt: minutesAfter(2) });
      await invoices.save(later);
      expect(await caught(() => invoices.save(anInvoice({ number: 1, status: 'authorized', cae: '75123456789012' })))).toMatchObject({
        code: 'INVOICE.NUMBER_TAKEN',
      });
      expect((await invoices.listByStatus('pending', 10)).map((i) => i.id)).toEqual([retried.id, later.id]);
      expect((await invoices.listByStatus('pending', 1)).map((i) => i.id)).toEqual([retried.id]);
      expect(await invoices.listByStatus('rejected', 10)).toEqual([rejected]);
    });
  });
};
