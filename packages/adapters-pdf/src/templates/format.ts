import { argentinaWallClock, formatMoney, type Locale, type Money } from '@mostrador/core';

/** `$ 1.234,50` / `$ 1,234.50`. */
export const moneyText = (amount: Money, locale: Locale): string => formatMoney(amount, locale);

/** Integers with thousands separators. */
export const countText = (n: number, locale: Locale): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'es' ? '.' : ',');

/** `YYYY-MM-DD` → `10/03/2025` (es) or `2025-03-10` (en). */
export const dayText = (isoDay: string, locale: Locale): string => {
  const [y, m, d] = isoDay.split('-');
  return locale === 'es' ? `${d}/${m}/${y}` : isoDay;
};

/** `YYYY-MM` → `03/2025` (es) or `2025-03` (en). */
export const monthText = (isoMonth: string, locale: Locale): string => {
  const [y, m] = isoMonth.split('-');
  return locale === 'es' ? `${m}/${y}` : isoMonth;
};

/** `10/03/2025 14:05` in Argentina. */
export const dateTimeText = (at: Date, locale: Locale): string => {
  const local = argentinaWallClock(at).toISOString();
  return `${dayText(local.slice(0, 10), locale)} ${local.slice(11, 16)}`;
};

/** `21 %` / `21%`, `10,5 %` / `10.5%`. */
export const rateText = (basisPoints: number, locale: Locale): string => {
  const value = String(basisPoints / 100);
  return locale === 'es' ? `${value.replace('.', ',')} %` : `${value}%`;
};

/** CUIT as printed: 20-11111111-2. */
export const cuitText = (cuit: string): string =>
  /^\d{11}$/.test(cuit) ? `${cuit.slice(0, 2)}-${cuit.slice(2, 10)}-${cuit.slice(10)}` : cuit;
