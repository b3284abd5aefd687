import { validateDiscount } from '../catalog/pricing.js';
import type { Category, Product } from '../catalog/product.js';
import { money } from '../money/money.js';
import { vatRate } from '../money/vat.js';
import type { Repositories } from '../ports/repositories.js';
import type { IdGenerator } from '../ports/services.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { ensurePlainTextWithin, isInt4 } from '../shared/input-bounds.js';
import { yieldToPendingWork } from '../shared/timing.js';
import { ACCESS, actorLabel, authorize } from './authorization.js';
import type { UseCaseDependencies } from './dependencies.js';
import { mapPage } from './paging.js';
import { parseImportRows, planImport } from './product-import.js';
import { checkDescription, checkName, checkPriceCentavos, checkSku, checkStock, type RuleBreak } from './product-rules.js';
import { toProductView } from './product-view.js';
import { changeStockOnHand, type StockChangeContext } from './stock-changes.js';
import type { Actor, CatalogUseCases, ImportResult, ProductInput } from './use-cases.js';

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Rows an import reads per statement, in write slices (`UnitOfWork.bulkWriteRows`): see importProducts. */
const READ_SLICE_FACTOR = 4;

/** The product attributes staff edit, from validated input with defaults filled (stock is handled apart). */
const editableFields = (fields: ProductInput) => ({
  sku: fields.sku,
  name: fields.name,
  description: fields.description?.trim() ?? '',
  categoryId: fields.categoryId ?? null,
  attributes: fields.attributes ?? {},
  images: fields.imageIds ?? [],
  price: fields.price,
  vatRate: fields.vatRate,
  discount: fields.discount ?? null,
  active: fields.active ?? true,
  translations: fields.translations ?? {},
});

/** Throws the rule a field breaks as a ValidationError naming the field (the same rules as the CSV import). */
const enforce = (field: string, value: unknown, rule: RuleBreak | null): void => {
  if (rule) throw new ValidationError(`PRODUCT.${rule.reason}`, rule.message, { field, [field]: value });
};

const validateProductFields = (input: ProductInput): ProductInput => {
  ensurePlainTextWithin(input);
  const sku = input.sku.trim();
  const name = input.name.trim();
  enforce('sku', input.sku, checkSku(sku));
  enforce('name', input.name, checkName(name));
  if (input.description !== undefined) enforce('description', input.description.length, checkDescription(input.description.trim()));
  const price = money(input.price.amount, input.price.currency);
  enforce('price', price.amount, checkPriceCentavos(price.amount));
  const stockOnHand = input.stockOnHand ?? 0;
  enforce('stockOnHand', stockOnHand, checkStock(stockOnHand));
  if (input.discount) validateDiscount(input.discount, price);
  return { ...input, sku, name, price, vatRate: vatRate(input.vatRate), stockOnHand };
};

const requireCategory = async (repositories: Repositories, categoryId: string | null | undefined): Promise<void> => {
  if (categoryId && !(await repositories.categories.get(categoryId))) throw new NotFoundError('category', categoryId);
};

/**
 * Saves a new product and, when it arrives with stock, the audit-trail movement for that stock,
 * inside the caller's transaction. Also for loaders that write a whole catalog in one transaction
 * of their own (the demo seed) instead of a use case's transaction per product.
 */
export const insertNewProduct = async (
  repositories: Repositories,
  ids: IdGenerator,
  product: Product,
  movement: { reason: 'initial' | 'import'; note: string | null; by: string },
): Promise<void> => {
  await repositories.products.save(product);
  if (product.stockOnHand <= 0) return;
  await repositories.stockMovements.add({
    id: ids.next(),
    productId: product.id,
    delta: product.stockOnHand,
    ...movement,
    orderId: null,
    at: product.createdAt,
  });
};

export const createCatalogUseCases = ({ uow, search, clock, ids, settings }: UseCaseDependencies): CatalogUseCases => {
  const stockContext = (repositories: Repositories, actor: Actor, at: Date): StockChangeContext => ({
    repositories,
    ids,
    lowStockThreshold: settings.lowStockThreshold,
    at,
    by: actorLabel(actor),
  });

  const requireProduct = async (repositories: Repositories, id: string): Promise<Product> => {
    const product = await repositories.products.get(id);
    if (!product) throw new NotFoundError('product', id);
    return product;
  };

  const ensureSkuFree = async (repositories: Repositories, sku: string, ownId: string | null): Promise<void> => {
    const holder = await repositories.products.getBySku(sku);
    if (holder && holder.id !== ownId)
      throw new ConflictError('PRODUCT.SKU_TAKEN', `sku ${sku} is already used by ${holder.name}`, { sku, productId: holder.id });
  };

  return {
    async listCategories() {
      const categories = await uow.repositories.categories.list();
      return [...categories].sort((a, b) => a.position - b.position || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },

    async listProducts(filter, page) {
      const at = clock.now();
      const found = await uow.repositories.products.list(
        { ...(filter.categoryId === undefined ? {} : { categoryId: filter.categoryId }), activeOnly: !filter.includeInactive },
        page,
      );
      return mapPage(found, (product) => toProductView(product, at));
    },

    async getProduct(id) {
      const product = await uow.repositories.products.get(id);
      return product ? toProductView(product, clock.now()) : null;
    },

    async search(query, page) {
      const at = query.at ?? clock.now();
      const hits = await search.search({ ...query, at }, page);
      return mapPage(hits, (hit) => toProductView(hit.product, at));
    },

    async offers(page) {
      const at = clock.now();
      const found = await uow.repositories.products.list({ activeOnly: true, onOffer: true, at }, page);
      return mapPage(found, (product) => toProductView(product, at));
    },

    async createProduct(actor, input) {
      authorize(actor, ACCESS.catalog);
      const fields = validateProductFields(input);
      const at = clock.now();
      return uow.transaction(async (repositories) => {
        await ensureSkuFree(repositories, fields.sku, null);
        await requireCategory(repositories, fields.categoryId);
        const product: Product = {
          id: ids.next(),
          ...editableFields(fields),
          stockOnHand: fields.stockOnHand ?? 0,
          reserved: 0,
          createdAt: at,
          updatedAt: at,
        };
        await insertNewProduct(repositories, ids, product, { reason: 'initial', note: null, by: actorLabel(actor) });
        return product;
      });
    },

    async updateProduct(actor, id, patch) {
      authorize(actor, ACCESS.catalog);
      const at = clock.now();
      return uow.transaction(async (repositories) => {
        const current = await requireProduct(repositories, id);
        const fields = validateProductFields({
          sku: patch.sku ?? current.sku,
          name: patch.name ?? current.name,
          description: patch.description ?? current.description,
          categoryId: patch.categoryId === undefined ? current.categoryId : patch.categoryId,
          attributes: patch.attributes ?? current.attributes,
          price: patch.price ?? current.price,
          vatRate: patch.vatRate ?? current.vatRate,
          stockOnHand: patch.stockOnHand ?? current.stockOnHand,
          active: patch.active ?? current.active,
          translations: patch.translations ?? current.translations,
          discount: patch.discount === undefined ? current.discount : patch.discount,
          imageIds: patch.imageIds ?? current.images,
        });
        if (fields.sku !== current.sku) await ensureSkuFree(repositories, fields.sku, id);
        if (fields.categoryId !== current.categoryId) await requireCategory(repositories, fields.categoryId);
        const updated: Product = {
          ...current,
          ...editableFields(fields),
          updatedAt: at,
        };
        await repositories.products.save(updated);
        // A new stock figure in an edit is a count: it goes through the audited adjustment.
        const delta = (fields.stockOnHand ?? current.stockOnHand) - current.stockOnHand;
        if (delta === 0) return updated;
        const changed = await changeStockOnHand(stockContext(repositories, actor, at), id, delta, {
          reason: 'adjustment',
          note: 'product edited',
          orderId: null,
        });
        await repositories.outbox.add(changed.events);
        return changed.product;
      });
    },

    async adjustStock(actor, productId, change) {
      authorize(actor, ACCESS.stock);
      if (!Number.isSafeInteger(change.delta) || change.delta === 0) {
        throw new ValidationError('STOCK.DELTA_INVALID', 'a stock adjustment must be a non-zero whole number', { delta: change.delta });
      }
      const note = change.note.trim();
      if (note === '') throw new ValidationError('STOCK.NOTE_REQUIRED', 'say why the stock changes');
      const at = clock.now();
      return uow.transaction(async (repositories) => {
        const changed = await changeStockOnHand(stockContext(repositories, actor, at), productId, change.delta, {
          reason: 'adjustment',
          note,
          orderId: null,
        });
        await repositories.outbox.add(changed.events);
        return changed.product;
      });
    },

    stockMovements(productId, page) {
      return uow.repositories.stockMovements.listByProduct(productId, page);
    },

    async setDiscount(actor, productId, discount) {
      authorize(actor, ACCESS.catalog);
      const at = clock.now();
      return uow.transaction(async (repositories) => {
        const current = await requireProduct(repositories, productId);
        if (discount) validateDiscount(discount, current.price);
        const updated: Product = { ...current, discount, updatedAt: at };
        await repositories.products.save(updated);
        return updated;
      });
    },

    async importProducts(actor, rows) {
      authorize(actor, ACCESS.catalog);
      const at = clock.now();
      const planContext = { ids, at, by: actorLabel(actor), lowStockThreshold: settings.lowStockThreshold };
      // Everything that needs no lock happens before the transaction opens (parsing, the category
      // and SKU look-ups, the merge): on an embedded database the transaction holds the only
      // connection, so it must only write.
      const categories = await uow.repositories.categories.list();
      const parsed = parseImportRows(rows, new Map(categories.map((category) => [category.slug, category.id])));
      // One transaction, or slices of `bulkWriteRows` rows on a database that serves one
      // transaction at a time (and runs in this thread), so the shop keeps answering while a large
      // file is read and written.
      const sliceRows = Math.max(1, uow.bulkWriteRows ?? parsed.rows.length);
      const betweenSlices = (): Promise<void> => uow.yieldBetweenSlices?.() ?? yieldToPendingWork();
      // Reading a product costs a fraction of writing it (no generated search document, no index
      // or trigger work), so the read before any write takes READ_SLICE_FACTOR slices at a time.
      const readRows = sliceRows * READ_SLICE_FACTOR;
      // The reads and slices are one bulk write: background work (among it the jobs of the stock
      // events the slices emit) waits until it ends, within a bound, instead of taking turns with it.
      const writeImport = async (): Promise<ImportResult> => {
        const existing: Product[] = [];
        for (let start = 0; start < parsed.rows.length; start += readRows) {
          if (start > 0) await betweenSlices();
          const skus = parsed.rows.slice(start, start + readRows).map((row) => row.sku);
          existing.push(...(await uow.repositories.products.findBySkus(skus)));
        }
        const preview = planImport(parsed.rows, existing, planContext);
        const errors = [...parsed.errors, ...preview.errors];
        if (errors.length > 0) return { status: 'rejected', errors: errors.sort((a, b) => a.row - b.row) } as const;

        let created = 0;
        let updated = 0;
        for (let start = 0; start < parsed.rows.length || start === 0; start += sliceRows) {
          if (start > 0) await betweenSlices();
          const slice = parsed.rows.slice(start, start + sliceRows);
          const outcome = await uow.transaction(async (repositories) => {
            // Read again, locked: stock or reservations may have moved since the preview, and the
            // whole-row writes below must not overwrite a reservation made meanwhile.
            const sliceSkus = slice.map((row) => row.sku);
            const plan = planImport(slice, await repositories.products.findBySkus(sliceSkus, { lock: true }), planContext);
            if (plan.errors.length > 0) return { written: false, errors: plan.errors } as const;
            await repositories.products.saveMany(plan.products);
            await repositories.stockMovements.addMany(plan.movements);
            await repositories.outbox.add(plan.events);
            return { written: true, created: plan.created, updated: plan.updated } as const;
          });
          if (!outcome.written) {
            const errors = [...outcome.errors].sort((a, b) => a.row - b.row);
            return created + updated > 0
              ? ({ status: 'rejected', errors, applied: { created, updated } } as const)
              : ({ status: 'rejected', errors } as const);
          }
          created += outcome.created;
          updated += outcome.updated;
        }
        return { status: 'imported', created, updated } as const;
      };
      return uow.runBulk ? uow.runBulk(writeImport) : writeImport();
    },

    async saveCategory(actor, input) {
      authorize(actor, ACCESS.catalog);
      ensurePlainTextWithin(input);
      if (input.position !== undefined && !isInt4(input.position))
        throw new ValidationError(
          'CATEGORY.POSITION_INVALID',
          `position must be a whole number that fits an integer, got ${input.position}`,
          {
            field: 'position',
          },
        );
      const slug = input.slug.trim().toLowerCase();
      const name = input.name.trim();
      if (!SLUG_PATTERN.test(slug))
        throw new ValidationError('CATEGORY.SLUG_INVALID', `slug "${input.slug}" must be lowercase words joined by "-"`, {
          slug: input.slug,
        });
      if (name === '') throw new ValidationError('CATEGORY.NAME_REQUIRED', 'a category needs a name');
      return uow.transaction(async (repositories) => {
        const current = input.id ? await repositories.categories.get(input.id) : null;
        if (input.id && !current) throw new NotFoundError('category', input.id);
        const id = current?.id ?? ids.next();
        const holder = await repositories.categories.getBySlug(slug);
        if (holder && holder.id !== id)
          throw new ConflictError('CATEGORY.SLUG_TAKEN', `slug ${slug} is already used`, { slug, categoryId: holder.id });
        const parentId = input.parentId === undefined ? (current?.parentId ?? null) : input.parentId;
        // Walk up from the parent: reaching this category again would make a cycle.
        for (let ancestorId = parentId; ancestorId !== null; ) {
          if (ancestorId === id)
            throw new ConflictError('CATEGORY.CYCLE', 'a category cannot be its own ancestor', { categoryId: id, parentId });
          const ancestor: Category | null = await repositories.categories.get(ancestorId);
          if (!ancestor) throw new NotFoundError('category', ancestorId);
          ancestorId = ancestor.parentId;
        }
        const category: Category = {
          id,
          slug,
          name,
          parentId,
          position: input.position ?? current?.position ?? 0,
          translations: input.translations ?? current?.translations ?? {},
        };
        await repositories.categories.save(category);
        return category;
      });
    },

    async deleteCategory(actor, id) {
      authorize(actor, ACCESS.catalog);
      await uow.transaction(async (repositories) => {
        if (!(await repositories.categories.get(id))) throw new NotFoundError('category', id);
        const products = await repositories.products.list({ categoryId: id }, { offset: 0, limit: 1 });
        const children = (await repositories.categories.list()).filter((category) => category.parentId === id);
        if (products.total > 0 || children.length > 0) {
          throw new ConflictError('CATEGORY.IN_USE', 'move its products and subcategories first', {
            categoryId: id,
            products: products.total,
            subcategories: children.length,
          });
        }
        await repositories.categories.delete(id);
      });
    },

    lowStock(threshold) {
      return uow.repositories.products.lowStock(threshold, 100);
    },
  };
};
