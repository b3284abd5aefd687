import { AdapterError, money, type Product } from '@mostrador/core';
import { anInvoice, anOrder, aPayment, aProduct } from '@mostrador/testkit/mothers';
import { describe, expect, it } from 'vitest';
import {
  ArcaAccessTickets1765500000000,
  CategoriesNotify1766600000000,
  InitialSchema1764100000000,
  InvoiceNumberUniqueUnlessRejected1765500000001,
  MIGRATIONS,
  NotificationsAndCampaigns1765300000000,
  type Persistence,
  SearchMeasures1765000000000,
  SearchSortName1764200000000,
} from '../../src/index.js';
import { resetDatabase } from './databases.js';

class PlannedFailure extends Error {}

/** Lets other queued work run (a few macrotask turns) without asserting anything about time. */
const yieldTurns = async (turns = 5): Promise<void> => {
  for (let i = 0; i < turns; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
};

const AT = new Date('2025-03-10T12:00:00.000Z');

/** Adapter-specific behaviour beyond the port contracts, run on PostgreSQL and on PGlite alike. */
export const persistenceSpecifics = (name: string, persistence: () => Promise<Persistence>): void => {
  describe(`persistence specifics (${name})`, () => {
    it('migrations are idempotent: a second run applies nothing, and re-running the SQL changes nothing', async () => {
      const p = await persistence();
      await resetDatabase(p);
      const product = aProduct({ name: 'Sobrevive a la migración' });
      await p.uow.repositories.products.save(product);
      expect(await p.migrate()).toEqual([]);
      expect(await p.status()).toEqual({ applied: MIGRATIONS.map((migration) => new migration().name), pending: [] });
      const runner = p.dataSource.createQueryRunner();
      try {
        await new InitialSchema1764100000000().up(runner);
        await new SearchSortName1764200000000().up(runner);
        await new NotificationsAndCampaigns1765300000000().up(runner);
        await new ArcaAccessTickets1765500000000().up(runner);
        await new InvoiceNumberUniqueUnlessRejected1765500000001().up(runner);
        await new SearchMeasures1765000000000().up(runner);
        await new CategoriesNotify1766600000000().up(runner);
      } finally {
        await runner.release();
      }
      expect(await p.uow.repositories.products.get(product.id)).toEqual(product);
      expect(await p.migrate()).toEqual([]);
    });

    it('money columns round-trip the largest safe amounts exactly (bigint columns and JSONB documents)', async () => {
      const p = await persistence();
      await resetDatabase(p);
      const { products, orders, payments, invoices } = p.uow.repositories;
      const huge = Number.MAX_SAFE_INTEGER; // 9 007 199 254 740 991 centavos
      const product = aProduct({
        price: money(huge),
        discount: { kind: 'amount', amount: money(huge - 1), validFrom: null, validUntil: null },
      });
      await products.save(product);
      expect(await products.get(product.id)).toEqual(product);
      const order = anOrder({ total: money(huge) });
      await orders.save(order);
      expect((await orders.get(order.id))?.total.amount).toBe(huge);
      const payment = aPayment({ amount: money(huge - 2) });
      await payments.save(payment);
      expect((await payments.get(payment.id))?.amount.amount).toBe(huge - 2);
      const invoice = anInvoice({ totals: { ...anInvoice().totals, total: money(huge), net: money(huge - 3) } });
      await invoices.save(invoice);
      expect(await invoices.get(invoice.id)).toEqual(invoice);
      const stored = (await p.dataSource.query('SELECT price_amount::text AS price FROM products WHERE id = $1', [product.id])) as {
        price: string;
      }[];
      expect(stored[0]?.price).toBe('9007199254740991');
    });

    it('refuses to read a bigint amount that a JavaScript number cannot hold, instead of rounding it', async () => {
      const p = await persistence();
      await resetDatabase(p);
      const product = aProduct();
      await p.uow.repositories.products.save(product);
      await p.dataSource.query('UPDATE products SET price_amount = 9007199254740993 WHERE id = $1', [product.id]);
      const error = await p.uow.repositories.products.get(product.id).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AdapterError);
      expect(error).toMatchObject({ code: 'PERSISTENCE.VALUE_OUT_OF_RANGE' });
    });

    it('two concurrent transactions: the one that rolls back never takes the committed one’s rows with it', async () => {
      const p = await persistence();
      await resetDatabase(p);
      for (let round = 0; round < 5; round += 1) {
        const kept = anOrder();
        const discarded = anOrder();
        const keptProduct = aProduct();
        const [committed, rolledBack] = await Promise.allSettled([
          p.uow.transaction(async (tx) => {
            await tx.orders.save(kept);
            await yieldTurns();
            await tx.products.save(keptProduct);
            return 'committed';
          }),
          p.uow.transaction(async (tx) => {
            await tx.orders.save(discarded);
            await yieldTurns();
            throw new PlannedFailure('roll back');
          }),
        ]);
        expect(committed).toEqual({ status: 'fulfilled', value: 'committed' });
        expect(rolledBack.status).toBe('rejected');
        expect(await p.uow.repositories.orders.get(kept.id)).toEqual(kept);
        expect(await p.uow.repositories.products.get(keptProduct.id)).toEqual(keptProduct);
        expect(await p.uow.repositories.orders.get(discarded.id)).toBeNull();
      }
    });

    it('SELECT ... FOR UPDATE serializes read-modify-write transactions: no lost update', async () => {
      const p = await persistence();
      await resetDatabase(p);
      const product = aProduct({ stockOnHand: 20 });
      await p.uow.repositories.products.save(product);
      const takeOne = async (): Promise<void> => {
        const runner = p.dataSource.createQueryRunner();
        try {
          await runner.connect();
          await runner.startTransaction();
          const rows = (await runner.query('SELECT stock_on_hand FROM products WHERE id = $1 FOR UPDATE', [product.id])) as {
            stock_on_hand: number;
          }[];
          await yieldTurns();
          await runner.query('UPDATE products SET stock_on_hand = $2 WHERE id = $1', [product.id, rows[0]!.stock_on_hand - 1]);
          await runner.commitTransaction();
        } finally {
          await runner.release();
        }
      };
      await Promise.all(Array.from({ length: 8 }, takeOne));
      expect((await p.uow.repositories.products.get(product.id))?.stockOnHand).toBe(12);
    });

    it('a conflict inside a transaction can be caught and the transaction goes on (savepoint)', async () => {
      const p = await persistence();
      await resetDatabase(p);
      const first = anInvoice({ number: 1 });
      await p.uow.repositories.invoices.save(first);
      const retry = anInvoice({ number: 1 });
      const saved = await p.uow.transaction(async (tx) => {
        const error = await tx.invoices.save(retry).catch((caught: unknown) => caught);
        expect(error).toMatchObject({ code: 'INVOICE.NUMBER_TAKEN' });
        const next = { ...retry, number: (await tx.invoices.lastNumber(retry.issuerCuit, retry.pointOfSale, retry.voucherType)) + 1 };
        await tx.invoices.save(next);
        return next;
      });
      expect(await p.uow.repositories.invoices.get(retry.id)).toEqual(saved);
      expect(saved.number).toBe(2);
    });

    it('the order number sequence moves past numbers saved explicitly', async () => {
      const p = await persistence();
      await resetDatabase(p);
      const { orders } = p.uow.repositories;
      const first = await orders.nextNumber();
      await orders.save(anOrder({ number: first + 500 }));
      expect(await orders.nextNumber()).toBe(first + 501);
      await orders.save(anOrder({ number: 3 })); // below the sequence: no effect
      expect(await orders.nextNumber()).toBe(first + 502);
    });

    it('stores images as bytes, exactly, with their MIME type', async () => {
      const p = await persistence();
      await resetDatabase(p);
      const bytes = Uint8Array.from({ length: 1024 }, (_, i) => i % 256);
      const id = await p.images.put(bytes, 'image/png');
      const stored = await p.images.get(id);
      expect(stored?.mimeType).toBe('image/png');
      expect(stored?.bytes).toBeInstanceOf(Uint8Array);
      expect(Array.from(stored?.bytes ?? [])).toEqual(Array.from(bytes));
      expect(await p.images.get('00000000-0000-0000-0000-000000000000')).toBeNull();
      await expect(p.images.put(bytes, 'not a mime type')).rejects.toMatchObject({ code: 'IMAGE.MIME_TYPE_INVALID' });
    });

    describe('search ranking', () => {
      const catalog = (): Record<string, Product> => ({
        drill: aProduct({
          name: 'Taladro percutor 650W',
          description: 'Mandril de 13 mm',
          translations: { en: { name: 'Hammer drill 650W' } },
        }),
        bit: aProduct({ name: 'Mecha para taladro 8 mm', translations: { en: { name: 'Drill bit 8 mm' } } }),
        driver: aProduct({
          name: 'Atornillador inalámbrico',
          description: 'También sirve de taladro liviano',
          translations: { en: { name: 'Cordless screwdriver' } },
        }),
        sneakers: aProduct({
          name: 'Zapatillas running',
          attributes: { talle: '42', color: 'azul' },
          translations: { en: { name: 'Running shoes' } },
        }),
        shirt: aProduct({ name: 'Remera de algodón', translations: { en: { name: 'Cotton t-shirt' } } }),
        camera: aProduct({ name: 'Cámara de fotos réflex', translations: { en: { name: 'Reflex photo camera' } } }),
        yerba: aProduct({ name: 'Yerba mate 1 kg', sku: 'ALM-YER-001', translations: { en: { name: 'Yerba mate tea 1 kg' } } }),
        scarf: aProduct({ name: 'Bufanda de lana', translations: { en: { name: 'Wool scarf' } } }),
        table: aProduct({ name: 'Mesa plegable', translations: { en: { name: 'Folding table' } } }),
        dough: aProduct({ name: 'Masa para pizza', translations: { en: { name: 'Pizza dough' } } }),
      });

      const seeded = async (): Promise<{ p: Persistence; c: Record<string, Product> }> => {
        const p = await persistence();
        await resetDatabase(p);
        const c = catalog();
        for (const product of Object.values(c)) await p.uow.repositories.products.save(product);
        return { p, c };
      };

      const names = async (p: Persistence, text: string): Promise<string[]> =>
        (await p.search.search({ text, at: AT }, { offset: 0, limit: 10 })).items.map((hit) => hit.product.name);

      it('Spanish: a name match outranks a description match; plurals, accents and case do not matter', async () => {
        const { p, c } = await seeded();
        const hits = await names(p, 'taladro');
        expect(hits.slice(0, 2).sort()).toEqual([c.drill!.name, c.bit!.name].sort());
        expect(hits[2]).toBe(c.driver!.name);
        expect((await names(p, 'TALADROS PERCUTORES'))[0]).toBe(c.drill!.name);
        expect((await names(p, 'camara'))[0]).toBe(c.camera!.name);
        expect((await names(p, 'zapatilla azul'))[0]).toBe(c.sneakers!.name);
        expect((await names(p, 'remera algodon'))[0]).toBe(c.shirt!.name);
      });

      it('Spanish typos: "taldro", "remra", "zapatiyas" still find the product', async () => {
        const { p, c } = await seeded();
        expect(await names(p, 'taldro')).toContain(c.drill!.name);
        expect((await names(p, 'remra'))[0]).toBe(c.shirt!.name);
        expect((await names(p, 'zapatiyas'))[0]).toBe(c.sneakers!.name);
      });

      it('typos are corrected against the catalog vocabulary: swapped letters count once, real words are not "corrected"', async () => {
        const { p, c } = await seeded();
        expect((await names(p, 'bfuanda'))[0]).toBe(c.scarf!.name);
        expect((await names(p, 'msea'))[0]).toBe(c.table!.name);
        expect(await names(p, 'mesa')).toEqual([c.table!.name]);
        expect(await names(p, 'masa')).toEqual([c.dough!.name]);
        expect((await names(p, 'zapatilas runing'))[0]).toBe(c.sneakers!.name);
        expect(await names(p, 'xyzw')).toEqual([]);
      });

      it('a typo is corrected to its nearest words only: "smeillas" finds semillas (one swap), not sillas (two edits)', async () => {
        const { p } = await seeded();
        const seeds = aProduct({ name: 'Semillas de tomate' });
        const chair = aProduct({ name: 'Silla de jardín' });
        for (const product of [seeds, chair]) await p.uow.repositories.products.save(product);
        expect(await names(p, 'smeillas')).toEqual([seeds.name]);
        expect(await names(p, 'sillas')).toEqual([chair.name]);
      });

      it('English: translated names are searched, stemmed ("drills", "shoes", "cameras")', async () => {
        const { p, c } = await seeded();
        const drills = await names(p, 'drills');
        expect(drills.slice(0, 2).sort()).toEqual([c.drill!.name, c.bit!.name].sort());
        expect((await names(p, 'hammer drill'))[0]).toBe(c.drill!.name);
        expect((await names(p, 'running shoes'))[0]).toBe(c.sneakers!.name);
        expect((await names(p, 'cameras'))[0]).toBe(c.camera!.name);
        expect((await names(p, 'cotton shirt'))[0]).toBe(c.shirt!.name);
      });

      it('prefixes and SKUs: "zapat", "yer", "alm-yer-001", "ALMYER001"', async () => {
        const { p, c } = await seeded();
        expect((await names(p, 'zapat'))[0]).toBe(c.sneakers!.name);
        expect((await names(p, 'yer'))[0]).toBe(c.yerba!.name);
        expect(await names(p, 'alm-yer-001')).toEqual([c.yerba!.name]);
        expect(await names(p, 'ALMYER001')).toEqual([c.yerba!.name]);
      });

      it('a bulk rewrite (saveMany, as a CSV import writes) of more rows than one statement: the search finds the new names, not the old ones, and corrects typos of the new words', async () => {
        const p = await persistence();
        await resetDatabase(p);
        const { products } = p.uow.repositories;
        // More than one statement's worth (2,000 rows), so updates and inserts meet in every statement.
        const before = Array.from({ length: 2_100 }, (_, i) =>
          aProduct({ sku: `LAMP-${String(i).padStart(5, '0')}`, name: `Lámpara antigua ${i}`, description: 'de bronce' }),
        );
        await products.saveMany(before);
        const renamed = before.map((product, i) => ({
          ...product,
          name: `Farol colonial ${i}`,
          description: i % 2 === 0 ? 'de hierro forjado' : '',
          stockOnHand: product.stockOnHand + 1,
        }));
        const added = Array.from({ length: 3 }, (_, i) => aProduct({ sku: `FAROL-NEW-${i}`, name: `Farol colonial nuevo ${i}` }));
        // New products between the existing ones, as a file mixes them.
        await products.saveMany([...renamed.slice(0, 1_000), ...added, ...renamed.slice(1_000)]);

        const page = { offset: 0, limit: 5 };
        expect((await p.search.search({ text: 'farol colonial', at: AT }, page)).total).toBe(2_103);
        expect((await p.search.search({ text: 'antigua', at: AT }, page)).total).toBe(0);
        expect((await p.search.search({ text: 'hierro forjado', at: AT }, page)).total).toBe(1_050);
        expect((await p.search.search({ text: 'bronce', at: AT }, page)).total).toBe(0);
        // "fraol" and "forjdao" are typos of words only the bulk update brought into the vocabulary.
        expect((await p.search.search({ text: 'fraol', at: AT }, page)).total).toBe(2_103);
        expect((await p.search.search({ text: 'forjdao', at: AT }, page)).total).toBe(1_050);
        expect(await products.get(renamed[2_099]!.id)).toEqual(renamed[2_099]);
        expect(await products.get(added[2]!.id)).toEqual(added[2]);
      });

      it('every word must match, else the products matching the most words: "taladro azul" lists drills and blue things', async () => {
        const { p, c } = await seeded();
        // No blue drill: each product matches one of the two words, those named "taladro" first.
        const found = await names(p, 'taladro azul');
        expect(found.slice(0, 2).sort()).toEqual([c.drill!.name, c.bit!.name].sort());
        expect(found).toContain(c.sneakers!.name);
        expect(await names(p, 'taladro zzzzqqq')).toContain(c.drill!.name);
      });
    });
  });
};
