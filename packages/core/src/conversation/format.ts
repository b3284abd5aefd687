import { argentinaDay, argentinaWallClock } from '../shared/argentina-time.js';
import type { Locale } from '../shared/types.js';

/* Dates for people in Argentina, on its wall clock (`shared/argentina-time`). */

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const pad = (value: number): string => value.toString().padStart(2, '0');

/** "17:05" in Argentina. */
export const formatTime = (at: Date): string => {
  const local = argentinaWallClock(at);
  return `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
};

/** "25/11/2026" (es) or "25 Nov 2026" (en), the day in Argentina. */
export const formatDate = (at: Date, locale: Locale): string => {
  const local = argentinaWallClock(at);
  const day = local.getUTCDate();
  const year = local.getUTCFullYear();
  return locale === 'es' ? `${pad(day)}/${pad(local.getUTCMonth() + 1)}/${year}` : `${day} ${MONTHS_EN[local.getUTCMonth()]} ${year}`;
};

/** Whether two instants fall on the same day in Argentina. */
export const sameArgentinaDay = (a: Date, b: Date): boolean => argentinaDay(a) === argentinaDay(b);

/** A whole percentage for people: 15 → "15 %" (es) or "15%" (en). */
export const formatPercent = (percent: number, locale: Locale): string => (locale === 'es' ? `${percent} %` : `${percent}%`);
