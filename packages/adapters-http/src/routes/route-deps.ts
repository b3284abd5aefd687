import type { Clock, CounterSaleUseCases, DocumentRenderer, ImageStore, InvoicingUseCases, UnitOfWork, UseCases } from '@mostrador/core';
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
  // ---- electronic invoicing (ARCA) and counter sales ----
  /** Null when the app binds none: POST /api/v1/orders is not served. */
  readonly counterSales: CounterSaleUseCases | null;
  /** Null when ARCA is not configured: invoices are read from storage, retries answer 409 INVOICING.OFF. */
  readonly invoicing: InvoicingUseCases | null;
  /** Renders vouchers and reports as PDF; null when none is configured (those answers are 503). */
  readonly renderer: DocumentRenderer | null;
}
