/*
 * Typo correction against the catalog vocabulary: a query word that matches no product is
 * compared, by edit distance, with the vocabulary words that trigram similarity proposes.
 * Distance is optimal string alignment (insert, delete, substitute, swap two neighbours), so
 * "bfuanda" is one edit from "bufanda" where trigrams see little in common.
 */

/** Edits tolerated for a word of this length: none up to 3 letters, 1 up to 5, then 2. */
export const allowedEdits = (length: number): number => (length <= 3 ? 0 : length <= 5 ? 1 : 2);

/** A word and its singular guesses ("mechas" → mecha; "camiones" → camion). */
const singularForms = (word: string): string[] => {
  const forms = [word];
  if (word.length > 3 && word.endsWith('s')) forms.push(word.slice(0, -1));
  if (word.length > 4 && word.endsWith('es')) forms.push(word.slice(0, -2));
  return forms;
};

/** Optimal string alignment distance between `a` and `b`, or `limit + 1` as soon as it exceeds `limit`. */
export const alignmentDistance = (a: string, b: string, limit: number): number => {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let smallest = i;
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, beforePrevious[j - 2]! + 1);
      current.push(best);
      smallest = Math.min(smallest, best);
    }
    if (smallest > limit) return limit + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
};

export interface Correction {
  readonly word: string;
  readonly edits: number;
}

/** The candidates within the edits a word of this length tolerates (comparing singular forms too), closest first. */
export const corrections = (word: string, candidates: readonly string[]): Correction[] => {
  const limit = allowedEdits(word.length);
  if (limit === 0) return [];
  const found: Correction[] = [];
  for (const candidate of candidates) {
    let edits = limit + 1;
    for (const queryForm of singularForms(word)) {
      for (const candidateForm of singularForms(candidate)) edits = Math.min(edits, alignmentDistance(queryForm, candidateForm, limit));
    }
    if (edits <= limit && candidate !== word) found.push({ word: candidate, edits });
  }
  return found.sort((x, y) => x.edits - y.edits || (x.word < y.word ? -1 : x.word > y.word ? 1 : 0));
};
