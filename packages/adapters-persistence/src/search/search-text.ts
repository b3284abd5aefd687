/*
 * How search text becomes query words: fold accents and case, split on anything that is not a
 * letter or digit, drop stop words unless nothing else is left. The same rules as the
 * in-memory search of the testkit, so both adapters agree on what a "word" is.
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

/** At most this many words are searched (longer texts are cut): keeps the SQL small. */
export const MAX_QUERY_WORDS = 8;

export const foldText = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

export const queryWords = (text: string): string[] => {
  const all = foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
  const meaningful = all.filter((word) => !STOP_WORDS.has(word));
  return (meaningful.length > 0 ? meaningful : all).slice(0, MAX_QUERY_WORDS);
};
