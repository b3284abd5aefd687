/*
 * The small text-matching rules of the in-memory search: fold accents and case, split into
 * words, tolerate plural endings, prefixes and small typos. Good enough to stand in for
 * PostgreSQL full text + trigram in tests; not a search engine.
 */
import { foldText, queryWords, type SearchTerm, searchTerms, words } from '@mostrador/core';

export { foldText, queryWords, type SearchTerm, searchTerms, words };

/** A word and its singular guesses ("taladros" → taladro; "luces" → luc, luce). */
const forms = (word: string): string[] => {
  const result = [word];
  if (word.length > 3 && word.endsWith('s')) result.push(word.slice(0, -1));
  if (word.length > 4 && word.endsWith('es')) result.push(word.slice(0, -2));
  return result;
};

/** Optimal-string-alignment distance (substitution, insertion, deletion, adjacent swap), capped at `max + 1`. */
export const editDistance = (a: string, b: string, max: number): number => {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i += 1) {
    let rowMin = Number.POSITIVE_INFINITY;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = rows[i]!;
      const above = rows[i - 1]!;
      let best = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      row[j] = best;
      rowMin = Math.min(rowMin, best);
    }
    if (rowMin > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
};

/** Typos tolerated for a query word of this length. */
const allowedTypos = (length: number): number => (length <= 3 ? 0 : length <= 5 ? 1 : 2);

/**
 * How well a query word matches a document word, 0..1: same word (plural-insensitive) 1,
 * the document word starts with it 0.7, a small typo 0.5 (one edit) or 0.35 (two).
 */
export const wordMatch = (queryWord: string, documentWord: string): number => {
  const queryForms = forms(queryWord);
  const documentForms = forms(documentWord);
  if (queryForms.some((form) => documentForms.includes(form))) return 1;
  if (queryWord.length >= 3 && documentWord.startsWith(queryWord)) return 0.7;
  const max = allowedTypos(queryWord.length);
  if (max === 0) return 0;
  let best = max + 1;
  for (const q of queryForms) for (const d of documentForms) best = Math.min(best, editDistance(q, d, max));
  // editDistance answers max + 1 for "too far": only distances within the allowance score.
  if (best > max) return 0;
  return best === 1 ? 0.5 : best === 2 ? 0.35 : 0;
};

/** A synonym or other spelling counts a little less than the word typed. */
const SYNONYM = 0.8;

/**
 * How well a search term matches a document word, 0..1: the typed word as `wordMatch` (typos
 * included); its synonyms and unit spellings exactly or as a prefix, never by typo (as the
 * PostgreSQL search, which corrects only what was typed).
 */
export const termMatch = (term: SearchTerm, documentWord: string): number => {
  let best = wordMatch(term.word, documentWord);
  for (const alternative of term.alternatives) {
    if (best === 1) break;
    if (alternative === term.word) continue;
    if (forms(alternative).some((form) => forms(documentWord).includes(form))) best = Math.max(best, SYNONYM);
    else if (alternative.length >= 3 && documentWord.startsWith(alternative)) best = Math.max(best, 0.7 * SYNONYM);
  }
  return best;
};
