import type { Locale } from '../shared/types.js';

/*
 * Dates for people in Argentina. Argentina keeps UTC−3 all year (no DST since 2009), so shifting
 * the instant and reading UTC fields gives the local wall clock without Intl time zone data.
 */

const ARGENTINA_OFFSET_MS = -3 * 60 * 60 * 1000;

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const wallClock = (at: Date): Date => new Date(at.getTime() + ARGENTINA_OFFSET_MS);
const pad = (value: number): string => value.toString().padStart(2, '0');

/** "17:05" in Argentina. */
export const formatTime = (at: Date): string => {
  const local = wallClock(at);
  return `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
};

/** "25/11/2026" (es) or "25 Nov 2026" (en), the day in Argentina. */
export const formatDate = (at: Date, locale: Locale): string => {
  const local = wallClock(at);
  const day = local.getUTCDate();
  const year = local.getUTCFullYear();
  return locale === 'es' ? `${pad(day)}/${pad(local.getUTCMonth() + 1)}/${year}` : `${day} ${MONTHS_EN[local.getUTCMonth()]} ${year}`;
};

/** "2026-11-25", the day in Argentina (file names). */
export const isoDay = (at: Date): string => {
  const local = wallClock(at);
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
};

/** Whether two instants fall on the same day in Argentina. */
export const sameArgentinaDay = (a: Date, b: Date): boolean => isoDay(a) === isoDay(b);

/** Midnight in Argentina of the day `at` falls on, as an instant. */
export const startOfArgentinaDay = (at: Date): Date => {
  const local = wallClock(at);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - ARGENTINA_OFFSET_MS);
};

/** A whole percentage for people: 15 → "15 %" (es) or "15%" (en). */
export const formatPercent = (percent: number, locale: Locale): string => (locale === 'es' ? `${percent} %` : `${percent}%`);
