import type { Category, Discount, ProductView, StockMovement } from '@mostrador/core';
import { z } from 'zod';
import { iso, isoOrNull, MoneySchema, Timestamp, toMoneyDto } from './common.js';

export const DiscountDto = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('percent'),
    basisPoints: z.number().int().describe('1500 = 15 %'),
    validFrom: Timestamp.nullable(),
    validUntil: Timestamp.nullable(),
  }),
  z.object({ kind: z.literal('amount'), amount: MoneySchema, validFrom: Timestamp.nullable(), validUntil: Timestamp.nullable() }),
]);

export const ProductDto = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  categoryId: z.string().nullable(),
  attributes: z.record(z.string(), z.string()),
  images: z.array(
    z.object({
      id: z.string(),
      mimeType: z.string(),
      width: z.number().int().optional(),
      height: z.number().int().optional(),
      url: z.string(),
    }),
  ),
  price: MoneySchema.describe('List price, VAT included'),
  effectivePrice: MoneySchema.describe('What a customer pays now: price minus the active discount'),
  onOffer: z.boolean(),
  vatRate: z.number().int().describe('Basis points: 2100 = 21 %'),
  stockOnHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  discount: DiscountDto.nullable(),
  active: z.boolean(),
  translations: z.record(z.string(), z.object({ name: z.string().optional(), description: z.string().optional() })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ProductDto = z.output<typeof ProductDto>;

export const toDiscountDto = (discount: Discount): z.output<typeof DiscountDto> =>
  discount.kind === 'percent'
    ? {
        kind: 'percent',
        basisPoints: discount.basisPoints,
        validFrom: isoOrNull(discount.validFrom),
        validUntil: isoOrNull(discount.validUntil),
      }
    : {
        kind: 'amount',
        amount: toMoneyDto(discount.amount),
        validFrom: isoOrNull(discount.validFrom),
        validUntil: isoOrNull(discount.validUntil),
      };

export const imageUrl = (imageId: string): string => `/api/v1/images/${encodeURIComponent(imageId)}`;

export const toProductDto = (view: ProductView): ProductDto => {
  const { product } = view;
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    description: product.description,
    categoryId: product.categoryId,
    attributes: { ...product.attributes },
    images: product.images.map((image) => ({ ...image, url: imageUrl(image.id) })),
    price: toMoneyDto(product.price),
    effectivePrice: toMoneyDto(view.effectivePrice),
    onOffer: view.onOffer,
    vatRate: product.vatRate,
    stockOnHand: product.stockOnHand,
    reserved: product.reserved,
    available: view.available,
    discount: product.discount ? toDiscountDto(product.discount) : null,
    active: product.active,
    translations: { ...product.translations },
    createdAt: iso(product.createdAt),
    updatedAt: iso(product.updatedAt),
  };
};

export const CategoryDto = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  position: z.number().int(),
  translations: z.record(z.string(), z.object({ name: z.string().optional(), description: z.string().optional() })),
});

export const toCategoryDto = (category: Category): z.output<typeof CategoryDto> => ({
  ...category,
  translations: { ...category.translations },
});

export const StockMovementDto = z.object({
  id: z.string(),
  productId: z.string(),
  delta: z.number().int(),
  reason: z.enum(['adjustment', 'sale', 'refund', 'import', 'initial']),
  note: z.string().nullable(),
  by: z.string().describe('Staff user id or "system"'),
  orderId: z.string().nullable(),
  at: Timestamp,
});

export const toStockMovementDto = (movement: StockMovement): z.output<typeof StockMovementDto> => ({ ...movement, at: iso(movement.at) });
