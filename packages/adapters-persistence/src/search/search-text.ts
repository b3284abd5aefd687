/* Query words for SQL: core's shared rules (so every adapter agrees on a "word"), capped in number. */
import { foldText, queryWords as sharedQueryWords } from '@mostrador/core';

/** At most this many words are searched (longer texts are cut): keeps the SQL small. */
export const MAX_QUERY_WORDS = 8;

export const queryWords = (text: string): string[] => sharedQueryWords(text, MAX_QUERY_WORDS);

export { foldText };
