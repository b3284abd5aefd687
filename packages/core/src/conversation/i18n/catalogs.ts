import type { Locale } from '../../shared/types.js';
import { en } from './en.js';
import { type Catalog, es } from './es.js';

export type { Catalog };

export const CATALOGS: Readonly<Record<Locale, Catalog>> = { es, en };

export const catalogFor = (locale: Locale): Catalog => CATALOGS[locale];

/** The locale for a channel's language hint: any English tag (`en`, `en-GB`) → en; everything else → es. */
export const localeFromHint = (hint: string | null): Locale => (hint !== null && /^en(?:$|[-_])/i.test(hint.trim()) ? 'en' : 'es');
