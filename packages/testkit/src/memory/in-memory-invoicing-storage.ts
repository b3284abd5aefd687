import type { AccessTicket, AccessTicketStore, ExclusiveLocks } from '@mostrador/core';
import { AsyncMutex } from './async-mutex.js';

/** AccessTicketStore in a Map: one process's "shared" store, for unit tests. */
export class InMemoryAccessTicketStore implements AccessTicketStore {
  private readonly tickets = new Map<string, AccessTicket>();
  saves = 0;

  async get(key: string): Promise<AccessTicket | null> {
    const ticket = this.tickets.get(key);
    return ticket ? { ...ticket, expiresAt: new Date(ticket.expiresAt) } : null;
  }

  async save(key: string, ticket: AccessTicket): Promise<void> {
    this.saves += 1;
    this.tickets.set(key, { ...ticket, expiresAt: new Date(ticket.expiresAt) });
  }
}

/** ExclusiveLocks for one process: a mutex per key. */
export class InMemoryExclusiveLocks implements ExclusiveLocks {
  private readonly mutexes = new Map<string, AsyncMutex>();

  withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    let mutex = this.mutexes.get(key);
    if (!mutex) {
      mutex = new AsyncMutex();
      this.mutexes.set(key, mutex);
    }
    return mutex.run(work);
  }
}
