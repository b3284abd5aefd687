import type { Page } from '../shared/types.js';

export const mapPage = <A, B>(page: Page<A>, map: (item: A) => B): Page<B> => ({ ...page, items: page.items.map(map) });

/** Reads every page of a paged listing (reports, batch jobs). */
export const readAllPages = async <T>(read: (offset: number, limit: number) => Promise<Page<T>>, pageSize = 500): Promise<T[]> => {
  const items: T[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await read(offset, pageSize);
    items.push(...page.items);
    if (page.items.length < pageSize || items.length >= page.total) return items;
  }
};
