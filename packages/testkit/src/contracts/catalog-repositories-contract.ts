import { money } from '@mostrador/core';
import { describe, expect, it } from 'vitest';
import { aCategory, aProduct, aStockMovement } from '../mothers/index.js';
import { allPages, byId } from './lifecycle.js';
import type { ContractContext } from './persistence-under-test.js';

const AT = new Date('2025-03-10T12:00:00.000Z');
const DAY = 24 * 3_600_000;

export const catalogRepositoriesContract = ({ persistence }: ContractContext): void => {
  const repositories = () => persistence().uow.repositories;

  describe('products', () => {
    it('returns null for an unknown id or sku and an empty list for unknown ids', async () => {
      const { products } = repositories();
      expect(await products.get(aProduct().id)).toBeNull();
      expect(await products.getBySku('NO-SUCH-SKU')).toBeNull();
      expect(await products.getMany([aProduct().id])).toEqual([]);
    });

    it('saves a product and reads it back whole, by id, by sku and in getMany', async () => {
      const { products } = repositories();
      const product = aProduct({
        description: 'Percutor 13 mm',
        attributes: { marca: 'Bosch', potencia: '650 W' },
        images: [{ id: 'img-1', mimeType: 'image/jpeg', width: 800, height: 600 }],
        translations: { en: { name: 'Hammer drill', description: 'Hammer drill 13 mm' } },
        discount: { kind: 'percent', basisPoints: 1500, validFrom: new Date(AT.getTime() - DAY), validUntil: new Date(AT.getTime() + DAY) },
        stockOnHand: 7,
        reserved: 2,
      });
      const other = aProduct();
      await products.save(product);
      await products.save(other);
      expect(await products.get(product.id)).toEqual(product);
      expect(await products.getBySku(product.sku)).toEqual(product);
      expect((await products.getMany([other.id, product.id, aProduct().id])).sort(byId)).toEqual([product, other].sort(byId));
    });

    it('findBySkus reads many products at once (locked inside a transaction); saveMany inserts and replaces in bulk', async () => {
      const { products } = repositories();
      const existing = aProduct({ description: 'antes', stockOnHand: 4, reserved: 1 });
      await products.save(existing);
      const batch = Array.from({ length: 1_203 }, (_, i) => aProduct({ sku: `BULK-${String(i).padStart(5, '0')}`, stockOnHand: i }));
      const changed = { ...existing, description: 'después', stockOnHand: 9 };
      // Text an array literal must escape, and every kind of column filled in.
      const tricky = aProduct({
        sku: 'BULK-TRICKY',
        name: 'Mate "criollo", {grande} \\ con ñandú ✓',
        description: 'línea 1\nlínea 2, NULL, "",\t{a,b}',
        attributes: { marca: 'O\'Brien "x"', 'a,b': '{}' },
        images: [{ id: 'img-1', mimeType: 'image/jpeg', width: 800, height: 600 }],
        translations: { en: { name: 'Mate', description: 'With "quotes"' } },
        discount: { kind: 'amount', amount: money(1_500), validFrom: new Date(AT.getTime() - DAY), validUntil: null },
        stockOnHand: 7,
        reserved: 2,
        active: false,
      });
      batch.push(tricky);
      await products.saveMany([changed, ...batch]);
      expect(await products.get(tricky.id)).toEqual(tricky);
      expect(await products.get(existing.id)).toEqual(changed);
      const found = await products.findBySkus([batch[1_202]!.sku, existing.sku, batch[0]!.sku, existing.sku, 'NO-SUCH-SKU']);
      expect(found.sort(byId)).toEqual([changed, batch[1_202]!, batch[0]!].sort(byId));
      expect(await products.findBySkus([])).toEqual([]);
      const locked = await persistence().uow.transaction((inTransaction) =>
        inTransaction.products.findBySkus([existing.sku], { lock: true }),
      );
      expect(locked).toEqual([changed]);
    });

    it('save replaces the whole product (upsert)', async () => {
      const { products } = repositories();
      const product = aProduct({
        attributes: { color: 'rojo' },
        discount: { kind: 'amount', amount: money(5_000), validFrom: null, validUntil: null },
      });
      await products.save(product);
      const changed = {
        ...product,
        name: 'Otro nombre',
        attributes: {},
        discount: null,
        price: money(123_456),
        updatedAt: new Date(AT.getTime() + 1000),
      };
      await products.save(changed);
      expect(await products.get(product.id)).toEqual(changed);
    });

    it('lists with filters and paging totals', async () => {
      const { products, categories } = repositories();
      const tools = aCategory();
      await categories.save(tools);
      const onOffer = aProduct({
        categoryId: tools.id,
        discount: { kind: 'percent', basisPoints: 1000, validFrom: null, validUntil: new Date(AT.getTime() + DAY) },
      });
      const offerOver = aProduct({
        categoryId: tools.id,
        discount: { kind: 'percent', basisPoints: 1000, validFrom: null, validUntil: new Date(AT.getTime() - DAY) },
      });
      const inactive = aProduct({ categoryId: tools.id, active: false });
      const elsewhere = aProduct();
      for (const product of [onOffer, offerOver, inactive, elsewhere]) await products.save(product);

      const all = await products.list({}, { offset: 0, limit: 50 });
      expect(all.total).toBe(4);
      const inCategory = await products.list({ categoryId: tools.id }, { offset: 0, limit: 50 });
      expect(inCategory.items.map((p) => p.id).sort()).toEqual([onOffer.id, offerOver.id, inactive.id].sort());
      const active = await products.list({ categoryId: tools.id, activeOnly: true }, { offset: 0, limit: 50 });
      expect(active.items.map((p) => p.id).sort()).toEqual([onOffer.id, offerOver.id].sort());
      const offers = await products.list({ onOffer: true, at: AT }, { offset: 0, limit: 50 });
      expect(offers.items.map((p) => p.id)).toEqual([onOffer.id]);

      const firstPage = await products.list({}, { offset: 0, limit: 3 });
      expect(firstPage).toMatchObject({ total: 4, offset: 0, limit: 3 });
      expect(firstPage.items).toHaveLength(3);
      const lastPage = await products.list({}, { offset: 3, limit: 3 });
      expect(lastPage).toMatchObject({ total: 4, offset: 3, limit: 3 });
      expect(lastPage.items).toHaveLength(1);
    });

    it('pages through a listing in a stable order with no repeats and no gaps', async () => {
      const { products } = repositories();
      const saved = Array.from({ length: 23 }, (_, i) => aProduct({ name: `Tornillo ${i % 5}` }));
      for (const product of saved) await products.save(product);
      const seen = await allPages((offset, limit) => products.list({}, { offset, limit }), 5);
      expect(seen.map((p) => p.id).sort()).toEqual(saved.map((p) => p.id).sort());
      const again = await allPages((offset, limit) => products.list({}, { offset, limit }), 5);
      expect(again.map((p) => p.id)).toEqual(seen.map((p) => p.id));
    });

    it('reserve adds to reserved only while enough units are available', async () => {
      const { products } = repositories();
      const product = aProduct({ stockOnHand: 5, reserved: 1 });
      await products.save(product);
      expect(await products.reserve(product.id, 3)).toBe(true);
      expect(await products.get(product.id)).toMatchObject({ stockOnHand: 5, reserved: 4 });
      expect(await products.reserve(product.id, 2)).toBe(false);
      expect(await products.get(product.id)).toMatchObject({ stockOnHand: 5, reserved: 4 });
      expect(await products.reserve(product.id, 1)).toBe(true);
      expect(await products.reserve(product.id, 1)).toBe(false);
      expect(await products.get(product.id)).toMatchObject({ stockOnHand: 5, reserved: 5 });
    });

    it('reserve answers false for an unknown product', async () => {
      expect(await repositories().products.reserve(aProduct().id, 1)).toBe(false);
    });

    it('release returns reserved units and never drives reserved below zero', async () => {
      const { products } = repositories();
      const product = aProduct({ stockOnHand: 5, reserved: 3 });
      await products.save(product);
      await products.release(product.id, 2);
      expect(await products.get(product.id)).toMatchObject({ stockOnHand: 5, reserved: 1 });
      await products.release(product.id, 4);
      expect(await products.get(product.id)).toMatchObject({ stockOnHand: 5, reserved: 0 });
    });

    it('commit takes reserved units out of stock on hand and reserved alike', async () => {
      const { products } = repositories();
      const product = aProduct({ stockOnHand: 8, reserved: 3 });
      await products.save(product);
      await products.commit(product.id, 2);
      expect(await products.get(product.id)).toMatchObject({ stockOnHand: 6, reserved: 1 });
    });

    it('adjust moves stock on hand and refuses to go below what is reserved', async () => {
      const { products } = repositories();
      const product = aProduct({ stockOnHand: 5, reserved: 2 });
      await products.save(product);
      expect(await products.adjust(product.id, 4)).toBe(true);
      expect(await products.get(product.id)).toMatchObject({ stockOnHand: 9, reserved: 2 });
      expect(await products.adjust(product.id, -7)).toBe(true);
      expect(await products.get(product.id)).toMatchObject({ stockOnHand: 2, reserved: 2 });
      expect(await products.adjust(product.id, -1)).toBe(false);
      expect(await products.get(product.id)).toMatchObject({ stockOnHand: 2, reserved: 2 });
      expect(await products.adjust(aProduct().id, 1)).toBe(false);
    });

    it('lowStock lists active products whose available stock is at or below the threshold, least first', async () => {
      const { products } = repositories();
      const empty = aProduct({ stockOnHand: 3, reserved: 3 });
      const two = aProduct({ stockOnHand: 2, reserved: 0 });
      const atThreshold = aProduct({ stockOnHand: 6, reserved: 1 });
      const plenty = aProduct({ stockOnHand: 50, reserved: 0 });
      const inactive = aProduct({ stockOnHand: 0, active: false });
      for (const product of [plenty, atThreshold, two, empty, inactive]) await products.save(product);
      expect((await products.lowStock(5, 10)).map((p) => p.id)).toEqual([empty.id, two.id, atThreshold.id]);
      expect((await products.lowStock(5, 2)).map((p) => p.id)).toEqual([empty.id, two.id]);
    });
  });

  describe('categories', () => {
    it('returns null when absent, saves, reads by id and slug, replaces and deletes', async () => {
      const { categories } = repositories();
      const parent = aCategory({ position: 2, translations: { en: { name: 'Tools' } } });
      const child = aCategory({ parentId: parent.id, position: 1 });
      expect(await categories.get(parent.id)).toBeNull();
      expect(await categories.getBySlug(parent.slug)).toBeNull();
      await categories.save(parent);
      await categories.save(child);
      expect(await categories.get(parent.id)).toEqual(parent);
      expect(await categories.getBySlug(child.slug)).toEqual(child);
      expect((await categories.list()).sort(byId)).toEqual([parent, child].sort(byId));
      const renamed = { ...parent, name: 'Herramientas eléctricas' };
      await categories.save(renamed);
      expect(await categories.get(parent.id)).toEqual(renamed);
      await categories.delete(child.id);
      expect(await categories.get(child.id)).toBeNull();
      expect(await categories.list()).toEqual([renamed]);
    });
  });

  describe('stock movements', () => {
    it('lists one product’s movements newest first with paging totals', async () => {
      const { stockMovements } = repositories();
      const productId = aProduct().id;
      const movements = [0, 1, 2, 3, 4].map((i) => aStockMovement({ productId, delta: i + 1, at: new Date(AT.getTime() + i * 60_000) }));
      for (const movement of movements) await stockMovements.add(movement);
      await stockMovements.add(aStockMovement());
      const first = await stockMovements.listByProduct(productId, { offset: 0, limit: 2 });
      expect(first.total).toBe(5);
      expect(first.items).toEqual([movements[4], movements[3]]);
      const rest = await stockMovements.listByProduct(productId, { offset: 2, limit: 10 });
      expect(rest.items).toEqual([movements[2], movements[1], movements[0]]);
      expect((await stockMovements.listByProduct(aProduct().id, { offset: 0, limit: 10 })).total).toBe(0);
    });

    it('addMany adds movements in bulk, listed like one by one', async () => {
      const { stockMovements } = repositories();
      const productId = aProduct().id;
      const movements = Array.from({ length: 1_005 }, (_, i) =>
        aStockMovement({ productId, delta: i + 1, at: new Date(AT.getTime() + i * 1_000) }),
      );
      await stockMovements.addMany(movements);
      await stockMovements.addMany([]);
      const page = await stockMovements.listByProduct(productId, { offset: 0, limit: 2 });
      expect(page.total).toBe(1_005);
      expect(page.items).toEqual([movements[1_004], movements[1_003]]);
    });
  });
};
