import { availableStock } from '@mostrador/core';
import { describe, expect, it } from 'vitest';
import { aCategory, aCustomer, anOrder, aProduct, aRefreshToken, aStaffUser } from '../mothers/index.js';
import { caught } from './lifecycle.js';
import type { ContractContext } from './persistence-under-test.js';

const AT = new Date('2025-03-10T12:00:00.000Z');

class PlannedFailure extends Error {
  override readonly name = 'PlannedFailure';
}

export const transactionsContract = ({ persistence }: ContractContext): void => {
  describe('transactions', () => {
    it('commits: the work’s value is returned and its writes are visible afterwards', async () => {
      const { uow } = persistence();
      const product = aProduct({ stockOnHand: 3 });
      const order = anOrder();
      const value = await uow.transaction(async (repositories) => {
        await repositories.products.save(product);
        expect(await repositories.products.reserve(product.id, 2)).toBe(true);
        // A transaction reads its own writes.
        expect(await repositories.products.get(product.id)).toMatchObject({ reserved: 2 });
        await repositories.orders.save(order);
        await repositories.outbox.add([{ type: 'order.placed', aggregateId: order.id, payload: {}, occurredAt: AT }]);
        return 'done';
      });
      expect(value).toBe('done');
      const { repositories } = uow;
      expect(await repositories.products.get(product.id)).toMatchObject({ stockOnHand: 3, reserved: 2 });
      expect(await repositories.orders.get(order.id)).toEqual(order);
      expect((await repositories.outbox.pending(10)).map((record) => record.event.aggregateId)).toEqual([order.id]);
    });

    it('rolls back every write when the work throws, and rethrows that error', async () => {
      const { uow } = persistence();
      const { repositories } = uow;
      const product = aProduct({ stockOnHand: 5 });
      const existingOrder = anOrder();
      const token = aRefreshToken();
      await repositories.products.save(product);
      await repositories.orders.save(existingOrder);
      await repositories.refreshTokens.save(token);
      await repositories.settings.set('kept', 1);

      const newCustomer = aCustomer();
      const newCategory = aCategory();
      const newUser = aStaffUser();
      const newOrder = anOrder();
      const failure = new PlannedFailure('stop here');
      const error = await caught(() =>
        uow.transaction(async (tx) => {
          await tx.products.reserve(product.id, 2);
          await tx.products.adjust(product.id, 10);
          await tx.products.save({ ...product, name: 'renamed', reserved: 2, stockOnHand: 15 });
          await tx.orders.save({ ...existingOrder, status: 'cancelled', version: 2 });
          await tx.orders.save(newOrder);
          await tx.customers.save(newCustomer);
          await tx.categories.save(newCategory);
          await tx.staff.save(newUser);
          await tx.refreshTokens.markUsed(token.id, AT);
          await tx.outbox.add([{ type: 'order.cancelled', aggregateId: existingOrder.id, payload: {}, occurredAt: AT }]);
          await tx.settings.set('kept', 2);
          await tx.settings.set('new', true);
          await tx.conversations.save('telegram', '1', { step: 1 });
          await tx.conversations.markProcessed('telegram', 'u-1', AT);
          throw failure;
        }),
      );
      expect(error).toBe(failure);

      expect(await repositories.products.get(product.id)).toEqual(product);
      expect(await repositories.orders.get(existingOrder.id)).toEqual(existingOrder);
      expect(await repositories.orders.get(newOrder.id)).toBeNull();
      expect(await repositories.customers.get(newCustomer.id)).toBeNull();
      expect(await repositories.categories.get(newCategory.id)).toBeNull();
      expect(await repositories.staff.get(newUser.id)).toBeNull();
      expect(await repositories.refreshTokens.getByHash(token.tokenHash)).toEqual(token);
      expect(await repositories.outbox.pending(10)).toEqual([]);
      expect(await repositories.settings.get('kept')).toBe(1);
      expect(await repositories.settings.get('new')).toBeNull();
      expect(await repositories.conversations.load('telegram', '1')).toBeNull();
      expect(await repositories.conversations.markProcessed('telegram', 'u-1', AT)).toBe(true);
    });

    it('rolls back a write that a repository refused mid-way (the conflict error surfaces)', async () => {
      const { uow } = persistence();
      const order = anOrder();
      const product = aProduct();
      await uow.repositories.orders.save(order);
      const error = await caught(() =>
        uow.transaction(async (tx) => {
          await tx.products.save(product);
          await tx.orders.save(order); // version 1 again: a conflict
        }),
      );
      expect(error).toMatchObject({ code: 'ORDER.CONCURRENT_UPDATE' });
      expect(await uow.repositories.products.get(product.id)).toBeNull();
    });
  });
};

export const concurrencyContract = ({ persistence }: ContractContext): void => {
  describe('concurrency', () => {
    it('50 concurrent transactions each reserving 1 of 10 units: exactly 10 succeed and stock never goes below zero', async () => {
      const { uow } = persistence();
      const product = aProduct({ stockOnHand: 10, reserved: 0 });
      await uow.repositories.products.save(product);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          uow.transaction(async (tx) => {
            if (!(await tx.products.reserve(product.id, 1))) throw new PlannedFailure(`buyer ${i} found no stock`);
            const seen = await tx.products.get(product.id);
            if (!seen || seen.reserved > seen.stockOnHand) throw new Error('oversold inside a transaction');
            await tx.orders.save(anOrder({ lines: [] }));
            return i;
          }),
        ),
      );
      const fulfilled = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const rejected = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(fulfilled).toHaveLength(10);
      for (const outcome of rejected) expect(outcome.reason).toBeInstanceOf(PlannedFailure);
      const after = await uow.repositories.products.get(product.id);
      expect(after).toMatchObject({ stockOnHand: 10, reserved: 10 });
      expect(availableStock(after!)).toBe(0);
      expect((await uow.repositories.orders.list({}, { offset: 0, limit: 100 })).total).toBe(10);
    });

    it('50 concurrent single-statement reserves of 1 of 10 units: exactly 10 succeed', async () => {
      const { uow } = persistence();
      const product = aProduct({ stockOnHand: 10, reserved: 0 });
      await uow.repositories.products.save(product);
      const results = await Promise.all(Array.from({ length: 50 }, () => uow.repositories.products.reserve(product.id, 1)));
      expect(results.filter(Boolean)).toHaveLength(10);
      expect(await uow.repositories.products.get(product.id)).toMatchObject({ stockOnHand: 10, reserved: 10 });
    });

    it('a committed order is never lost when a concurrent transaction rolls back', async () => {
      const { uow } = persistence();
      const pairs = Array.from({ length: 10 }, () => ({ kept: anOrder(), discarded: anOrder() }));
      await Promise.allSettled(
        pairs.flatMap(({ kept, discarded }) => [
          uow.transaction(async (tx) => {
            await tx.orders.save(kept);
          }),
          uow.transaction(async (tx) => {
            await tx.orders.save(discarded);
            await Promise.resolve();
            throw new PlannedFailure('roll back');
          }),
        ]),
      );
      for (const { kept, discarded } of pairs) {
        expect(await uow.repositories.orders.get(kept.id)).toEqual(kept);
        expect(await uow.repositories.orders.get(discarded.id)).toBeNull();
      }
    });

    it('20 concurrent markUsed on one refresh token: exactly one is true', async () => {
      const { uow } = persistence();
      const token = aRefreshToken();
      await uow.repositories.refreshTokens.save(token);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => uow.repositories.refreshTokens.markUsed(token.id, new Date(AT.getTime() + i))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('20 concurrent markUsed inside transactions: exactly one commits a use', async () => {
      const { uow } = persistence();
      const token = aRefreshToken();
      await uow.repositories.refreshTokens.save(token);
      const results = await Promise.all(Array.from({ length: 20 }, () => uow.transaction((tx) => tx.refreshTokens.markUsed(token.id, AT))));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });
};
