import { CURRENCIES, type Money, type Page } from '@mostrador/core';
import { z } from 'zod';
import { Text } from '../routing/request-schema.js';

/** Money on the wire: integer centavos and a currency code. Never a decimal number. */
export const MoneySchema = z
  .strictObject({
    amount: z.number().int().describe('Integer minor units (centavos): 123450 = $ 1.234,50'),
    currency: z.enum(CURRENCIES),
  })
  .describe('An amount of money in integer centavos');

export const toMoneyDto = (money: Money): z.output<typeof MoneySchema> => ({ amount: money.amount, currency: money.currency });

export const Timestamp = z.string().describe('ISO 8601 date and time (UTC)');
export const iso = (date: Date): string => date.toISOString();
export const isoOrNull = (date: Date | null): string | null => (date === null ? null : date.toISOString());

export const MAX_PAGE_SIZE = 100;

/** `?offset=&limit=` (limit 1..100, default 20). */
export const PaginationQuery = z.strictObject({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
});

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), offset: z.number().int(), limit: z.number().int() });

export const toPageDto = <A, B>(page: Page<A>, map: (item: A) => B): { items: B[]; total: number; offset: number; limit: number } => ({
  items: page.items.map(map),
  total: page.total,
  offset: page.offset,
  limit: page.limit,
});

/** Route ids: whatever the id generator makes, bounded so they cannot be used to stuff logs. */
export const Id = Text.min(1).max(128);
export const IdParams = z.strictObject({ id: Id });

/** Query flags: `true`/`false` (and `1`/`0`). */
export const QueryBoolean = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/** An ISO 8601 date-time with an offset, as a Date. */
export const DateTimeInput = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

export const TranslationsSchema = z.strictObject({
  es: z.strictObject({ name: Text.max(200).optional(), description: Text.max(5000).optional() }).optional(),
  en: z.strictObject({ name: Text.max(200).optional(), description: Text.max(5000).optional() }).optional(),
});
