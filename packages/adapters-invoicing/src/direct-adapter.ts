import type { AccessTicketStore, ExclusiveLocks, InvoiceAuthorizer, Logger } from '@mostrador/core';
import { AccessTicketProvider } from './access-ticket-provider.js';
import { certificateFingerprint } from './cms-signer.js';
import { DirectInvoiceAuthorizer } from './direct-invoice-authorizer.js';
import type { ResolvedArcaOptions } from './options.js';
import { loginCms } from './wsaa-client.js';

export interface DirectAdapterDependencies {
  readonly store: AccessTicketStore;
  readonly locks: ExclusiveLocks;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** Ticket provider tuning (tests shorten the back-off). */
  readonly backoffMs?: readonly number[];
  readonly refreshMarginMs?: number;
}

/** The direct adapter: WSAA login with a CMS signed in this process, the shared ticket, WSFEv1 over SOAP. */
export const createDirectInvoiceAuthorizer = (options: ResolvedArcaOptions, deps: DirectAdapterDependencies): InvoiceAuthorizer => {
  const now = deps.now ?? (() => new Date());
  const tickets = new AccessTicketProvider({
    store: deps.store,
    locks: deps.locks,
    key: `${options.environment}:wsfe:${certificateFingerprint(options.certificatePem)}`,
    login: () =>
      loginCms(
        {
          url: options.wsaaUrl,
          certificatePem: options.certificatePem,
          privateKeyPem: options.privateKeyPem,
          timeoutMs: options.timeoutMs,
          now,
        },
        'wsfe',
      ),
    now,
    logger: deps.logger,
    ...(deps.backoffMs ? { backoffMs: deps.backoffMs } : {}),
    ...(deps.refreshMarginMs !== undefined ? { refreshMarginMs: deps.refreshMarginMs } : {}),
  });
  return new DirectInvoiceAuthorizer({ wsfeUrl: options.wsfeUrl, cuit: options.cuit, tickets, timeoutMs: options.timeoutMs });
};
