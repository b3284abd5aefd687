import { normalizeCommand } from './commands.js';
import { CANCEL_CORE } from './message-words.js';

/*
 * Words that steer a flow rather than answer it: typed wherever a flow is under way (a checkout
 * step, a confirmation, a staff question), they are never taken as the answer or as a search.
 */

/**
 * "cancelar", "Cancelá", "cancel", "salir", "quit" — alone, ignoring case, accents and trailing
 * punctuation. The same words free text reads as "cancel" (message-words' CANCEL_CORE), so a word
 * that cancels on the menu also leaves a flow.
 */

const bare = (text: string): string => normalizeCommand(text.replace(/[\s.!¡?¿]+$/u, '').replace(/^[¡¿\s]+/u, ''));

export const isCancelWord = (text: string): boolean => CANCEL_CORE.has(bare(text));

/** The most units one typed quantity may ask for (beyond it the answer is "not valid", never a search). */
export const MAX_TYPED_QUANTITY = 9999;

/**
 * A typed quantity on a product card: a bare whole number ("5"), optionally with "x"/"×" or a
 * unit word ("x5", "5 unidades", "3u", "2 units"). Null for anything else (a search).
 * Numbers over `MAX_TYPED_QUANTITY` still read as quantities, so the card can say they are too many.
 */
export const parseTypedQuantity = (text: string): number | null => {
  const match = /^(?:[x×]\s*)?(\d{1,6})(?:\s*(?:u|un|uds?|unidad(?:es)?|units?|pcs?|x))?$/iu.exec(text.trim());
  if (!match) return null;
  const value = Number(match[1]);
  return Number.isSafeInteger(value) ? value : null;
};
