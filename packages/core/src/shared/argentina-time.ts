/*
 * Argentine wall-clock time, the one place core computes it. Argentina keeps UTC−03:00 all year
 * (no daylight saving since 2009), so shifting an instant by the offset and reading its UTC fields
 * gives the local wall clock without Intl time zone data. ARCA dates vouchers in this calendar, and
 * people in the chat read their dates and times in it.
 */

/** Argentina's offset from UTC in milliseconds (local = UTC + offset). */
export const ARGENTINA_OFFSET_MS = -3 * 60 * 60 * 1000;

/** The instant shifted so that its UTC fields (`getUTCHours`, `getUTCDate`…) read Argentina's wall clock. */
export const argentinaWallClock = (at: Date): Date => new Date(at.getTime() + ARGENTINA_OFFSET_MS);

/** "2026-11-25": the calendar day in Argentina the instant falls on. */
export const argentinaDay = (at: Date): string => argentinaWallClock(at).toISOString().slice(0, 10);

/** Midnight in Argentina of the day the instant falls on, as an instant. */
export const startOfArgentinaDay = (at: Date): Date => {
  const local = argentinaWallClock(at);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - ARGENTINA_OFFSET_MS);
};
