import { foldText } from '../catalog/search-text.js';
import {
  ACK_WORDS,
  BROWSE_WORDS,
  CANCEL_CORE,
  CANCEL_WORDS,
  EDGE_WORDS,
  FILLER_WORDS,
  GOODBYE_CORE,
  GOODBYE_WORDS,
  GREETING_CORE,
  GREETING_WORDS,
  HELP_WORDS,
  OFFER_WORDS,
  THANKS_CORE,
  THANKS_WORDS,
} from './message-words.js';

/**
 * What a free-text message asks for. Everything but `search` is answered without searching: a
 * greeting, thanks, "ok", an emoji or a "?" get a friendly answer with the menu; `cancel` is
 * routed to whatever can be cancelled. `search.query` is the product part of the message, as
 * typed ("¿cuánto sale la amoladora?" → "amoladora").
 */
export type MessageIntent =
  | { readonly kind: 'noise' }
  | { readonly kind: 'greeting' }
  | { readonly kind: 'thanks' }
  | { readonly kind: 'goodbye' }
  | { readonly kind: 'acknowledgement' }
  | { readonly kind: 'cancel' }
  | { readonly kind: 'help' }
  | { readonly kind: 'offers' }
  | { readonly kind: 'browse' }
  | { readonly kind: 'search'; readonly query: string };

interface Token {
  /** As typed ("teflón", "8\""). */
  readonly text: string;
  /** Folded, apostrophes straightened ("teflon", "8\"", "i'm"). */
  readonly key: string;
}

/** Words with decimals ("1,5"), apostrophes ("I'm") and an inch mark ("8\"") kept whole. */
const TOKEN = /[\p{L}\p{N}]+(?:[.,'’][\p{L}\p{N}]+)*["”″]?/gu;

/** Emoji that say "ok" or "thanks" (👍 👌 🙏 …), and a wave. */
const APPROVING =
  /[\u{1F44D}\u{1F44C}\u{1F64F}\u{1F64C}\u{1F44F}\u{1F4AA}\u{1F60A}\u{1F642}\u{1F600}\u{1F601}\u{1F609}\u{1F91D}\u{2705}\u{2764}\u{2665}\u{1F970}\u{1F60D}]/u;
const WAVE = /\u{1F44B}/u;

const tokensOf = (text: string): Token[] =>
  [...text.matchAll(TOKEN)].map((match) => ({ text: match[0], key: foldText(match[0]).replace(/’/g, "'") }));

/** "holaaa" → "hola", "graciass" → "gracias", "bueeenas" → "buenas": stretched letters count once. */
const squeeze = (word: string): string => word.replace(/(\p{L})\1+/gu, '$1');

const squeezedSets = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();
const squeezedOf = (words: ReadonlySet<string>): ReadonlySet<string> => {
  let squeezed = squeezedSets.get(words);
  if (!squeezed) {
    squeezed = new Set([...words].map(squeeze));
    squeezedSets.set(words, squeezed);
  }
  return squeezed;
};

/** The word is in the list, also when typed with stretched letters ("holaaa", "graciaaas"). */
const isIn = (word: string, ...lists: ReadonlySet<string>[]): boolean =>
  lists.some((list) => list.has(word) || squeezedOf(list).has(squeeze(word)));

/** Every token is in one of the lists and at least one is in `core`. */
const onlyWith = (tokens: readonly Token[], core: ReadonlySet<string>, ...lists: ReadonlySet<string>[]): boolean =>
  tokens.some((token) => isIn(token.key, core)) && tokens.every((token) => isIn(token.key, core, ...lists));

/** Drops edge words ("la", "de", "the", "a") from both ends. */
const trimEdges = (tokens: readonly Token[]): Token[] => {
  let start = 0;
  let end = tokens.length;
  while (start < end && EDGE_WORDS.has(tokens[start]!.key)) start += 1;
  while (end > start && EDGE_WORDS.has(tokens[end - 1]!.key)) end -= 1;
  return tokens.slice(start, end);
};

/**
 * Reads a free-text message the way a shop assistant would, in es-AR and English: greetings,
 * thanks, goodbyes, "ok", emoji or punctuation alone, cancel words, asking for help, offers or
 * the catalog; otherwise a product search with the question and filler words set aside
 * ("tenés tornillos?" → "tornillos", "how much is the angle grinder?" → "angle grinder").
 * Pure: the same text always reads the same way.
 */
export const understandMessage = (text: string): MessageIntent => {
  const tokens = tokensOf(text);
  if (tokens.length === 0) {
    if (WAVE.test(text)) return { kind: 'greeting' };
    return APPROVING.test(text) ? { kind: 'acknowledgement' } : { kind: 'noise' };
  }

  if (onlyWith(tokens, CANCEL_CORE, CANCEL_WORDS, FILLER_WORDS, EDGE_WORDS, THANKS_WORDS)) return { kind: 'cancel' };
  if (onlyWith(tokens, THANKS_CORE, THANKS_WORDS, ACK_WORDS, GREETING_WORDS, GOODBYE_WORDS, EDGE_WORDS)) return { kind: 'thanks' };
  if (onlyWith(tokens, GOODBYE_CORE, GOODBYE_WORDS, ACK_WORDS, GREETING_WORDS, EDGE_WORDS)) return { kind: 'goodbye' };
  if (onlyWith(tokens, GREETING_CORE, GREETING_WORDS, EDGE_WORDS)) return { kind: 'greeting' };
  if (onlyWith(tokens, ACK_WORDS, EDGE_WORDS)) return { kind: 'acknowledgement' };

  const content = trimEdges(tokens.filter((token) => !isIn(token.key, FILLER_WORDS, GREETING_CORE, THANKS_CORE)));
  if (content.length === 0) return { kind: 'browse' };
  if (onlyWith(content, OFFER_WORDS, EDGE_WORDS, BROWSE_WORDS)) return { kind: 'offers' };
  if (onlyWith(content, HELP_WORDS, EDGE_WORDS)) return { kind: 'help' };
  if (content.every((token) => isIn(token.key, BROWSE_WORDS, EDGE_WORDS))) return { kind: 'browse' };
  return { kind: 'search', query: content.map((token) => token.text).join(' ') };
};
