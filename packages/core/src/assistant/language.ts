import { foldText } from '../catalog/search-text.js';
import type { Locale } from '../shared/types.js';

/*
 * Function words (articles, pronouns, auxiliaries, question words) and a few shop words that
 * belong to one of the two languages only. Words both languages write alike ("a", "no", "me", "sale", "has", "stock") are left out on purpose: they say nothing about the language. Product words never
 * count, so "drill Bosch" or "Black+Decker" in a Spanish question does not make it English.
 */
const ENGLISH = new Set([
  'the',
  'do',
  'does',
  'did',
  'you',
  'your',
  'have',
  'is',
  'are',
  'was',
  'were',
  'what',
  'whats',
  'how',
  'much',
  'many',
  'any',
  'can',
  'could',
  'would',
  'i',
  'im',
  'my',
  'it',
  'its',
  'of',
  'for',
  'with',
  'and',
  'to',
  'in',
  'there',
  'where',
  'when',
  'which',
  'please',
  'want',
  'need',
  'this',
  'that',
  'these',
  'those',
  'we',
  'they',
  'an',
  'hello',
  'hi',
  'thanks',
  'price',
  'cost',
  'ship',
]);
const SPANISH = new Set([
  'el',
  'la',
  'los',
  'las',
  'de',
  'del',
  'que',
  'y',
  'en',
  'un',
  'una',
  'unos',
  'unas',
  'por',
  'para',
  'es',
  'son',
  'hay',
  'tienen',
  'tenes',
  'tiene',
  'tengo',
  'cuanto',
  'cuanta',
  'cuantos',
  'cuantas',
  'como',
  'donde',
  'cuando',
  'quiero',
  'necesito',
  'mi',
  'mis',
  'lo',
  'le',
  'les',
  'se',
  'su',
  'sus',
  'al',
  'pero',
  'si',
  'esta',
  'estan',
  'este',
  'ese',
  'esa',
  'hola',
  'gracias',
  'vos',
  'usted',
  'ustedes',
  'nos',
  'hacen',
  'venden',
  'precio',
  'cuesta',
  'algun',
  'alguna',
  'tambien',
]);

/**
 * The language a message is clearly written in, or null when it is not clear. Pure.
 *
 * Rule: the distinct function words of each language are counted; a message is in one language
 * when it has at least two of that language's and none of the other's, or at least three and
 * three times as many as the other's (a Spanish question quoting an English product name).
 * One word is never enough ("price?", "hola", "tienen drill?" are not clear), so short or
 * mixed messages keep the chat's language.
 *
 * Examples: "do you have safety helmets? how much?" → 'en'; "¿cuánto sale el taladro?" → 'es';
 * "drill bosch" → null; "tienen drill?" → null.
 */
export const messageLanguage = (text: string): Locale | null => {
  const words = new Set(
    foldText(text)
      .replace(/[’']/g, '')
      .split(/[^\p{L}]+/u)
      .filter((word) => word !== ''),
  );
  let english = 0;
  let spanish = 0;
  for (const word of words) {
    if (ENGLISH.has(word)) english += 1;
    if (SPANISH.has(word)) spanish += 1;
  }
  const clearly = (mine: number, other: number): boolean => (mine >= 2 && other === 0) || (mine >= 3 && mine >= 3 * other);
  if (clearly(english, spanish)) return 'en';
  if (clearly(spanish, english)) return 'es';
  return null;
};
