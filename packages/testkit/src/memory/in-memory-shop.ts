import { type Clock, createUseCases, type IdGenerator, type PaymentDependencies, type ShopSettings, type UseCases } from '@mostrador/core';
import { FakePasswordHasher } from './fake-password-hasher.js';
import { FakeSecretTokens } from './fake-secret-tokens.js';
import { createInMemoryPersistence } from './in-memory-persistence.js';
import type { InMemoryProductSearch } from './in-memory-product-search.js';
import type { InMemoryUnitOfWork } from './in-memory-unit-of-work.js';

/**
 * Core's use cases over in-memory persistence, with the test fakes for passwords and secrets:
 * what a test of a driver (chat, channel) needs to stand a shop up in one call.
 */
export const createInMemoryUseCases = (options: {
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly settings: ShopSettings;
  /** Payment gateways and their queue; none by default. */
  readonly payments?: PaymentDependencies;
}): { uow: InMemoryUnitOfWork; search: InMemoryProductSearch; useCases: UseCases } => {
  const { uow, search } = createInMemoryPersistence({ clock: options.clock });
  const useCases = createUseCases({
    uow,
    search,
    clock: options.clock,
    ids: options.ids,
    passwords: new FakePasswordHasher(),
    secrets: new FakeSecretTokens(),
    settings: options.settings,
    ...(options.payments ? { payments: options.payments } : {}),
  });
  return { uow, search, useCases };
};
