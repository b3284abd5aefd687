import { type AccessTicket, type AccessTicketStore, AdapterError, type ExclusiveLocks, type Logger } from '@mostrador/core';
import { isAlreadyAuthenticated, wsaaError } from './wsaa-client.js';

export interface AccessTicketProviderOptions {
  readonly store: AccessTicketStore;
  readonly locks: ExclusiveLocks;
  /** `environment:service:certificate fingerprint`: one ticket per certificate, service and environment. */
  readonly key: string;
  readonly login: () => Promise<AccessTicket>;
  readonly now: () => Date;
  readonly logger: Logger;
  /** Renew when less than this is left (default 10 minutes). */
  readonly refreshMarginMs?: number;
  /** Waits between re-reads of the store after `coe.alreadyAuthenticated` (default 0.25, 0.5, 1, 2, 4 s). */
  readonly backoffMs?: readonly number[];
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The WSAA ticket every instance shares (arca.md §1): read from the store; renewed once, under a
 * lock held across instances, when it is missing or close to expiry; on `coe.alreadyAuthenticated`
 * (ARCA holds a valid ticket) the stored one is used while it is valid, else the store is re-read
 * with back-off — never a login loop.
 */
export class AccessTicketProvider {
  private cached: AccessTicket | null = null;
  /** The token whose early renewal ARCA refused: not asked again until it expires. */
  private refusedEarlyRenewal: string | null = null;

  constructor(private readonly options: AccessTicketProviderOptions) {}

  /** Not a type guard on purpose: a ticket that is not fresh may still be valid. */
  private fresh(ticket: AccessTicket | null): boolean {
    if (!ticket) return false;
    const left = ticket.expiresAt.getTime() - this.options.now().getTime();
    return left > (this.options.refreshMarginMs ?? 600_000) || (left > 0 && ticket.token === this.refusedEarlyRenewal);
  }

  private valid(ticket: AccessTicket | null): ticket is AccessTicket {
    return ticket !== null && ticket.expiresAt > this.options.now();
  }

  async current(): Promise<AccessTicket> {
    if (this.cached && this.fresh(this.cached)) return this.cached;
    const stored = await this.options.store.get(this.options.key);
    if (stored && this.fresh(stored)) {
      this.cached = stored;
      return stored;
    }
    this.cached = await this.options.locks.withLock(`arca-ticket:${this.options.key}`, () => this.renew());
    return this.cached;
  }

  /** Drops a ticket ARCA refused (600) so the next `current()` renews it, unless another instance already did. */
  async invalidate(ticket: AccessTicket): Promise<void> {
    this.cached = null;
    await this.options.locks.withLock(`arca-ticket:${this.options.key}`, async () => {
      const stored = await this.options.store.get(this.options.key);
      if (stored?.token === ticket.token) await this.options.store.save(this.options.key, { ...stored, expiresAt: new Date(0) });
    });
  }

  private async renew(): Promise<AccessTicket> {
    const stored = await this.options.store.get(this.options.key);
    if (stored && this.fresh(stored)) return stored;
    try {
      const ticket = await this.options.login();
      await this.options.store.save(this.options.key, ticket);
      this.options.logger.info('arca access ticket renewed', { expiresAt: ticket.expiresAt.toISOString() });
      return ticket;
    } catch (error) {
      if (!isAlreadyAuthenticated(error)) throw wsaaError(error);
    }
    if (this.valid(stored)) {
      this.refusedEarlyRenewal = stored.token;
      return stored;
    }
    this.options.logger.warn('arca holds a valid access ticket this instance has not got; re-reading the shared store');
    const sleep = this.options.sleep ?? defaultSleep;
    for (const delay of this.options.backoffMs ?? [250, 500, 1000, 2000, 4000]) {
      await sleep(delay);
      const again = await this.options.store.get(this.options.key);
      if (this.valid(again)) return again;
    }
    throw new AdapterError(
      'INVOICING.TICKET_UNAVAILABLE',
      'ARCA holds a valid access ticket for this certificate that is not in the shared store; a new one can be had when it expires (at most 12 hours)',
      true,
    );
  }
}
