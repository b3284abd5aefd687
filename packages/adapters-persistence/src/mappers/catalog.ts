import { type Category, type Discount, type Product, type StockMovement, type Translations, vatRate } from '@mostrador/core';
import type { CategoryRow, ProductRow, StockMovementRow } from '../entities/catalog.js';
import { moneyFromColumns, toCurrency, toDate, toNullableDate, toSafeInteger } from './values.js';

const discountOf = (row: ProductRow): Discount | null => {
  const validFrom = toNullableDate(row.discountValidFrom);
  const validUntil = toNullableDate(row.discountValidUntil);
  if (row.discountKind === 'percent') {
    return { kind: 'percent', basisPoints: row.discountBasisPoints ?? 0, validFrom, validUntil };
  }
  if (row.discountKind === 'amount') {
    return {
      kind: 'amount',
      amount: moneyFromColumns(row.discountAmount ?? '0', row.discountCurrency ?? row.currency, 'products.discount_amount'),
      validFrom,
      validUntil,
    };
  }
  return null;
};

export const productFromRow = (row: ProductRow): Product => ({
  id: row.id,
  sku: row.sku,
  name: row.name,
  description: row.description,
  categoryId: row.categoryId,
  attributes: { ...row.attributes },
  images: row.images.map((image) => ({ ...image })),
  price: moneyFromColumns(row.priceAmount, row.currency, 'products.price_amount'),
  vatRate: vatRate(row.vatRate),
  stockOnHand: row.stockOnHand,
  reserved: row.reserved,
  discount: discountOf(row),
  active: row.active,
  translations: row.translations as Translations,
  createdAt: toDate(row.createdAt),
  updatedAt: toDate(row.updatedAt),
});

export const productToRow = (product: Product): ProductRow => {
  const discount = product.discount;
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    description: product.description,
    categoryId: product.categoryId,
    attributes: { ...product.attributes },
    images: product.images.map((image) => ({ ...image })),
    priceAmount: String(product.price.amount),
    currency: toCurrency(product.price.currency),
    vatRate: product.vatRate,
    stockOnHand: product.stockOnHand,
    reserved: product.reserved,
    discountKind: discount?.kind ?? null,
    discountBasisPoints: discount?.kind === 'percent' ? discount.basisPoints : null,
    discountAmount: discount?.kind === 'amount' ? String(discount.amount.amount) : null,
    discountCurrency: discount?.kind === 'amount' ? discount.amount.currency : null,
    discountValidFrom: discount?.validFrom ?? null,
    discountValidUntil: discount?.validUntil ?? null,
    active: product.active,
    translations: { ...product.translations },
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
  };
};

export const categoryFromRow = (row: CategoryRow): Category => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  parentId: row.parentId,
  position: row.position,
  translations: row.translations as Translations,
});

export const categoryToRow = (category: Category): CategoryRow => ({
  id: category.id,
  slug: category.slug,
  name: category.name,
  parentId: category.parentId,
  position: category.position,
  translations: { ...category.translations },
});

export const stockMovementFromRow = (row: StockMovementRow): StockMovement => ({
  id: row.id,
  productId: row.productId,
  delta: toSafeInteger(row.delta, 'stock_movements.delta'),
  reason: row.reason as StockMovement['reason'],
  note: row.note,
  by: row.by,
  orderId: row.orderId,
  at: toDate(row.at),
});

export const stockMovementToRow = (movement: StockMovement): StockMovementRow => ({
  id: movement.id,
  productId: movement.productId,
  delta: movement.delta,
  reason: movement.reason,
  note: movement.note,
  by: movement.by,
  orderId: movement.orderId,
  at: movement.at,
});
