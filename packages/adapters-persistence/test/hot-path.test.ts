import type { Customer } from '@mostrador/core';
import { aCategory } from '@mostrador/testkit/mothers';
import { describe, expect, it } from 'vitest';
import type { Persistence } from '../src/index.js';
import { openPGliteInMemory, openPostgres, resetDatabase } from './support/databases.js';
import { sharedPersistence } from './support/shared-persistence.js';

/*
 * What every chat update runs, beyond the port contracts: the conversation store's
 * `beginWithSender` (the claim, the chat's state and the sender's customer in one statement) and
 * the prepared statements behind the catalog reads.
 */
const AT = new Date('2025-03-10T12:00:00.000Z');

const aCustomer = (id: string, identities: Customer['identities']): Customer => ({
  id,
  name: 'Ana Pérez',
  identities,
  language: 'en',
  marketingConsent: true,
  phone: '+5491100004242',
  email: 'ana@example.com',
  taxProfile: null,
  createdAt: new Date('2025-01-02T03:04:05.678Z'),
  updatedAt: new Date('2025-02-03T04:05:06.789Z'),
});

const hotPath = (name: string, persistence: () => Promise<Persistence>): void => {
  describe(`per-update statements (${name})`, () => {
    it('beginWithSender claims the update once, with the chat state and the sender customer and all their identities', async () => {
      const p = await persistence();
      await resetDatabase(p);
      const { conversations, customers } = p.uow.repositories;
      const ana = aCustomer('cust-ana', [
        { channel: 'console', userId: 'ana' },
        { channel: 'telegram', userId: '4242' },
      ]);
      await customers.save(ana);
      await conversations.save('telegram', '4242', { screen: 'cart' });
      const beginWithSender = conversations.beginWithSender?.bind(conversations);
      if (!beginWithSender) throw new Error('the store offers no beginWithSender');

      const first = await beginWithSender('telegram', '4242', 'u-1', AT, { channel: 'telegram', userId: '4242' });
      expect(first).toEqual({ fresh: true, state: { screen: 'cart' }, sender: ana });
      expect(await beginWithSender('telegram', '4242', 'u-1', AT, { channel: 'telegram', userId: '4242' })).toEqual({ fresh: false });
      // The same record of seen updates as begin's.
      expect(await conversations.begin('telegram', '4242', 'u-1', AT)).toEqual({ fresh: false });
    });

    it('beginWithSender answers a null sender for an unknown person and creates no customer', async () => {
      const p = await persistence();
      await resetDatabase(p);
      const { conversations, customers } = p.uow.repositories;
      const started = await conversations.beginWithSender?.('telegram', '77', 'u-2', AT, { channel: 'telegram', userId: '77' });
      expect(started).toEqual({ fresh: true, state: null, sender: null });
      expect(await customers.findByIdentity({ channel: 'telegram', userId: '77' })).toBeNull();
    });

    it('prepared reads keep working after a migration adds a column to their table', async () => {
      const p = await persistence();
      await resetDatabase(p);
      const { categories } = p.uow.repositories;
      const tools = aCategory({ name: 'Herramientas' });
      await categories.save(tools);
      // Several reads, so every pooled connection has the statement prepared.
      await Promise.all(Array.from({ length: 12 }, () => categories.list()));
      await p.dataSource.query('ALTER TABLE categories ADD COLUMN hot_path_probe text');
      try {
        expect(await Promise.all(Array.from({ length: 12 }, () => categories.list()))).toEqual(Array.from({ length: 12 }, () => [tools]));
      } finally {
        await p.dataSource.query('ALTER TABLE categories DROP COLUMN hot_path_probe');
      }
    });
  });
};

const postgres = sharedPersistence(openPostgres);
hotPath('postgres', postgres.get);
const pglite = sharedPersistence(openPGliteInMemory);
hotPath('pglite', pglite.get);
