import { type Actor, type Discount, type ImageStore, money, type UnitOfWork, type UseCases } from '@mostrador/core';
import { DEMO_CATALOG } from './catalog-data.js';
import { drawProductImage } from './product-art.js';

const SYSTEM: Actor = { kind: 'system' };
const SEEDED_KEY = 'demo.seeded';

export interface SeedReport {
  readonly seeded: boolean;
  readonly categories: number;
  readonly products: number;
}

/** Whole pesos with a price factor, rounded to the nearest $10, as centavos. */
const priceCents = (pesos: number, factor: number, brandIndex: number): number =>
  Math.round((pesos * factor * (1 + brandIndex * 0.08)) / 10) * 10 * 100;

/**
 * Loads the demo catalog once (a settings flag marks it), generating every product image
 * locally. Deterministic: the same products, prices, discounts and stock on every machine.
 */
export async function seedDemoCatalog(deps: { useCases: UseCases; images: ImageStore; uow: UnitOfWork; now: Date }): Promise<SeedReport> {
  const { useCases, images, uow, now } = deps;
  if (await uow.repositories.settings.get<boolean>(SEEDED_KEY)) return { seeded: false, categories: 0, products: 0 };
  let productCount = 0;
  for (const [position, category] of DEMO_CATALOG.entries()) {
    const saved = await useCases.catalog.saveCategory(SYSTEM, {
      slug: category.slug,
      name: category.es,
      position,
      translations: { en: { name: category.en } },
    });
    for (const family of category.families) {
      const brands = family.brands ?? category.brands;
      for (const [brandIndex, brand] of brands.entries()) {
        for (const [variantEs, variantEn, factor] of family.variants) {
          const index = productCount++;
          const name = `${family.es} ${brand} ${variantEs}`;
          const png = drawProductImage(name, category.color);
          const imageId = await images.put(png, 'image/png');
          const until = new Date(now.getTime() + 30 * 24 * 3600_000);
          const price = priceCents(family.basePrice, factor, brandIndex);
          const discount: Discount | null =
            index % 7 === 3
              ? { kind: 'percent', basisPoints: 1000 + (index % 3) * 500, validFrom: null, validUntil: until }
              : index % 11 === 5
                ? { kind: 'amount', amount: money(Math.round(price / 1000) * 100), validFrom: null, validUntil: until }
                : null;
          await useCases.catalog.createProduct(SYSTEM, {
            sku: `${category.slug.slice(0, 3).toUpperCase()}-${String(index + 1).padStart(4, '0')}`,
            name,
            description: family.descriptionEs,
            categoryId: saved.id,
            attributes: { marca: brand, variante: variantEs },
            price: money(price),
            vatRate: family.vatRate ?? 2100,
            stockOnHand: index % 13 === 7 ? 0 : 3 + ((index * 37) % 60),
            active: true,
            translations: { en: { name: `${family.en} ${brand} ${variantEn}`, description: family.descriptionEn } },
            discount,
            imageIds: [{ id: imageId, mimeType: 'image/png', width: 320, height: 320 }],
          });
        }
      }
    }
  }
  await uow.repositories.settings.set(SEEDED_KEY, true);
  return { seeded: true, categories: DEMO_CATALOG.length, products: productCount };
}
