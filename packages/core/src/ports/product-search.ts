import type { Product } from '../catalog/product.js';
import type { Locale, Page, PageRequest } from '../shared/types.js';

export interface ProductSearchQuery {
  /** Free text in Spanish or English; accents, case and small typos are tolerated. Empty = browse. */
  readonly text: string;
  readonly locale?: Locale;
  readonly categoryId?: string;
  /** Inclusive bounds on the effective (discounted) price in centavos. */
  readonly minPrice?: number;
  readonly maxPrice?: number;
  readonly inStockOnly?: boolean;
  readonly onOfferOnly?: boolean;
  /** Time for discount validity (defaults to now). */
  readonly at?: Date;
}

export interface ProductSearchHit {
  readonly product: Product;
  /** Higher is better; comparable only within one result set. */
  readonly score: number;
}

/**
 * Ranked search over active products. Ordering is stable: score desc, then name, then id,
 * so paging never repeats or skips an item.
 */
export interface ProductSearch {
  search(query: ProductSearchQuery, page: PageRequest): Promise<Page<ProductSearchHit>>;
}
