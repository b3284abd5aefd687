import type { DomainEvent } from '@mostrador/core';
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './persistence-under-test.js';

const AT = new Date('2025-03-10T12:00:00.000Z');

const anEvent = (n: number, at = AT): DomainEvent => ({
  type: 'order.placed',
  aggregateId: `order-${n}`,
  payload: { n, nested: { total: { amount: 1000 * n, currency: 'ARS' } }, note: null },
  occurredAt: at,
});

export const infrastructureRepositoriesContract = ({ persistence }: ContractContext): void => {
  const repositories = () => persistence().uow.repositories;

  describe('outbox', () => {
    it('keeps added events pending, oldest first, until dispatched', async () => {
      const { outbox } = repositories();
      expect(await outbox.pending(10)).toEqual([]);
      await outbox.add([anEvent(1)]);
      await outbox.add([anEvent(2, new Date(AT.getTime() + 1000)), anEvent(3, new Date(AT.getTime() + 2000))]);
      await outbox.add([]);

      const pending = await outbox.pending(10);
      expect(pending.map((record) => record.event)).toEqual([
        anEvent(1),
        anEvent(2, new Date(AT.getTime() + 1000)),
        anEvent(3, new Date(AT.getTime() + 2000)),
      ]);
      for (const record of pending) expect(record).toMatchObject({ dispatchedAt: null, attempts: 0 });
      expect(new Set(pending.map((record) => record.id)).size).toBe(3);
      expect((await outbox.pending(2)).map((record) => record.event.aggregateId)).toEqual(['order-1', 'order-2']);

      const [first, second] = pending;
      await outbox.markDispatched([first!.id, second!.id], AT);
      expect((await outbox.pending(10)).map((record) => record.event.aggregateId)).toEqual(['order-3']);
    });
  });

  describe('settings', () => {
    it('returns null when absent, stores JSON values, overwrites and deletes', async () => {
      const { settings } = repositories();
      expect(await settings.get('jwt.keys')).toBeNull();
      await settings.set('jwt.keys', { kid: 'k1', keys: [1, 2, 3], active: true, note: null });
      expect(await settings.get('jwt.keys')).toEqual({ kid: 'k1', keys: [1, 2, 3], active: true, note: null });
      await settings.set('jwt.keys', 'replaced');
      expect(await settings.get('jwt.keys')).toBe('replaced');
      await settings.set('counter', 0);
      expect(await settings.get('counter')).toBe(0);
      await settings.delete('jwt.keys');
      expect(await settings.get('jwt.keys')).toBeNull();
      await settings.delete('never-set');
    });

    it('setIfAbsent inserts only when absent and returns what is stored', async () => {
      const { settings } = repositories();
      expect(await settings.setIfAbsent('link.ABC', { userId: 'u1' })).toEqual({ userId: 'u1' });
      expect(await settings.setIfAbsent('link.ABC', { userId: 'u2' })).toEqual({ userId: 'u1' });
      expect(await settings.get('link.ABC')).toEqual({ userId: 'u1' });
    });

    it('setIfAbsent under concurrency stores exactly one of the values', async () => {
      const { settings } = repositories();
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => settings.setIfAbsent('race', { winner: i })));
      const stored = await settings.get<{ winner: number }>('race');
      expect(stored).not.toBeNull();
      for (const result of results) expect(result).toEqual(stored);
    });
  });
  // The ConversationStore has its own suite: conversation-store-contract.ts.
};
