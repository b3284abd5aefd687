import type { Money } from '../money/money.js';
import type { VatRate } from '../money/vat.js';
import type { Translations } from '../shared/types.js';
import type { Discount } from './discount.js';

export interface ProductImage {
  /** Stable id of the stored image (catalog image store), used by channels to cache their file ids. */
  readonly id: string;
  readonly mimeType: string;
  readonly width?: number;
  readonly height?: number;
}

/**
 * A sellable item. `price` is the consumer price with VAT included (how Argentine shops show
 * prices, Ley 27.743); net amounts for invoices derive from it (see money/tax.ts).
 */
export interface Product {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly description: string;
  readonly categoryId: string | null;
  readonly attributes: Readonly<Record<string, string>>;
  readonly images: readonly ProductImage[];
  readonly price: Money;
  readonly vatRate: VatRate;
  /** Units physically held. */
  readonly stockOnHand: number;
  /** Units promised to placed, unpaid orders. Available = stockOnHand − reserved. */
  readonly reserved: number;
  readonly discount: Discount | null;
  readonly active: boolean;
  readonly translations: Translations;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface Category {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly position: number;
  readonly translations: Translations;
}

export const availableStock = (product: Pick<Product, 'stockOnHand' | 'reserved'>): number =>
  Math.max(0, product.stockOnHand - product.reserved);
