import type { Clock } from '@mostrador/core';
import { InMemoryProductSearch } from './in-memory-product-search.js';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work.js';

/** The in-memory UnitOfWork and a ProductSearch over its products, wired together. */
export const createInMemoryPersistence = (options: { clock?: Clock } = {}): { uow: InMemoryUnitOfWork; search: InMemoryProductSearch } => {
  const uow = new InMemoryUnitOfWork();
  return { uow, search: new InMemoryProductSearch(uow.repositories.products, options.clock, uow.repositories.categories) };
};
