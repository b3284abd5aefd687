import type { Clock, ImageStore, UnitOfWork, UseCases } from '@mostrador/core';
import type { JoseTokenIssuer } from '../auth/jose-token-issuer.js';
import type { LoginRateLimiter } from '../auth/login-rate-limiter.js';
import type { HttpLimits } from '../http-server.js';

/** What route modules are built from. */
export interface RouteDeps {
  readonly useCases: UseCases;
  readonly uow: UnitOfWork;
  readonly clock: Clock;
  readonly tokens: JoseTokenIssuer;
  readonly images: ImageStore;
  readonly limits: HttpLimits;
  readonly loginLimiter: LoginRateLimiter;
  readonly readiness: () => Promise<boolean>;
}
