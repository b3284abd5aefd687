/* Query words for SQL: core's shared rules (so every adapter agrees on a "word"), capped in number. */
import { foldText, type SearchTerm, searchTerms as sharedSearchTerms } from '@mostrador/core';

/** At most this many words are searched (longer texts are cut): keeps the SQL small. */
export const MAX_QUERY_WORDS = 8;

/** The search terms of a text (core's `searchTerms`), at most MAX_QUERY_WORDS. */
export const searchTerms = (text: string): SearchTerm[] => sharedSearchTerms(text, MAX_QUERY_WORDS);

export { foldText, type SearchTerm };
