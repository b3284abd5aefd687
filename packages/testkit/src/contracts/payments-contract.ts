import {
  createUseCases,
  DEFAULT_SHOP_SETTINGS,
  money,
  type Order,
  type PaymentCheckout,
  type ProviderPayment,
  type UseCases,
} from '@mostrador/core';
import { describe, expect, it } from 'vitest';
import { FakePasswordHasher } from '../memory/fake-password-hasher.js';
import { FakeSecretTokens } from '../memory/fake-secret-tokens.js';
import { SequentialIdGenerator } from '../memory/sequential-id-generator.js';
import { anOrder, anOrderLine, aPayment, aProduct } from '../mothers/index.js';
import type { ContractContext } from './persistence-under-test.js';

const AT = new Date('2026-03-02T15:00:00.000Z');
const minutesAfter = (minutes: number): Date => new Date(AT.getTime() + minutes * 60_000);

const aCheckout = (overrides: Partial<PaymentCheckout> = {}): PaymentCheckout => ({
  id: `chk-${Math.random().toString(36).slice(2)}`,
  orderId: 'order-1',
  provider: 'mercadopago',
  attempt: 1,
  idempotencyKey: 'checkout:order-1:mercadopago:1',
  providerReference: 'pref-1',
  paymentUrl: 'https://pay.example/pref-1',
  expiresAt: minutesAfter(30),
  status: 'open',
  createdAt: AT,
  updatedAt: AT,
  ...overrides,
});

/**
 * Payment checkouts, refunds and flags stored with payments, and `applyPayment` under concurrent
 * deliveries (run with core's use cases over the persistence under test).
 */
export const paymentsContract = ({ persistence }: ContractContext, options: { concurrentTransactions: boolean }): void => {
  describe('payment checkouts', () => {
    it('stores one checkout per (order, provider, attempt): the first wins, also concurrently', async () => {
      const { paymentCheckouts } = persistence().uow.repositories;
      const first = aCheckout();
      expect(await paymentCheckouts.insertIfAbsent(first)).toEqual(first);
      expect(await paymentCheckouts.insertIfAbsent(aCheckout({ providerReference: 'pref-other' }))).toEqual(first);
      const racing = await Promise.all(
        [1, 2, 3, 4, 5].map((n) => paymentCheckouts.insertIfAbsent(aCheckout({ attempt: 2, providerReference: `pref-2-${n}` }))),
      );
      for (const stored of racing) expect(stored).toEqual(racing[0]);
      await paymentCheckouts.insertIfAbsent(aCheckout({ provider: 'other', attempt: 1 }));
      const listed = await paymentCheckouts.listByOrder('order-1');
      expect(listed.map((checkout) => [checkout.provider, checkout.attempt])).toEqual([
        ['mercadopago', 1],
        ['mercadopago', 2],
        ['other', 1],
      ]);
      expect(await paymentCheckouts.listByOrder('order-2')).toEqual([]);
    });

    it('lists open checkouts by expiry (optionally only lapsed ones) and closes them once', async () => {
      const { paymentCheckouts } = persistence().uow.repositories;
      const late = await paymentCheckouts.insertIfAbsent(aCheckout({ orderId: 'a', expiresAt: minutesAfter(60) }));
      const soon = await paymentCheckouts.insertIfAbsent(aCheckout({ orderId: 'b', expiresAt: minutesAfter(10) }));
      expect((await paymentCheckouts.listOpen(10)).map((c) => c.id)).toEqual([soon.id, late.id]);
      expect((await paymentCheckouts.listOpen(10, minutesAfter(30))).map((c) => c.id)).toEqual([soon.id]);
      await paymentCheckouts.close(soon.id, 'expired', minutesAfter(31));
      await paymentCheckouts.close(soon.id, 'closed', minutesAfter(32));
      expect(await paymentCheckouts.listByOrder('b')).toEqual([{ ...soon, status: 'expired', updatedAt: minutesAfter(31) }]);
      expect((await paymentCheckouts.listOpen(10)).map((c) => c.id)).toEqual([late.id]);
    });
  });

  describe('payments with refunds and flags', () => {
    it('keeps the refunded amount and the reason staff must look at a payment', async () => {
      const { payments } = persistence().uow.repositories;
      const payment = aPayment({ amount: money(3_500_00), refundedAmount: money(1_000_00), attention: 'amount does not match' });
      await payments.save(payment);
      expect(await payments.get(payment.id)).toEqual(payment);
    });
  });

  describe('applyPayment under concurrent deliveries', () => {
    const shop = (): UseCases => {
      const { uow, search } = persistence();
      return createUseCases({
        uow,
        search,
        clock: { now: () => AT },
        ids: new SequentialIdGenerator(),
        passwords: new FakePasswordHasher(),
        secrets: new FakeSecretTokens(),
        settings: DEFAULT_SHOP_SETTINGS,
      });
    };

    /** A placed order of one unit of a product, with the unit reserved. */
    const placedOrder = async (): Promise<Order> => {
      const { repositories } = persistence().uow;
      const product = aProduct({ stockOnHand: 5, reserved: 1, price: money(3_500_00) });
      await repositories.products.save(product);
      const order = anOrder({
        reservationExpiresAt: minutesAfter(30),
        lines: [anOrderLine({ productId: product.id, sku: product.sku, unitPrice: money(3_500_00) })],
      });
      await repositories.orders.save(order);
      return order;
    };

    const approved = (order: Order, id = '1320000001'): ProviderPayment => ({
      providerPaymentId: id,
      orderId: order.id,
      status: 'approved',
      statusDetail: 'accredited',
      amount: order.total,
      refundedAmount: money(0),
    });

    if (!options.concurrentTransactions) return;

    it('the same notification delivered 20 times at once pays the order once, with one payment.received', async () => {
      const useCases = shop();
      const order = await placedOrder();
      const outcomes = await Promise.all(Array.from({ length: 20 }, () => useCases.orders.applyPayment('mp', approved(order), 'evt-1')));
      expect(outcomes.filter((outcome) => outcome.status === 'order-paid')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.status === 'duplicate')).toHaveLength(19);
      const { repositories } = persistence().uow;
      expect((await repositories.orders.get(order.id))?.status).toBe('paid');
      expect(await repositories.payments.listByOrder(order.id)).toHaveLength(1);
      const events = (await repositories.outbox.pending(100)).map((record) => record.event.type);
      expect(events.filter((type) => type === 'payment.received')).toHaveLength(1);
      expect(events.filter((type) => type === 'order.paid')).toHaveLength(1);
      const product = await repositories.products.get(order.lines[0]?.productId ?? '');
      expect(product).toMatchObject({ stockOnHand: 4, reserved: 0 });
    });

    it('two different notifications of the same new payment at once count as one payment (no PAYMENT.DUPLICATE)', async () => {
      const useCases = shop();
      const order = await placedOrder();
      const outcomes = await Promise.all([
        useCases.orders.applyPayment('mp', approved(order), 'evt-created'),
        useCases.orders.applyPayment('mp', approved(order), 'evt-updated'),
      ]);
      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['order-paid', 'recorded']);
      const stored = await persistence().uow.repositories.payments.listByOrder(order.id);
      expect(stored).toHaveLength(1);
      expect([...(stored[0]?.processedEventIds ?? [])].sort()).toEqual(['evt-created', 'evt-updated']);
    });

    it('an approved payment of another amount is flagged for staff: the order stays placed, its stock reserved', async () => {
      const useCases = shop();
      const order = await placedOrder();
      const outcome = await useCases.orders.applyPayment('mp', { ...approved(order), amount: money(100_00) }, 'evt-1');
      expect(outcome).toMatchObject({ status: 'flagged' });
      const { repositories } = persistence().uow;
      expect(await repositories.orders.get(order.id)).toEqual(order);
      const [payment] = await repositories.payments.listByOrder(order.id);
      expect(payment?.attention).toContain('does not match');
      const events = (await repositories.outbox.pending(100)).map((record) => record.event.type);
      expect(events).toEqual(['payment.needs_attention']);
    });
  });
};
