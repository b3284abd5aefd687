import type { Clock, DocumentRenderer, ImageStore, UnitOfWork, UseCases } from '@mostrador/core';
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
  /** Renders vouchers and reports as PDF; null when none is configured (those answers are 503). */
  readonly renderer: DocumentRenderer | null;
}
