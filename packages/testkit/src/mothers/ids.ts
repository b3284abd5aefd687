import { randomUUID } from 'node:crypto';

/** A fresh UUID (so mothers' objects also fit uuid columns of database adapters). */
export const anId = (): string => randomUUID();

/** A short unique suffix for skus, slugs and emails. */
export const uniqueSuffix = (): string => randomUUID().slice(0, 8);

/** The instant mothers stamp on objects unless told otherwise. */
export const MOTHER_DATE = new Date('2025-03-10T12:00:00.000Z');
