import type { AddressInfo } from 'node:net';
import { createHttpServer, JoseTokenIssuer } from '@mostrador/adapters-http';
import { createPersistence, type Persistence } from '@mostrador/adapters-persistence';
import { createUseCases, DEFAULT_SHOP_SETTINGS, money, type UseCases } from '@mostrador/core';
import { FakePasswordHasher, FixedClock } from '@mostrador/testkit/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeSecretTokens } from '../src/auth/node-secret-tokens.js';
import { UuidV7Generator } from '../src/node-services.js';
import { createTestDatabase } from './support/postgres-database.js';

/*
 * A CSV import through the HTTP API on the real databases, large enough that PGlite writes it in
 * several slices (its unit of work's bulkWriteRows) and PostgreSQL in one transaction: products
 * created, then rewritten by a file that renames them (the bulk UPDATE path), with the search and
 * its typo vocabulary, the stock movements and the columns the file leaves out checked afterwards,
 * and a request sent while the import runs answered.
 */
const NOW = new Date('2026-03-16T15:00:00.000Z');
const ROWS = 620;

const sku = (i: number) => `IMP-${String(i).padStart(4, '0')}`;

const csv = (header: string, line: (i: number) => string): string =>
  `${[header, ...Array.from({ length: ROWS }, (_, i) => line(i))].join('\r\n')}\r\n`;

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`CSV import of ${ROWS} rows over HTTP (${kind})`, () => {
    let persistence: Persistence;
    let drop: (() => Promise<void>) | null = null;
    let app: Awaited<ReturnType<typeof createHttpServer>>;
    let useCases: UseCases;
    let base: string;
    let token: string;

    beforeAll(async () => {
      const database = kind === 'postgres' ? await createTestDatabase('mostrador_import') : null;
      drop = database ? () => database.drop() : null;
      persistence = await createPersistence(database ? { url: database.url } : { dataDir: ':memory:' });
      await persistence.migrate();
      const clock = new FixedClock(NOW.toISOString());
      const ids = new UuidV7Generator();
      useCases = createUseCases({
        uow: persistence.uow,
        search: persistence.search,
        clock,
        ids,
        passwords: new FakePasswordHasher(),
        secrets: new NodeSecretTokens(),
        settings: DEFAULT_SHOP_SETTINGS,
      });
      const tokens = new JoseTokenIssuer({ issuer: 'https://t', audience: 'a', clock, settings: persistence.uow.repositories.settings });
      app = await createHttpServer({ useCases, uow: persistence.uow, clock, ids, tokens, images: persistence.images, logger: false });
      await app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      await useCases.staff.createUser(
        { kind: 'system' },
        { email: 'manager@t.test', name: 'Manager', password: 'correct horse battery', roles: ['manager'] },
      );
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'manager@t.test', password: 'correct horse battery' }),
      });
      token = ((await login.json()) as { accessToken: string }).accessToken;
    }, 120_000);

    afterAll(async () => {
      await app?.close();
      await persistence?.close();
      await drop?.();
    });

    const importFile = async (body: string) => {
      const response = await fetch(`${base}/api/v1/products/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
        body,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const search = async (text: string) => (await useCases.catalog.search({ text }, { offset: 0, limit: 3 })).total;

    it('creates every product, then an update file renames them all; search, stock movements and absent columns are right', async () => {
      if (kind === 'pglite') expect(persistence.uow.bulkWriteRows).toBeLessThan(ROWS / 2);

      const created = await importFile(
        csv('sku,name,description,price,vat_rate,stock', (i) => `${sku(i)},Lámpara antigua ${i},De bronce pulido,1500.00,21,${i % 7}`),
      );
      expect(created).toEqual({ status: 200, body: { status: 'imported', created: ROWS, updated: 0 } });
      expect(await search('lampara antigua')).toBe(ROWS);

      // The update leaves description out (kept) and renames every product; a GET is sent meanwhile.
      const updating = importFile(csv('sku,name,price,stock', (i) => `${sku(i)},"Farol colonial ${i}, hierro","2.500,50",${(i % 7) + 2}`));
      const during = await fetch(`${base}/api/v1/products?limit=1`, { headers: { authorization: `Bearer ${token}` } });
      expect(during.status).toBe(200);
      expect(await updating).toEqual({ status: 200, body: { status: 'imported', created: 0, updated: ROWS } });

      expect(await search('farol colonial')).toBe(ROWS);
      expect(await search('antigua')).toBe(0);
      // "fraol" is a typo of a word only the update brought into the catalog.
      expect(await search('fraol')).toBe(ROWS);
      const last = await persistence.uow.repositories.products.getBySku(sku(ROWS - 1));
      expect(last).toMatchObject({
        name: `Farol colonial ${ROWS - 1}, hierro`,
        description: 'De bronce pulido',
        price: money(2_500_50),
        vatRate: 2100,
        stockOnHand: ((ROWS - 1) % 7) + 2,
        active: true,
      });
      const movements = (await useCases.catalog.stockMovements(last!.id, { offset: 0, limit: 10 })).items;
      expect(movements.map((movement) => [movement.reason, movement.delta, movement.note])).toEqual(
        expect.arrayContaining([
          ['import', 2, `import row ${ROWS}`],
          ['import', (ROWS - 1) % 7, `import row ${ROWS}`],
        ]),
      );
      expect(movements).toHaveLength((ROWS - 1) % 7 === 0 ? 1 : 2);

      // The same file again changes nothing: no stock movement, same figures.
      const again = await importFile(
        csv('sku,name,price,stock', (i) => `${sku(i)},"Farol colonial ${i}, hierro","2.500,50",${(i % 7) + 2}`),
      );
      expect(again.body).toEqual({ status: 'imported', created: 0, updated: ROWS });
      expect((await useCases.catalog.stockMovements(last!.id, { offset: 0, limit: 10 })).items).toHaveLength(movements.length);
    }, 120_000);
  });
}
