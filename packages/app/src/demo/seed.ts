import { createHash } from 'node:crypto';
import {
  type Actor,
  actorLabel,
  type Category,
  ConflictError,
  type Discount,
  type IdGenerator,
  type ImageStore,
  insertNewProduct,
  type Money,
  money,
  type Product,
  type ProductImage,
  type Repositories,
  type Translations,
  type UnitOfWork,
  type VatRate,
  validateDiscount,
  vatRate,
} from '@mostrador/core';
import { DEMO_CATALOG } from './catalog-data.js';
import { drawProductImage } from './product-art.js';

const SYSTEM: Actor = { kind: 'system' };
/** Set in the same transaction as the catalog: present exactly when the whole catalog is. */
const SEEDED_KEY = 'demo.seeded';
const IMAGE_SIZE = 320;

export interface SeedReport {
  readonly seeded: boolean;
  readonly categories: number;
  readonly products: number;
}

/** How far a seed got: after each stored image, then after each product written in the transaction. */
export interface SeedProgress {
  readonly phase: 'images' | 'catalog';
  readonly done: number;
  readonly total: number;
}

export interface SeedDependencies {
  readonly images: ImageStore;
  readonly uow: UnitOfWork;
  readonly ids: IdGenerator;
  readonly now: Date;
  /** Called after every step (tests stop the seed here, as a crash would). */
  readonly onProgress?: (progress: SeedProgress) => void | Promise<void>;
}

/** One demo product as it will be written, minus its ids and image (drawn from `art`). */
export interface PlannedProduct {
  readonly sku: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly price: Money;
  readonly vatRate: VatRate;
  readonly stockOnHand: number;
  readonly discount: Discount | null;
  readonly translations: Translations;
  readonly art: { readonly name: string; readonly color: readonly [number, number, number] };
}

export interface PlannedCategory {
  readonly slug: string;
  readonly name: string;
  readonly position: number;
  readonly translations: Translations;
  readonly products: readonly PlannedProduct[];
}

const NOT_SEEDED: SeedReport = { seeded: false, categories: 0, products: 0 };

/** Whole pesos with a price factor, rounded to the nearest $10, as centavos. */
const priceCents = (pesos: number, factor: number, brandIndex: number): number =>
  Math.round((pesos * factor * (1 + brandIndex * 0.08)) / 10) * 10 * 100;

/**
 * The demo catalog as plain data: the same categories, SKUs, prices, discounts and stock on every
 * machine (only the discounts' end date follows `now`). Checked with core's rules, because the
 * seed writes through repositories rather than the use cases (see `seedDemoCatalog`).
 */
export function planDemoCatalog(now: Date): PlannedCategory[] {
  const until = new Date(now.getTime() + 30 * 24 * 3600_000);
  let index = 0;
  return DEMO_CATALOG.map((category, position) => {
    const products: PlannedProduct[] = [];
    for (const family of category.families) {
      const brands = family.brands ?? category.brands;
      for (const [brandIndex, brand] of brands.entries()) {
        for (const [variantEs, variantEn, factor] of family.variants) {
          const name = `${family.es} ${brand} ${variantEs}`;
          const price = money(priceCents(family.basePrice, factor, brandIndex));
          const discount: Discount | null =
            index % 7 === 3
              ? { kind: 'percent', basisPoints: 1000 + (index % 3) * 500, validFrom: null, validUntil: until }
              : index % 11 === 5
                ? { kind: 'amount', amount: money(Math.round(price.amount / 1000) * 100), validFrom: null, validUntil: until }
                : null;
          if (discount) validateDiscount(discount, price.currency);
          products.push({
            sku: `${category.slug.slice(0, 3).toUpperCase()}-${String(index + 1).padStart(4, '0')}`,
            name,
            description: family.descriptionEs,
            attributes: { marca: brand, variante: variantEs },
            price,
            vatRate: vatRate(family.vatRate ?? 2100),
            stockOnHand: index % 13 === 7 ? 0 : 3 + ((index * 37) % 60),
            discount,
            translations: { en: { name: `${family.en} ${brand} ${variantEn}`, description: family.descriptionEn } },
            art: { name, color: category.color },
          });
          index += 1;
        }
      }
    }
    return { slug: category.slug, name: category.es, position, translations: { en: { name: category.en } }, products };
  });
}

/** Content-derived id: the same picture always gets the same id, so storing it again is a no-op. */
export const demoImageId = (png: Uint8Array): string => `sha256-${createHash('sha256').update(png).digest('hex')}`;

const isSeeded = async (repositories: Repositories): Promise<boolean> => (await repositories.settings.get<boolean>(SEEDED_KEY)) === true;

/**
 * SKUs of the plan already in the database, kept as they are. Only a database seeded by an earlier
 * version, which wrote product by product and could be interrupted halfway, holds any (or a
 * shop that made such SKUs its own). On an empty catalog this is one query.
 */
const existingSkus = async (repositories: Repositories, products: readonly PlannedProduct[]): Promise<Set<string>> => {
  const found = new Set<string>();
  if ((await repositories.products.list({}, { offset: 0, limit: 1 })).total === 0) return found;
  for (const product of products) if (await repositories.products.getBySku(product.sku)) found.add(product.sku);
  return found;
};

/**
 * Loads the demo catalog once, generating every product image locally. All or nothing: a seed
 * interrupted at any point (Ctrl-C, crash, OOM) leaves no category, product or stock movement
 * behind, and the next start seeds again from the beginning (reusing the images already stored).
 *
 * Why one transaction rather than idempotent steps through the use cases: with upserts by slug and
 * SKU every step would be repeatable, but an interrupted seed would still leave a half catalog
 * visible (and a transaction per product instead of one). So the catalog, its stock movements and the
 * "seeded" flag are written in one `uow.transaction`, through its repositories: the use cases
 * open transactions of their own, which on PGlite cannot run inside ours (one connection,
 * decision 0003 §1). The plan is checked with core's rules instead (`planDemoCatalog`).
 *
 * Images cannot join that transaction (the ImageStore writes on its own connection), so they are
 * stored first, under ids derived from their bytes (`putIfAbsent`): a crash after some of them
 * leaves images nothing refers to yet, and the next seed finds and uses exactly those, without
 * duplicating any.
 */
export async function seedDemoCatalog(deps: SeedDependencies): Promise<SeedReport> {
  const { images, uow, ids, now, onProgress } = deps;
  if (await isSeeded(uow.repositories)) return NOT_SEEDED;
  const plan = planDemoCatalog(now);
  const planned = plan.flatMap((category) => category.products);
  const existing = await existingSkus(uow.repositories, planned);
  const toWrite = planned.filter((product) => !existing.has(product.sku));

  const pictures = new Map<string, ProductImage>();
  for (const product of toWrite) {
    const png = drawProductImage(product.art.name, product.art.color, IMAGE_SIZE);
    const id = demoImageId(png);
    await images.putIfAbsent(id, png, 'image/png');
    pictures.set(product.sku, { id, mimeType: 'image/png', width: IMAGE_SIZE, height: IMAGE_SIZE });
    await onProgress?.({ phase: 'images', done: pictures.size, total: toWrite.length });
  }

  const report: SeedReport = { seeded: true, categories: plan.length, products: planned.length };
  try {
    return await uow.transaction(async (repositories) => {
      if (await isSeeded(repositories)) return NOT_SEEDED;
      const categories = new Map((await repositories.categories.list()).map((category) => [category.slug, category]));
      const by = actorLabel(SYSTEM);
      let done = 0;
      for (const planCategory of plan) {
        let category = categories.get(planCategory.slug);
        if (!category) {
          category = {
            id: ids.next(),
            slug: planCategory.slug,
            name: planCategory.name,
            parentId: null,
            position: planCategory.position,
            translations: planCategory.translations,
          } satisfies Category;
          await repositories.categories.save(category);
        }
        for (const item of planCategory.products) {
          const image = pictures.get(item.sku);
          if (!image) continue; // in `existing`: kept as it is
          const product: Product = {
            id: ids.next(),
            sku: item.sku,
            name: item.name,
            description: item.description,
            categoryId: category.id,
            attributes: item.attributes,
            images: [image],
            price: item.price,
            vatRate: item.vatRate,
            stockOnHand: item.stockOnHand,
            reserved: 0,
            discount: item.discount,
            active: true,
            translations: item.translations,
            createdAt: now,
            updatedAt: now,
          };
          await insertNewProduct(repositories, ids, product, { reason: 'initial', note: null, by });
          done += 1;
          await onProgress?.({ phase: 'catalog', done, total: pictures.size });
        }
      }
      await repositories.settings.set(SEEDED_KEY, true);
      return report;
    });
  } catch (error) {
    // Two processes seeding one database at once: the second trips on the first's unique keys
    // and rolls back; the catalog is complete all the same.
    if (error instanceof ConflictError && (await isSeeded(uow.repositories))) return NOT_SEEDED;
    throw error;
  }
}
