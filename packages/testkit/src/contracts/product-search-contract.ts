import { type Category, money, type Product, type ProductSearchQuery } from '@mostrador/core';
import { describe, expect, it } from 'vitest';
import { aCategory, aProduct } from '../mothers/index.js';
import { allPages, usePersistence } from './lifecycle.js';
import type { PersistenceFactory } from './persistence-under-test.js';

const AT = new Date('2025-03-10T12:00:00.000Z');
const DAY = 24 * 3_600_000;
const PAGE = { offset: 0, limit: 50 };

interface Catalog {
  readonly tools: Category;
  readonly garden: Category;
  readonly drill: Product;
  readonly hammer: Product;
  readonly screwdriver: Product;
  readonly hose: Product;
  readonly shears: Product;
  readonly retiredDrill: Product;
}

const aCatalog = (): Catalog => {
  const tools = aCategory({ slug: 'herramientas', name: 'Herramientas', translations: { en: { name: 'Tools' } } });
  const garden = aCategory({ slug: 'jardin', name: 'Jardín', translations: { en: { name: 'Garden' } } });
  return {
    tools,
    garden,
    drill: aProduct({
      name: 'Taladro percutor 650W',
      description: 'Taladro con mandril de 13 mm',
      categoryId: tools.id,
      price: money(85_000_00),
      stockOnHand: 5,
      translations: { en: { name: 'Hammer drill 650W', description: 'Drill with a 13 mm chuck' } },
    }),
    hammer: aProduct({
      name: 'Martillo de carpintero',
      categoryId: tools.id,
      price: money(12_000_00),
      stockOnHand: 0,
      translations: { en: { name: 'Claw hammer' } },
    }),
    screwdriver: aProduct({
      name: 'Destornillador Phillips',
      categoryId: tools.id,
      price: money(4_500_00),
      stockOnHand: 20,
      discount: { kind: 'percent', basisPoints: 2000, validFrom: new Date(AT.getTime() - DAY), validUntil: new Date(AT.getTime() + DAY) },
      translations: { en: { name: 'Phillips screwdriver' } },
    }),
    hose: aProduct({
      name: 'Manguera de jardín 15 m',
      categoryId: garden.id,
      price: money(25_000_00),
      stockOnHand: 8,
      discount: { kind: 'amount', amount: money(5_000_00), validFrom: null, validUntil: new Date(AT.getTime() - DAY) },
      translations: { en: { name: 'Garden hose 15 m' } },
    }),
    shears: aProduct({
      name: 'Tijera de podar',
      categoryId: garden.id,
      price: money(15_000_00),
      stockOnHand: 3,
      reserved: 3,
      discount: { kind: 'amount', amount: money(5_000_00), validFrom: null, validUntil: null },
      translations: { en: { name: 'Pruning shears' } },
    }),
    retiredDrill: aProduct({ name: 'Taladro inalámbrico', categoryId: tools.id, active: false, stockOnHand: 4 }),
  };
};

/**
 * Registers the ProductSearch contract: Spanish and English text tolerant of case, accents,
 * plurals and small typos; translated names; filters on category, effective price, stock and
 * offers; active products only; a stable order (score desc, name, id) so paging never repeats.
 */
export function productSearchContract(factory: PersistenceFactory, options: { readonly name?: string } = {}): void {
  describe(`product search contract${options.name ? ` (${options.name})` : ''}`, () => {
    const context = usePersistence(factory);
    let catalog: Catalog;

    const seed = async (): Promise<void> => {
      catalog = aCatalog();
      const { categories, products } = context.persistence().uow.repositories;
      await categories.save(catalog.tools);
      await categories.save(catalog.garden);
      for (const product of [catalog.drill, catalog.hammer, catalog.screwdriver, catalog.hose, catalog.shears, catalog.retiredDrill])
        await products.save(product);
    };

    const ids = async (query: Partial<ProductSearchQuery>, page = PAGE): Promise<string[]> =>
      (await context.persistence().search.search({ text: '', at: AT, ...query }, page)).items.map((hit) => hit.product.id);

    describe('text', () => {
      it('finds the drill by its name, ranked first, and never an inactive product', async () => {
        await seed();
        const found = await ids({ text: 'taladro' });
        expect(found[0]).toBe(catalog.drill.id);
        expect(found).not.toContain(catalog.retiredDrill.id);
      });

      it('ignores case and plural endings: "TALADROS"', async () => {
        await seed();
        expect(await ids({ text: 'TALADROS' })).toContain(catalog.drill.id);
      });

      it('tolerates a small typo: "taldro"', async () => {
        await seed();
        expect(await ids({ text: 'taldro' })).toContain(catalog.drill.id);
      });

      it('ignores accents both ways: "martíllo", "martillo", "jardin"', async () => {
        await seed();
        expect((await ids({ text: 'martíllo' }))[0]).toBe(catalog.hammer.id);
        expect((await ids({ text: 'martillo' }))[0]).toBe(catalog.hammer.id);
        expect(await ids({ text: 'jardin' })).toContain(catalog.hose.id);
      });

      it('matches English translations: "drill"', async () => {
        await seed();
        expect((await ids({ text: 'drill', locale: 'en' }))[0]).toBe(catalog.drill.id);
        expect(await ids({ text: 'drill' })).toContain(catalog.drill.id);
      });

      it('matches a word of one or two letters whole, never as a prefix: "usb c"', async () => {
        await seed();
        const charger = aProduct({ name: 'Cargador USB-C 20W' });
        const cable = aProduct({ name: 'Cable USB para impresora' });
        for (const product of [charger, cable]) await context.persistence().uow.repositories.products.save(product);
        expect(await ids({ text: 'usb c' })).toEqual([charger.id]);
        expect((await ids({ text: 'usb' })).sort()).toEqual([charger.id, cable.id].sort());
      });

      it('finds nothing for unrelated text', async () => {
        await seed();
        const page = await context.persistence().search.search({ text: 'zzzzqqq', at: AT }, PAGE);
        expect(page.items).toEqual([]);
        expect(page.total).toBe(0);
      });

      it('orders hits by score, highest first, and returns whole products', async () => {
        await seed();
        const page = await context.persistence().search.search({ text: 'taladro percutor', at: AT }, PAGE);
        const scores = page.items.map((hit) => hit.score);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
        expect(page.items[0]?.product).toEqual(catalog.drill);
      });
    });

    describe('words as customers write them', () => {
      const save = async (...items: readonly (Category | Product)[]): Promise<void> => {
        const { categories, products } = context.persistence().uow.repositories;
        for (const item of items) {
          if ('sku' in item) await products.save(item);
          else await categories.save(item);
        }
      };

      it('ranks partial matches when no product has every word: the most words matched first, never a product matching none', async () => {
        await seed();
        // No "makita" anywhere: the drills still come, and only them.
        expect(await ids({ text: 'taladro percutor makita' })).toEqual([catalog.drill.id]);
        // Hammer matches two words, the garden products one (their category): the hammer ranks first.
        const found = await ids({ text: 'martillo carpintero jardín' });
        expect(found[0]).toBe(catalog.hammer.id);
        expect([...found].sort()).toEqual([catalog.hammer.id, catalog.hose.id, catalog.shears.id].sort());
        const page = await context.persistence().search.search({ text: 'martillo carpintero jardín', at: AT }, PAGE);
        expect(page.items[0]!.score).toBeGreaterThan(page.items[1]!.score);
        expect(page.total).toBe(3);
      });

      it('never answers a partial match on numbers and units alone, nor on unknown words', async () => {
        await seed();
        expect(await ids({ text: 'zzzzqqq 650 w' })).toEqual([]);
        expect(await ids({ text: 'zzzzqqq wwwwkkk' })).toEqual([]);
      });

      it('finds a category by its name in Spanish or English, its subcategories included', async () => {
        await seed();
        const power = aCategory({
          slug: 'electricas',
          name: 'Eléctricas',
          parentId: catalog.tools.id,
          translations: { en: { name: 'Power' } },
        });
        const sander = aProduct({ name: 'Lijadora orbital', categoryId: power.id, translations: { en: { name: 'Orbital sander' } } });
        await save(power, sander);
        const tools = [catalog.drill.id, catalog.hammer.id, catalog.screwdriver.id, sander.id].sort();
        expect([...(await ids({ text: 'herramientas' }))].sort()).toEqual(tools);
        expect([...(await ids({ text: 'TOOLS' }))].sort()).toEqual(tools);
        expect(await ids({ text: 'eléctricas' })).toEqual([sander.id]);
        // A category word narrows other words: only the garden hose among the products in "Jardín".
        expect(await ids({ text: 'manguera jardin' })).toContain(catalog.hose.id);
        expect(await ids({ text: 'garden shears' })).toEqual([catalog.shears.id]);
      });

      it('matches a category through a synonym: "pintura" finds the products of "Pinturería"', async () => {
        await seed();
        const paint = aCategory({ slug: 'pintureria', name: 'Pinturería', translations: { en: { name: 'Paint shop' } } });
        // Fixed SKUs: a random one (hex) can hold a digit that matches the query's "4" by itself.
        const latex = aProduct({ sku: 'LATEX-INT', name: 'Látex interior 4 litros', categoryId: paint.id });
        const enamel = aProduct({ sku: 'ESMALTE-SINT', name: 'Esmalte sintético 1 litro', categoryId: paint.id });
        await save(paint, latex, enamel);
        expect([...(await ids({ text: 'pintura' }))].sort()).toEqual([latex.id, enamel.id].sort());
        // "blanca" is in no product: the paints matching three of the four words come first.
        expect((await ids({ text: 'pintura blanca 4 litros' }))[0]).toBe(latex.id);
      });

      it('reads units written with or without a space, and their other spellings', async () => {
        await seed();
        const lamp = aProduct({ name: 'Lámpara LED 12 W', translations: { en: { name: 'LED bulb 12 W' } } });
        const pipe = aProduct({ name: 'Caño termofusión 20 mm' });
        const latex = aProduct({ name: 'Látex interior 4 litros' });
        const cable = aProduct({ name: 'Cable unipolar 1,5 mm²', translations: { en: { name: 'Single-core cable 1.5 mm²' } } });
        await save(lamp, pipe, latex, cable);
        for (const text of ['lampara led 12w', 'lámpara 12 w', 'LAMPARA 12W', 'lamparita 12 watts', 'bulb 12w'])
          expect(await ids({ text }), text).toEqual([lamp.id]);
        for (const text of ['caño 20mm', 'caño 20 mm', 'cano 20 milimetros']) expect(await ids({ text }), text).toEqual([pipe.id]);
        for (const text of ['latex 4l', 'látex 4 lts', 'latex 4 litros']) expect(await ids({ text }), text).toEqual([latex.id]);
        for (const text of ['cable 1,5mm', 'cable 1.5 mm', 'cable 1.5mm']) expect(await ids({ text }), text).toEqual([cable.id]);
        // The product writes the unit glued to the number: found with the space too.
        for (const text of ['taladro 650w', 'taladro 650 w', 'taladro 650 watts'])
          expect((await ids({ text }))[0], text).toBe(catalog.drill.id);
        expect((await ids({ text: 'taladro 13mm' }))[0]).toBe(catalog.drill.id);
      });
    });

    describe('filters', () => {
      it('browses all active products when the text is empty', async () => {
        await seed();
        const found = await ids({ text: '' });
        expect(found.sort()).toEqual(
          [catalog.drill, catalog.hammer, catalog.screwdriver, catalog.hose, catalog.shears].map((p) => p.id).sort(),
        );
      });

      it('filters by category', async () => {
        await seed();
        expect((await ids({ categoryId: catalog.garden.id })).sort()).toEqual([catalog.hose.id, catalog.shears.id].sort());
        expect(await ids({ text: 'taladro', categoryId: catalog.garden.id })).toEqual([]);
      });

      it('filters by effective (discounted) price, bounds inclusive', async () => {
        await seed();
        // Shears list at 15.000 but cost 10.000 with the discount; the screwdriver costs 3.600.
        expect((await ids({ minPrice: 10_000_00, maxPrice: 12_000_00 })).sort()).toEqual([catalog.hammer.id, catalog.shears.id].sort());
        expect(await ids({ maxPrice: 3_600_00 })).toEqual([catalog.screwdriver.id]);
        expect(await ids({ minPrice: 85_000_00 })).toEqual([catalog.drill.id]);
      });

      it('keeps only products with available units', async () => {
        await seed();
        expect((await ids({ inStockOnly: true })).sort()).toEqual([catalog.drill.id, catalog.screwdriver.id, catalog.hose.id].sort());
      });

      it('keeps only products on offer at the given time', async () => {
        await seed();
        expect((await ids({ onOfferOnly: true })).sort()).toEqual([catalog.screwdriver.id, catalog.shears.id].sort());
        const later = new Date(AT.getTime() + 2 * DAY);
        expect(await ids({ onOfferOnly: true, at: later })).toEqual([catalog.shears.id]);
      });
    });

    describe('paging', () => {
      it('pages through text results and browsing with no repeats and no gaps, the same way twice', async () => {
        const { products } = context.persistence().uow.repositories;
        const screws = Array.from({ length: 30 }, (_, i) =>
          aProduct({ name: `Tornillo ${['madera', 'chapa', 'hierro'][i % 3]} ${i % 4}`, stockOnHand: i }),
        );
        for (const product of screws) await products.save(product);
        await products.save(aProduct({ name: 'Arandela' }));
        const expected = screws.map((p) => p.id).sort();

        for (const text of ['tornillo', 'tornillo madera', '']) {
          const first = await allPages(async (offset, limit) => {
            const page = await context.persistence().search.search({ text, at: AT }, { offset, limit });
            expect(page).toMatchObject({ offset, limit });
            return { items: page.items.map((hit) => hit.product.id), total: page.total };
          }, 7);
          expect(new Set(first).size).toBe(first.length);
          const again = await allPages(async (offset, limit) => {
            const page = await context.persistence().search.search({ text, at: AT }, { offset, limit });
            return { items: page.items.map((hit) => hit.product.id), total: page.total };
          }, 7);
          expect(again).toEqual(first);
          if (text === 'tornillo') expect([...first].sort()).toEqual(expected);
          if (text === '') expect(first).toHaveLength(31);
        }
        const counted = await context.persistence().search.search({ text: 'tornillo', at: AT }, { offset: 0, limit: 5 });
        expect(counted.total).toBe(30);
        expect(counted.items).toHaveLength(5);
      });
    });
  });
}
