/*
 * Ports the electronic-invoicing adapters need from storage: a place to share ARCA access tickets
 * between every instance of the app, and locks that hold across those instances.
 */

/** A WSAA access ticket (TA): credentials for one service, valid until `expiresAt` (12 hours after issue). */
export interface AccessTicket {
  readonly token: string;
  readonly sign: string;
  readonly expiresAt: Date;
}

/**
 * Access tickets shared by every instance of the app, keyed by the adapter (e.g.
 * `homologation:wsfe:<certificate fingerprint>`). ARCA refuses a new ticket while one is valid
 * (`coe.alreadyAuthenticated`), so the ticket one process obtained must be what every other
 * process reads. Store it only under `ExclusiveLocks` for the same key so a refresh happens once.
 *
 * Example: `save('homologation:wsfe:ab12', { token, sign, expiresAt })`, then from any instance
 * `get('homologation:wsfe:ab12')` → that ticket; `get('other')` → null.
 */
export interface AccessTicketStore {
  get(key: string): Promise<AccessTicket | null>;
  /** Inserts or replaces the key's ticket. */
  save(key: string, ticket: AccessTicket): Promise<void>;
}

/**
 * Mutual exclusion per key across every instance sharing the database (and within one process).
 * `withLock(key, work)` runs `work` when no other holder of `key` runs; holders of other keys run
 * concurrently. The lock is released when `work` settles, and also when the process dies (a lock
 * must never outlive its holder). Used to serialize voucher numbering per (CUIT, point of sale,
 * voucher type) and access-ticket refreshes.
 *
 * Example: two instances calling `withLock('invoice:20111111112:1:6', issue)` at once run `issue`
 * one after the other, never together.
 */
export interface ExclusiveLocks {
  withLock<T>(key: string, work: () => Promise<T>): Promise<T>;
}
