import {
  type Discount,
  money,
  NotFoundError,
  type Product,
  type ProductInput,
  toProductView,
  VAT_RATES,
  type VatRate,
} from '@mostrador/core';
import { z } from 'zod';
import { ProductDto, StockMovementDto, toProductDto, toStockMovementDto } from '../presenters/catalog.js';
import {
  DateTimeInput,
  Id,
  IdParams,
  MoneySchema,
  PaginationQuery,
  pageSchema,
  QueryBoolean,
  TranslationsSchema,
  toPageDto,
} from '../presenters/common.js';
import { HttpProblem } from '../problems/problem.js';
import type { ApiRoutes } from '../routing/api-routes.js';
import { Int4, Text } from '../routing/request-schema.js';
import type { RouteDeps } from './route-deps.js';

const VatRateSchema = z
  .number()
  .int()
  .refine((value): value is VatRate => (VAT_RATES as readonly number[]).includes(value), { message: `one of ${VAT_RATES.join(', ')}` })
  .describe(`Basis points, one of ${VAT_RATES.join(', ')} (2100 = 21 %)`);

const MoneyInput = MoneySchema.transform((value) => money(value.amount, value.currency));

const DiscountInput = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('percent'),
      basisPoints: z.number().int().min(1).max(10_000).describe('1500 = 15 %'),
      validFrom: DateTimeInput.nullish(),
      validUntil: DateTimeInput.nullish(),
    }),
    z.strictObject({
      kind: z.literal('amount'),
      amount: MoneyInput,
      validFrom: DateTimeInput.nullish(),
      validUntil: DateTimeInput.nullish(),
    }),
  ])
  .transform(
    (value): Discount =>
      value.kind === 'percent'
        ? { kind: 'percent', basisPoints: value.basisPoints, validFrom: value.validFrom ?? null, validUntil: value.validUntil ?? null }
        : { kind: 'amount', amount: value.amount, validFrom: value.validFrom ?? null, validUntil: value.validUntil ?? null },
  );

const productFields = {
  sku: Text.min(1).max(64),
  name: Text.min(1).max(200),
  description: Text.max(5000).optional(),
  categoryId: Id.nullable().optional(),
  attributes: z.record(Text.max(64), Text.max(200)).optional(),
  price: MoneyInput.describe('List price, VAT included'),
  vatRate: VatRateSchema,
  stockOnHand: Int4.min(0).optional(),
  active: z.boolean().optional(),
  translations: TranslationsSchema.optional(),
  discount: DiscountInput.nullable().optional(),
};

const CreateProduct = z.strictObject(productFields);
const PatchProduct = z.strictObject({
  ...productFields,
  sku: productFields.sku.optional(),
  name: productFields.name.optional(),
  price: productFields.price.optional(),
  vatRate: productFields.vatRate.optional(),
});

const ProductListQuery = PaginationQuery.extend({
  q: Text.max(200).optional().describe('Free text (es/en; accents and small typos tolerated): ranked search'),
  category: Text.max(128).optional().describe('Category id or slug'),
  inStock: QueryBoolean.optional(),
  onOffer: QueryBoolean.optional(),
  minPrice: z.coerce.number().int().min(0).optional().describe('Centavos, on the effective price'),
  maxPrice: z.coerce.number().int().min(0).optional().describe('Centavos, on the effective price'),
  includeInactive: QueryBoolean.optional().describe('Browse only (not with q or the stock/offer/price filters)'),
  page: z.coerce.number().int().min(1).optional().describe('1-based alternative to offset'),
});

const StockAdjustment = z.strictObject({
  delta: Int4.describe('Signed change to stock on hand'),
  note: Text.min(1).max(500),
});

/** Only the fields that were sent, typed as core's patch. */
const toProductPatch = (body: z.output<typeof PatchProduct>): Partial<ProductInput> =>
  Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as Partial<ProductInput>;

export function catalogRoutes(routes: ApiRoutes, { useCases, clock }: RouteDeps): void {
  const { catalog } = useCases;
  const productDto = (product: Product): ProductDto => toProductDto(toProductView(product, clock.now()));
  const requireProduct = async (id: string) => {
    const view = await catalog.getProduct(id);
    if (!view) throw new NotFoundError('product', id);
    return view;
  };

  const resolveCategory = async (idOrSlug: string): Promise<string> => {
    const category = (await catalog.listCategories()).find((c) => c.id === idOrSlug || c.slug === idOrSlug.toLowerCase());
    if (!category) throw new NotFoundError('category', idOrSlug);
    return category.id;
  };

  routes.add({
    method: 'GET',
    url: '/api/v1/products',
    access: 'read',
    summary: 'List or search products',
    description:
      'With `q`, `inStock`, `onOffer`, `minPrice` or `maxPrice` this is a ranked search over active products; otherwise a listing by name.',
    tags: ['products'],
    query: ProductListQuery,
    responses: { 200: { description: 'A page of products', schema: pageSchema(ProductDto) } },
    handler: async ({ query }) => {
      if (query.page !== undefined && query.offset !== 0) throw invalidQuery('page', 'give either page or offset, not both');
      const page = { offset: query.page === undefined ? query.offset : (query.page - 1) * query.limit, limit: query.limit };
      const categoryId = query.category === undefined ? undefined : await resolveCategory(query.category);
      const searching =
        query.q !== undefined ||
        query.inStock !== undefined ||
        query.onOffer !== undefined ||
        query.minPrice !== undefined ||
        query.maxPrice !== undefined;
      if (searching && query.includeInactive) throw invalidQuery('includeInactive', 'search covers active products only');
      const found = searching
        ? await catalog.search(
            {
              text: query.q ?? '',
              ...(categoryId === undefined ? {} : { categoryId }),
              ...(query.minPrice === undefined ? {} : { minPrice: query.minPrice }),
              ...(query.maxPrice === undefined ? {} : { maxPrice: query.maxPrice }),
              ...(query.inStock ? { inStockOnly: true } : {}),
              ...(query.onOffer ? { onOfferOnly: true } : {}),
            },
            page,
          )
        : await catalog.listProducts(
            { ...(categoryId === undefined ? {} : { categoryId }), includeInactive: query.includeInactive ?? false },
            page,
          );
      return toPageDto(found, toProductDto);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/products/:id',
    access: 'read',
    summary: 'One product',
    tags: ['products'],
    params: IdParams,
    responses: { 200: { description: 'The product', schema: ProductDto } },
    handler: async ({ params }) => toProductDto(await requireProduct(params.id)),
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/products',
    access: 'catalog',
    summary: 'Create a product',
    tags: ['products'],
    body: CreateProduct,
    responses: { 201: { description: 'Created', schema: ProductDto } },
    handler: async ({ actor, body, reply }) => {
      const product = await catalog.createProduct(actor, body);
      reply.code(201).header('location', `/api/v1/products/${encodeURIComponent(product.id)}`);
      return productDto(product);
    },
  });

  routes.add({
    method: 'PATCH',
    url: '/api/v1/products/:id',
    access: 'catalog',
    summary: 'Change some fields of a product',
    description: 'A new `stockOnHand` is recorded as an audited adjustment.',
    tags: ['products'],
    params: IdParams,
    body: PatchProduct,
    responses: { 200: { description: 'Updated', schema: ProductDto } },
    handler: async ({ actor, params, body }) => productDto(await catalog.updateProduct(actor, params.id, toProductPatch(body))),
  });

  routes.add({
    method: 'DELETE',
    url: '/api/v1/products/:id',
    access: 'catalog',
    summary: 'Deactivate a product',
    description: 'Products are never erased (orders refer to them): this hides it from customers. PATCH `active: true` brings it back.',
    tags: ['products'],
    params: IdParams,
    responses: { 204: { description: 'Deactivated' } },
    handler: async ({ actor, params }) => {
      await catalog.updateProduct(actor, params.id, { active: false });
      return undefined;
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/products/:id/stock-adjustments',
    access: 'stock',
    summary: 'Adjust stock on hand (count, breakage), with a reason',
    tags: ['stock'],
    params: IdParams,
    body: StockAdjustment,
    responses: { 200: { description: 'The product after the change', schema: ProductDto } },
    handler: async ({ actor, params, body }) => productDto(await catalog.adjustStock(actor, params.id, body)),
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/products/:id/stock-movements',
    access: 'read',
    summary: 'Stock audit trail of a product',
    tags: ['stock'],
    params: IdParams,
    query: PaginationQuery,
    responses: { 200: { description: 'A page of movements', schema: pageSchema(StockMovementDto) } },
    handler: async ({ params, query }) => {
      await requireProduct(params.id);
      return toPageDto(await catalog.stockMovements(params.id, query), toStockMovementDto);
    },
  });

  routes.add({
    method: 'PUT',
    url: '/api/v1/products/:id/discount',
    access: 'catalog',
    summary: 'Set the discount of a product',
    description: 'Percent in basis points or a fixed amount off the VAT-included price, optionally within [validFrom, validUntil).',
    tags: ['products'],
    params: IdParams,
    body: DiscountInput,
    responses: { 200: { description: 'The product', schema: ProductDto } },
    handler: async ({ actor, params, body }) => productDto(await catalog.setDiscount(actor, params.id, body)),
  });

  routes.add({
    method: 'DELETE',
    url: '/api/v1/products/:id/discount',
    access: 'catalog',
    summary: 'Remove the discount of a product',
    tags: ['products'],
    params: IdParams,
    responses: { 200: { description: 'The product', schema: ProductDto } },
    handler: async ({ actor, params }) => productDto(await catalog.setDiscount(actor, params.id, null)),
  });
}

const invalidQuery = (field: string, message: string) =>
  new HttpProblem(400, 'REQUEST.INVALID', 'the request does not match what this endpoint accepts', {
    errors: [{ in: 'query', field, code: 'INVALID', message }],
  });
