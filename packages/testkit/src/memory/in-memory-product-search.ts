import {
  availableStock,
  type Category,
  type CategoryRepository,
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
import { foldText, type SearchTerm, searchTerms, termMatch, words } from './text-matching.js';

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

/**
 * Each term's best weighted match in the product (0: the term matches nothing), plus a point
 * when a word names the product's category (or an ancestor of it).
 */
const termScores = (fields: readonly Field[], categoryWords: readonly string[], terms: readonly SearchTerm[]): number[] =>
  terms.map((term) => {
    let best = 0;
    for (const field of fields) for (const word of field.words) best = Math.max(best, field.weight * termMatch(term, word));
    const category = term.kind === 'word' && categoryWords.some((word) => termMatch(term, word) > 0.5) ? 1 : 0;
    return best + category;
  });

/** The partial-match score: every matched term counts 100 before any weight, so more matched terms always rank first. */
const PARTIAL_TERM = 100;

/**
 * ProductSearch over the active products of a ProductRepository, for tests and the demo:
 * accent- and case-insensitive, plural- and typo-tolerant, synonyms and units as core's
 * `searchTerms` reads them, matching translated names and category names (es and en, the
 * category's ancestors included). Every term must match; when no product matches all of them,
 * products matching the most terms (at least one that is not a number or unit) come first.
 * Ordered by score desc, then name, then id.
 */
export class InMemoryProductSearch implements ProductSearch {
  constructor(
    private readonly products: ProductRepository,
    private readonly clock?: Clock,
    private readonly categories?: CategoryRepository,
  ) {}

  async search(query: ProductSearchQuery, page: PageRequest): Promise<Page<ProductSearchHit>> {
    const at = query.at ?? this.clock?.now() ?? new Date();
    const candidates = (await this.products.list({ activeOnly: true }, { offset: 0, limit: Number.MAX_SAFE_INTEGER })).items;
    const terms = searchTerms(query.text);
    const phrase = foldText(query.text.trim());
    const categoryWords = await this.categoryWords();
    const complete: ProductSearchHit[] = [];
    const partial: ProductSearchHit[] = [];
    for (const product of candidates) {
      if (!product.active) continue;
      if (query.categoryId !== undefined && product.categoryId !== query.categoryId) continue;
      const price = effectivePrice(product, at).amount;
      if (query.minPrice !== undefined && price < query.minPrice) continue;
      if (query.maxPrice !== undefined && price > query.maxPrice) continue;
      if (query.inStockOnly && availableStock(product) <= 0) continue;
      if (query.onOfferOnly && !isDiscountActive(product.discount, at)) continue;
      if (terms.length === 0) {
        complete.push({ product, score: 0 });
        continue;
      }
      const scores = termScores(fieldsOf(product), categoryWords.get(product.categoryId ?? '') ?? [], terms);
      const sum = scores.reduce((total, score) => total + score, 0);
      if (scores.every((score) => score > 0)) {
        const names = [product.name, ...Object.values(product.translations).map((t) => t?.name ?? '')].map(foldText);
        complete.push({ product, score: names.some((name) => name.includes(phrase)) ? sum + 2 : sum });
      } else if (terms.some((term, i) => term.kind === 'word' && scores[i]! > 0)) {
        partial.push({ product, score: scores.filter((score) => score > 0).length * PARTIAL_TERM + sum });
      }
    }
    const hits = complete.length > 0 || terms.length < 2 ? complete : partial;
    const name = (hit: ProductSearchHit): string => foldText(hit.product.name);
    hits.sort(
      (a, b) =>
        b.score - a.score ||
        (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0) ||
        (a.product.id < b.product.id ? -1 : a.product.id > b.product.id ? 1 : 0),
    );
    return { items: hits.slice(page.offset, page.offset + page.limit), total: hits.length, offset: page.offset, limit: page.limit };
  }

  /** Per category id, the words of its names (every locale) and its ancestors' names. */
  private async categoryWords(): Promise<Map<string, string[]>> {
    const all = this.categories ? await this.categories.list() : [];
    const byId = new Map(all.map((category) => [category.id, category]));
    const own = (category: Category): string[] => [
      ...words(category.name),
      ...Object.values(category.translations).flatMap((t) => words(t?.name ?? '')),
    ];
    const result = new Map<string, string[]>();
    for (const category of all) {
      const collected: string[] = [];
      const visited = new Set<string>();
      for (let at: Category | undefined = category; at && !visited.has(at.id); at = at.parentId ? byId.get(at.parentId) : undefined) {
        visited.add(at.id);
        collected.push(...own(at));
      }
      result.set(category.id, collected);
    }
    return result;
  }
}
