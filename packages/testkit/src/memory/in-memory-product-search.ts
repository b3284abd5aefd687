import {
  availableStock,
  type Clock,
  effectivePrice,
  isDiscountActive,
  type Page,
  type PageRequest,
  type Product,
  type ProductRepository,
  type ProductSearch,
  type ProductSearchHit,
  type ProductSearchQuery,
} from '@mostrador/core';
import { foldText, queryWords, wordMatch, words } from './text-matching.js';

interface Field {
  readonly words: readonly string[];
  readonly weight: number;
}

/** Where a product's words come from, and how much a hit there is worth. */
const fieldsOf = (product: Product): Field[] => {
  const translated = Object.values(product.translations);
  return [
    { words: words(product.name), weight: 3 },
    { words: translated.flatMap((t) => words(t?.name ?? '')), weight: 3 },
    { words: words(product.sku), weight: 3 },
    { words: [product.description, ...translated.map((t) => t?.description ?? '')].flatMap(words), weight: 1 },
    { words: Object.values(product.attributes).flatMap(words), weight: 1 },
  ];
};

/** 0 when some query word matches nothing; otherwise the sum of each word's best weighted match, plus a phrase bonus. */
const scoreOf = (product: Product, query: readonly string[], phrase: string): number => {
  const fields = fieldsOf(product);
  let score = 0;
  for (const queryWord of query) {
    let best = 0;
    for (const field of fields) for (const word of field.words) best = Math.max(best, field.weight * wordMatch(queryWord, word));
    if (best === 0) return 0;
    score += best;
  }
  const names = [product.name, ...Object.values(product.translations).map((t) => t?.name ?? '')].map(foldText);
  return names.some((name) => name.includes(phrase)) ? score + 2 : score;
};

/**
 * ProductSearch over the active products of a ProductRepository, for tests and the demo:
 * accent- and case-insensitive, plural- and typo-tolerant, matching translated names too.
 * Ordered by score desc, then name, then id.
 */
export class InMemoryProductSearch implements ProductSearch {
  constructor(
    private readonly products: ProductRepository,
    private readonly clock?: Clock,
  ) {}

  async search(query: ProductSearchQuery, page: PageRequest): Promise<Page<ProductSearchHit>> {
    const at = query.at ?? this.clock?.now() ?? new Date();
    const candidates = (await this.products.list({ activeOnly: true }, { offset: 0, limit: Number.MAX_SAFE_INTEGER })).items;
    const wanted = queryWords(query.text);
    const phrase = foldText(query.text.trim());
    const hits: ProductSearchHit[] = [];
    for (const product of candidates) {
      if (!product.active) continue;
      if (query.categoryId !== undefined && product.categoryId !== query.categoryId) continue;
      const price = effectivePrice(product, at).amount;
      if (query.minPrice !== undefined && price < query.minPrice) continue;
      if (query.maxPrice !== undefined && price > query.maxPrice) continue;
      if (query.inStockOnly && availableStock(product) <= 0) continue;
      if (query.onOfferOnly && !isDiscountActive(product.discount, at)) continue;
      const score = wanted.length === 0 ? 0 : scoreOf(product, wanted, phrase);
      if (wanted.length > 0 && score === 0) continue;
      hits.push({ product, score });
    }
    const name = (hit: ProductSearchHit): string => foldText(hit.product.name);
    hits.sort(
      (a, b) =>
        b.score - a.score ||
        (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0) ||
        (a.product.id < b.product.id ? -1 : a.product.id > b.product.id ? 1 : 0),
    );
    return { items: hits.slice(page.offset, page.offset + page.limit), total: hits.length, offset: page.offset, limit: page.limit };
  }
}
