import type { ProductSearch } from '../ports/product-search.js';
import type { UnitOfWork } from '../ports/repositories.js';
import type { Clock, IdGenerator, PasswordHasher, SecretTokens } from '../ports/services.js';
import type { PaymentDependencies } from './payment-use-cases.js';
import type { ShopSettings } from './settings.js';

/** The ports the use cases are built from. */
export interface UseCaseDependencies {
  readonly uow: UnitOfWork;
  readonly search: ProductSearch;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly passwords: PasswordHasher;
  /** Refresh-token secrets and their digests. */
  readonly secrets: SecretTokens;
  /** How long a refresh token lives after it is issued (each refresh issues a new one); default 30 days. */
  readonly refreshTokenTtlSeconds?: number;
  readonly settings: ShopSettings;
  /** Payment gateways and where their webhooks are queued; none: orders are paid only by hand. */
  readonly payments?: PaymentDependencies;
}
