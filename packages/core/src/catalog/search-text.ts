import { INCH_WORDS, synonymsOf, unitSpellings } from './search-vocabulary.js';

/**
 * What a "word" of search text is, shared by every ProductSearch adapter so they agree: accents
 * and case folded, split on anything that is not a letter or digit (a number glued to a unit is
 * two words: "12w" → 12, w), Spanish and English stop words dropped unless nothing else is left.
 */
const STOP_WORDS = new Set([
  'a',
  'al',
  'con',
  'de',
  'del',
  'el',
  'en',
  'la',
  'las',
  'lo',
  'los',
  'para',
  'por',
  'un',
  'una',
  'unos',
  'unas',
  'y',
  'o',
  'an',
  'and',
  'for',
  'of',
  'the',
  'with',
  'or',
  'to',
]);

export const foldText = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/**
 * The words of a text, folded. Only decimal digits count as digits ("mm²" is mm), and digits
 * followed by letters are split ("550W" → 550, w), in products and queries alike, so "12w" and
 * "12 W" are the same words.
 */
export const words = (text: string): string[] =>
  foldText(text)
    .replace(/(\p{Nd})(?=\p{L})/gu, '$1 ')
    .split(/[^\p{L}\p{Nd}]+/u)
    .filter((word) => word !== '');

/** Words worth matching, at most `maxWords` of them. */
export const queryWords = (text: string, maxWords = Number.POSITIVE_INFINITY): string[] => {
  const all = words(text);
  const meaningful = all.filter((word) => !STOP_WORDS.has(word));
  return (meaningful.length > 0 ? meaningful : all).slice(0, maxWords);
};

/**
 * One thing a search asks for: any of `alternatives` satisfies it (the word itself, its
 * synonyms, the other spellings of a unit). `kind` tells a number or a unit from a word: a
 * product that matches only numbers and units is no partial match (see `ProductSearch`).
 */
export interface SearchTerm {
  /** The word as typed, folded. */
  readonly word: string;
  /** Folded words, the word first; matching any of them satisfies the term. */
  readonly alternatives: readonly string[];
  readonly kind: 'word' | 'number' | 'unit';
}

const isNumber = (word: string): boolean => /^\p{Nd}+$/u.test(word);

/**
 * The terms of a search text, at most `maxTerms`: its words (`words`) without stop words
 * (unless nothing else is left) and without an inch word after a number ("8 pulgadas" is 8:
 * catalogs write 8"), each with its synonyms or unit spellings. A unit is recognised even where
 * it is a stop word, after a number ("10 a" is 10 amperes). Repeated words count once.
 */
export const searchTerms = (text: string, maxTerms = Number.POSITIVE_INFINITY): SearchTerm[] => {
  const all = words(text);
  const terms: SearchTerm[] = [];
  const seen = new Set<string>();
  const keepStopWords = all.every((word) => STOP_WORDS.has(word));
  all.forEach((word, index) => {
    const afterNumber = index > 0 && isNumber(all[index - 1]!);
    if (afterNumber && INCH_WORDS.has(word)) return;
    const units = unitSpellings(word);
    const isUnit = units !== null && (afterNumber || !STOP_WORDS.has(word));
    if (!isUnit && !keepStopWords && STOP_WORDS.has(word)) return;
    if (seen.has(word)) return;
    seen.add(word);
    if (isUnit) terms.push({ word, alternatives: [word, ...units.filter((unit) => unit !== word)], kind: 'unit' });
    else terms.push({ word, alternatives: isNumber(word) ? [word] : synonymsOf(word), kind: isNumber(word) ? 'number' : 'word' });
  });
  return terms.slice(0, maxTerms);
};
