import type { Locale } from '@mostrador/core';

/**
 * The language of problem titles when the client states none we speak: English, the usual
 * language of an API and of the people integrating it. (The bot's default stays es-AR: that is
 * core's DEFAULT_LOCALE, for customers; this one is for programs and their developers.)
 */
export const API_DEFAULT_LOCALE: Locale = 'en';

/** The locale the client prefers among those we speak, from `Accept-Language` (q-values honoured). */
export function preferredLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return API_DEFAULT_LOCALE;
  let best: { locale: Locale; q: number } | null = null;
  for (const part of acceptLanguage.split(',')) {
    const [tag = '', ...params] = part.trim().split(';');
    const language = tag.trim().toLowerCase().split('-')[0];
    if (language !== 'es' && language !== 'en') continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (best === null || q > best.q) best = { locale: language, q };
  }
  return best?.locale ?? API_DEFAULT_LOCALE;
}
