import { EntitySchema } from 'typeorm';
import { bigint, boolean, idColumn, integer, jsonb, text, timestamp } from './columns.js';

/** A row of `products`. The generated search columns are not mapped: only SQL reads them. */
export interface ProductRow {
  id: string;
  sku: string;
  name: string;
  description: string;
  categoryId: string | null;
  attributes: Record<string, string>;
  images: { id: string; mimeType: string; width?: number; height?: number }[];
  priceAmount: string;
  currency: string;
  vatRate: number;
  stockOnHand: number;
  reserved: number;
  discountKind: string | null;
  discountBasisPoints: number | null;
  discountAmount: string | null;
  discountCurrency: string | null;
  discountValidFrom: Date | null;
  discountValidUntil: Date | null;
  active: boolean;
  translations: Record<string, { name?: string; description?: string }>;
  createdAt: Date;
  updatedAt: Date;
}

export const ProductEntity = new EntitySchema<ProductRow>({
  name: 'Product',
  tableName: 'products',
  columns: {
    id: idColumn(),
    sku: text('sku'),
    name: text('name'),
    description: text('description'),
    categoryId: text('category_id', true),
    attributes: jsonb('attributes'),
    images: jsonb('images'),
    priceAmount: bigint('price_amount'),
    currency: text('currency'),
    vatRate: integer('vat_rate'),
    stockOnHand: integer('stock_on_hand'),
    reserved: integer('reserved'),
    discountKind: text('discount_kind', true),
    discountBasisPoints: integer('discount_basis_points', true),
    discountAmount: bigint('discount_amount', true),
    discountCurrency: text('discount_currency', true),
    discountValidFrom: timestamp('discount_valid_from', true),
    discountValidUntil: timestamp('discount_valid_until', true),
    active: boolean('active'),
    translations: jsonb('translations'),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
  },
});

export interface CategoryRow {
  id: string;
  slug: string;
  name: string;
  parentId: string | null;
  position: number;
  translations: Record<string, { name?: string; description?: string }>;
}

export const CategoryEntity = new EntitySchema<CategoryRow>({
  name: 'Category',
  tableName: 'categories',
  columns: {
    id: idColumn(),
    slug: text('slug'),
    name: text('name'),
    parentId: text('parent_id', true),
    position: integer('position'),
    translations: jsonb('translations'),
  },
});

export interface StockMovementRow {
  id: string;
  /** Insertion order (identity), the tie-breaker of "newest first". */
  seq?: string;
  productId: string;
  delta: number;
  reason: string;
  note: string | null;
  by: string;
  orderId: string | null;
  at: Date;
}

export const StockMovementEntity = new EntitySchema<StockMovementRow>({
  name: 'StockMovement',
  tableName: 'stock_movements',
  columns: {
    id: idColumn(),
    seq: { type: 'bigint', name: 'seq', insert: false, update: false },
    productId: text('product_id'),
    delta: integer('delta'),
    reason: text('reason'),
    note: text('note', true),
    by: text('by'),
    orderId: text('order_id', true),
    at: timestamp('at'),
  },
});
