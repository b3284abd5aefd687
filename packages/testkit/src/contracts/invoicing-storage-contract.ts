import { randomUUID } from 'node:crypto';
import type { AccessTicketStore, ExclusiveLocks } from '@mostrador/core';
import { describe, expect, it } from 'vitest';

/**
 * The AccessTicketStore contract: a saved ticket comes back equal (to the millisecond) from `get`,
 * a second save of the key replaces it, an unknown key is null. Keys are unique per test.
 */
export function accessTicketStoreContract(factory: () => Promise<AccessTicketStore>, options: { readonly name?: string } = {}): void {
  describe(`access ticket store contract${options.name ? ` (${options.name})` : ''}`, () => {
    it('returns the saved ticket; another key is null', async () => {
      const store = await factory();
      const key = `homologation:wsfe:${randomUUID()}`;
      const ticket = { token: 'PD94bWwgdmVyc2lvbj0iMS4wIj8+', sign: 'c2lnbg==', expiresAt: new Date('2026-12-06T23:59:58.123Z') };
      await store.save(key, ticket);
      expect(await store.get(key)).toEqual(ticket);
      expect(await store.get(`${key}:other`)).toBeNull();
    });

    it('a second save of a key replaces its ticket', async () => {
      const store = await factory();
      const key = `production:wsfe:${randomUUID()}`;
      await store.save(key, { token: 'one', sign: 'one', expiresAt: new Date('2026-12-06T10:00:00Z') });
      await store.save(key, { token: 'two', sign: 'two', expiresAt: new Date('2026-12-06T22:00:00Z') });
      expect(await store.get(key)).toEqual({ token: 'two', sign: 'two', expiresAt: new Date('2026-12-06T22:00:00Z') });
    });
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The ExclusiveLocks contract: holders of one key never overlap (a read-pause-write counter loses
 * no update), holders of different keys may overlap, and a holder that throws releases the key.
 * `instances` gives two handles that must exclude each other as two app instances would (the same
 * object twice when the store only serves one process).
 */
export function exclusiveLocksContract(
  instances: () => Promise<readonly [ExclusiveLocks, ExclusiveLocks]>,
  options: { readonly name?: string } = {},
): void {
  describe(`exclusive locks contract${options.name ? ` (${options.name})` : ''}`, () => {
    it('serializes the holders of one key, across instances', async () => {
      const [a, b] = await instances();
      const key = `invoice:${randomUUID()}`;
      let counter = 0;
      let inside = 0;
      let maxInside = 0;
      const increment = async () => {
        inside += 1;
        maxInside = Math.max(maxInside, inside);
        const read = counter;
        await pause(5);
        counter = read + 1;
        inside -= 1;
      };
      await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).withLock(key, increment)));
      expect(counter).toBe(10);
      expect(maxInside).toBe(1);
    });

    it('lets holders of different keys run together', async () => {
      const [a] = await instances();
      let release = (): void => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const first = a.withLock(`k:${randomUUID()}`, () => gate.then(() => 'first'));
      const second = await a.withLock(`k:${randomUUID()}`, async () => 'second');
      release();
      expect([await first, second]).toEqual(['first', 'second']);
    });

    it('releases the key when the holder throws, and passes the result or error through', async () => {
      const [a, b] = await instances();
      const key = `k:${randomUUID()}`;
      await expect(a.withLock(key, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(await b.withLock(key, async () => 42)).toBe(42);
    });
  });
}
