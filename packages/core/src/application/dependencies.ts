import type { ProductSearch } from '../ports/product-search.js';
import type { UnitOfWork } from '../ports/repositories.js';
import type { Clock, IdGenerator, PasswordHasher } from '../ports/services.js';
import type { ShopSettings } from './settings.js';

/** The ports the use cases are built from. */
export interface UseCaseDependencies {
  readonly uow: UnitOfWork;
  readonly search: ProductSearch;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly passwords: PasswordHasher;
  readonly settings: ShopSettings;
}
