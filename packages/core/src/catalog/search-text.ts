/**
 * What a "word" of search text is, shared by every ProductSearch adapter so they agree: accents
 * and case folded, split on anything that is not a letter or digit, Spanish and English stop
 * words dropped unless nothing else is left.
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

export const words = (text: string): string[] =>
  foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');

/** Words worth matching, at most `maxWords` of them. */
export const queryWords = (text: string, maxWords = Number.POSITIVE_INFINITY): string[] => {
  const all = words(text);
  const meaningful = all.filter((word) => !STOP_WORDS.has(word));
  return (meaningful.length > 0 ? meaningful : all).slice(0, maxWords);
};
