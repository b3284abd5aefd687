import { randomUUID } from 'node:crypto';
import type { ConversationStore } from '@mostrador/core';
import { describe, expect, it } from 'vitest';

const AT = new Date('2025-03-10T12:00:00.000Z');

/** A chat state with the JSON shapes a conversation keeps: nesting, arrays, null, accents, numbers. */
const aState = (step: number) => ({
  flow: 'checkout',
  step,
  locale: 'es',
  cart: [{ productId: 'p1', quantity: 2, name: 'Mate de calabaza ñandú' }],
  pending: null,
  choices: { 'sel:1': { kind: 'product', id: 'p1' } },
  flags: [true, false],
});

/**
 * Registers the ConversationStore contract (see `ConversationStore` in core's
 * `ports/repositories.ts`): `begin` records an update and reads the chat's state in one step,
 * exactly once per (channel, update key); state is JSON per (channel, chat); `markProcessed`
 * shares `begin`'s record of seen updates. Call it at the top level of a test file:
 *
 *   conversationStoreContract(async () => persistence.uow.repositories.conversations, { name: 'postgres' });
 *
 * Every test uses its own chat ids and update keys, so the factory may hand the same store to
 * every test and the store needs no reset.
 */
export function conversationStoreContract(factory: () => Promise<ConversationStore>, options: { readonly name?: string } = {}): void {
  describe(`conversation store contract${options.name ? ` (${options.name})` : ''}`, () => {
    /** Ids unique to the calling test. */
    const fresh = () => {
      const scope = randomUUID();
      return { chat: (n: number) => `chat-${n}-${scope}`, update: (n: number) => `update-${n}-${scope}` };
    };

    describe('begin', () => {
      it('is fresh with no state for a new chat, and not fresh for the same update again', async () => {
        const store = await factory();
        const { chat, update } = fresh();
        expect(await store.begin('telegram', chat(1), update(1), AT)).toEqual({ fresh: true, state: null });
        expect(await store.begin('telegram', chat(1), update(1), AT)).toEqual({ fresh: false });
        expect(await store.begin('telegram', chat(1), update(2), AT)).toEqual({ fresh: true, state: null });
      });

      it("returns the chat's saved state with a fresh update", async () => {
        const store = await factory();
        const { chat, update } = fresh();
        await store.save('telegram', chat(1), aState(3));
        expect(await store.begin('telegram', chat(1), update(1), AT)).toEqual({ fresh: true, state: aState(3) });
        await store.save('telegram', chat(1), aState(4));
        expect(await store.begin('telegram', chat(1), update(2), AT)).toEqual({ fresh: true, state: aState(4) });
        // Another chat's state is not mixed in.
        expect(await store.begin('telegram', chat(2), update(3), AT)).toEqual({ fresh: true, state: null });
      });

      it('a redelivered update is not fresh whatever chat it names', async () => {
        const store = await factory();
        const { chat, update } = fresh();
        await store.save('telegram', chat(2), aState(1));
        expect(await store.begin('telegram', chat(1), update(1), AT)).toMatchObject({ fresh: true });
        expect(await store.begin('telegram', chat(2), update(1), AT)).toEqual({ fresh: false });
        expect(await store.begin('telegram', chat(1), update(1), new Date(AT.getTime() + 60_000))).toEqual({ fresh: false });
      });

      it('keys updates and chats per channel: the same ids on two channels are two updates and two chats', async () => {
        const store = await factory();
        const { chat, update } = fresh();
        await store.save('telegram', chat(1), aState(1));
        expect(await store.begin('telegram', chat(1), update(1), AT)).toEqual({ fresh: true, state: aState(1) });
        expect(await store.begin('whatsapp', chat(1), update(1), AT)).toEqual({ fresh: true, state: null });
        expect(await store.begin('whatsapp', chat(1), update(1), AT)).toEqual({ fresh: false });
      });

      it('exactly one of 20 concurrent begins of one update is fresh', async () => {
        const store = await factory();
        const { chat, update } = fresh();
        await store.save('telegram', chat(1), aState(7));
        const starts = await Promise.all(Array.from({ length: 20 }, () => store.begin('telegram', chat(1), update(1), AT)));
        expect(starts.filter((start) => start.fresh)).toEqual([{ fresh: true, state: aState(7) }]);
        expect(starts.filter((start) => !start.fresh)).toHaveLength(19);
      });

      it('concurrent begins of different updates are all fresh', async () => {
        const store = await factory();
        const { chat, update } = fresh();
        const starts = await Promise.all(Array.from({ length: 10 }, (_, n) => store.begin('telegram', chat(n % 3), update(n), AT)));
        expect(starts.every((start) => start.fresh)).toBe(true);
      });
    });

    describe('load and save', () => {
      it('returns null for an unknown chat and round-trips JSON state per (channel, chat)', async () => {
        const store = await factory();
        const { chat } = fresh();
        expect(await store.load('telegram', chat(1))).toBeNull();
        await store.save('telegram', chat(1), aState(2));
        expect(await store.load('telegram', chat(1))).toEqual(aState(2));
        expect(await store.load('whatsapp', chat(1))).toBeNull();
        expect(await store.load('telegram', chat(2))).toBeNull();
      });

      it('save replaces the whole state, not merges it', async () => {
        const store = await factory();
        const { chat } = fresh();
        await store.save('telegram', chat(1), aState(2));
        await store.save('telegram', chat(1), { flow: 'menu' });
        expect(await store.load('telegram', chat(1))).toEqual({ flow: 'menu' });
      });

      it('hands out copies: changing a saved or loaded state object changes nothing stored', async () => {
        const store = await factory();
        const { chat, update } = fresh();
        const state = aState(1);
        await store.save('telegram', chat(1), state);
        state.step = 99;
        const loaded = (await store.load('telegram', chat(1))) as ReturnType<typeof aState>;
        loaded.cart.push({ productId: 'p2', quantity: 1, name: 'Otro' });
        const started = await store.begin('telegram', chat(1), update(1), AT);
        expect(started).toEqual({ fresh: true, state: aState(1) });
      });

      it('keeps any JSON value: strings, numbers, arrays', async () => {
        const store = await factory();
        const { chat } = fresh();
        for (const [n, state] of ['idle', 0, 12.5, [1, 'dos', null], { emoji: '🧉', quote: 'say "hola"' }].entries()) {
          await store.save('telegram', chat(n), state);
          expect(await store.load('telegram', chat(n)), JSON.stringify(state)).toEqual(state);
        }
      });

      it('concurrent saves of different chats do not interfere', async () => {
        const store = await factory();
        const { chat } = fresh();
        await Promise.all(Array.from({ length: 12 }, (_, n) => store.save(n % 2 ? 'whatsapp' : 'telegram', chat(n), aState(n))));
        const loaded = await Promise.all(Array.from({ length: 12 }, (_, n) => store.load(n % 2 ? 'whatsapp' : 'telegram', chat(n))));
        expect(loaded).toEqual(Array.from({ length: 12 }, (_, n) => aState(n)));
      });
    });

    describe('markProcessed', () => {
      it('is true the first time an update key is seen, per channel', async () => {
        const store = await factory();
        const { update } = fresh();
        expect(await store.markProcessed('telegram', update(1), AT)).toBe(true);
        expect(await store.markProcessed('telegram', update(1), AT)).toBe(false);
        expect(await store.markProcessed('whatsapp', update(1), AT)).toBe(true);
        expect(await store.markProcessed('telegram', update(2), AT)).toBe(true);
      });

      it('is true exactly once under concurrency', async () => {
        const store = await factory();
        const { update } = fresh();
        const results = await Promise.all(Array.from({ length: 20 }, () => store.markProcessed('telegram', update(1), AT)));
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it("shares begin's record of seen updates, both ways", async () => {
        const store = await factory();
        const { chat, update } = fresh();
        expect(await store.markProcessed('telegram', update(1), AT)).toBe(true);
        expect(await store.begin('telegram', chat(1), update(1), AT)).toEqual({ fresh: false });
        expect(await store.begin('telegram', chat(1), update(2), AT)).toMatchObject({ fresh: true });
        expect(await store.markProcessed('telegram', update(2), AT)).toBe(false);
      });

      it("leaves the chat's state alone", async () => {
        const store = await factory();
        const { chat, update } = fresh();
        await store.save('telegram', chat(1), aState(5));
        await store.markProcessed('telegram', update(1), AT);
        await store.begin('telegram', chat(1), update(2), AT);
        expect(await store.load('telegram', chat(1))).toEqual(aState(5));
      });
    });
  });
}
