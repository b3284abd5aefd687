import { type Category, money, type Product, type StockMovement } from '@mostrador/core';
import { anId, MOTHER_DATE, uniqueSuffix } from './ids.js';

/** An active product with 10 units on hand, $ 1.000,00 at 21 % VAT, no discount. */
export const aProduct = (overrides: Partial<Product> = {}): Product => {
  const suffix = uniqueSuffix();
  return {
    id: anId(),
    sku: `SKU-${suffix.toUpperCase()}`,
    name: `Producto ${suffix}`,
    description: '',
    categoryId: null,
    attributes: {},
    images: [],
    price: money(100_000),
    vatRate: 2100,
    stockOnHand: 10,
    reserved: 0,
    discount: null,
    active: true,
    translations: {},
    createdAt: MOTHER_DATE,
    updatedAt: MOTHER_DATE,
    ...overrides,
  };
};

export const aCategory = (overrides: Partial<Category> = {}): Category => {
  const suffix = uniqueSuffix();
  return {
    id: anId(),
    slug: `categoria-${suffix}`,
    name: `Categoría ${suffix}`,
    parentId: null,
    position: 0,
    translations: {},
    ...overrides,
  };
};

export const aStockMovement = (overrides: Partial<StockMovement> = {}): StockMovement => ({
  id: anId(),
  productId: anId(),
  delta: 5,
  reason: 'adjustment',
  note: 'count',
  by: 'system',
  orderId: null,
  at: MOTHER_DATE,
  ...overrides,
});
