import type { ProductView } from '../../application/use-cases.js';
import { foldText } from '../../catalog/search-text.js';
import type { Locale } from '../../shared/types.js';
import type { Catalog } from '../i18n/catalogs.js';
import { escapeMarkup } from '../markup.js';
import { productName, type ScreenContext } from './context.js';

/** Words that join a product's name but do not name it alone ("Cinta de teflón"). */
const CONNECTORS = new Set([
  'de',
  'del',
  'la',
  'el',
  'los',
  'las',
  'con',
  'para',
  'y',
  'a',
  'en',
  'the',
  'of',
  'for',
  'with',
  'and',
  'a',
  'in',
]);

/** How many of the catalog's first products (by name) examples are drawn from. */
const SAMPLE_SIZE = 60;
export const MAX_SEARCH_EXAMPLES = 3;

/**
 * What a customer of this shop could type: the words that name a product ("amoladora angular",
 * "cinta de teflón"), from products of different categories, preferring ones in stock. A name
 * is read up to two naming words, never past a number or a word of its attributes (brand,
 * variant): "Pincel Alba N° 10" → "pincel". Pure; the same products give the same examples.
 */
export const searchExamples = (products: readonly ProductView[], locale: Locale, max = MAX_SEARCH_EXAMPLES): string[] => {
  const ordered = [...products.filter((item) => item.available > 0), ...products.filter((item) => item.available <= 0)];
  const examples: string[] = [];
  const categories = new Set<string>();
  for (const { product } of ordered) {
    if (examples.length >= max) break;
    const category = product.categoryId ?? `#${product.id}`;
    if (categories.has(category)) continue;
    const attributeWords = new Set(Object.values(product.attributes).flatMap((value) => foldText(value).split(/\s+/)));
    const picked: string[] = [];
    let naming = 0;
    for (const word of productName(product, locale).split(/\s+/)) {
      const folded = foldText(word);
      if (word === '' || /\d/.test(word) || attributeWords.has(folded) || naming >= 2) break;
      picked.push(word);
      if (!CONNECTORS.has(folded)) naming += 1;
    }
    while (picked.length > 0 && CONNECTORS.has(foldText(picked[picked.length - 1]!))) picked.pop();
    if (picked.length === 0) continue;
    // "Amoladora angular" → "amoladora angular"; an acronym keeps its case ("LED bulb").
    const phrase = picked.join(' ');
    const acronym = phrase.length > 1 && phrase.charAt(1) === phrase.charAt(1).toLocaleUpperCase(locale);
    const example = acronym ? phrase : `${phrase.charAt(0).toLocaleLowerCase(locale)}${phrase.slice(1)}`;
    if (examples.some((known) => foldText(known) === foldText(example))) continue;
    categories.add(category);
    examples.push(example);
  }
  return examples;
};

/** "_a_, _b_ o _c_" in the person's language; empty when there is no example. */
export const formatExamples = (examples: readonly string[], t: Catalog): string => {
  const marked = examples.map((example) => `_${escapeMarkup(example)}_`);
  if (marked.length <= 1) return marked.join('');
  return `${marked.slice(0, -1).join(', ')} ${t.query.or} ${marked[marked.length - 1]}`;
};

/** The shop's own search examples, formatted, or '' for a shop with no products yet. */
export const loadSearchExamples = async (ctx: Pick<ScreenContext, 'useCases' | 'locale' | 't'>): Promise<string> => {
  const page = await ctx.useCases.catalog.listProducts({}, { offset: 0, limit: SAMPLE_SIZE });
  return formatExamples(searchExamples(page.items, ctx.locale), ctx.t);
};
