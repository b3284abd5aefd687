import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { fromStoredJobId, RedisSlidingWindowStore, toStoredJobId } from '../src/index.js';
import { dropPrefix, REDIS_URL } from './support/redis.js';

const prefix = `test-login-${randomUUID()}`;

describe('RedisSlidingWindowStore (failed logins shared by every instance)', () => {
  const one = new RedisSlidingWindowStore({ url: REDIS_URL, prefix });
  const two = new RedisSlidingWindowStore({ url: REDIS_URL, prefix });
  afterAll(async () => {
    await one.close();
    await two.close();
    await dropPrefix(prefix);
  });

  it('two instances see one count; old hits fall out of the window; clear forgets the key', async () => {
    await one.add('login:account:ana@shop.ar', 1_000, 60_000);
    await two.add('login:account:ana@shop.ar', 1_000, 60_000);
    await two.add('login:account:ana@shop.ar', 5_000, 60_000);
    expect(await one.hits('login:account:ana@shop.ar', 0)).toEqual([1_000, 1_000, 5_000]);
    expect(await two.hits('login:account:ana@shop.ar', 2_000)).toEqual([5_000]);
    await one.clear('login:account:ana@shop.ar');
    expect(await two.hits('login:account:ana@shop.ar', 0)).toEqual([]);
  });
});

describe('stored job ids', () => {
  it('escape ":" and integers for BullMQ, one to one', () => {
    for (const id of ['42', 'a:b', 'campaign:7:42', 'a%3Ab', '%', 'x.y']) {
      const stored = toStoredJobId(id);
      expect(stored.includes(':')).toBe(false);
      expect(`${Number.parseInt(stored, 10)}`).not.toBe(stored);
      expect(fromStoredJobId(stored)).toBe(id);
    }
    expect(toStoredJobId('a:b')).not.toBe(toStoredJobId('a%3Ab'));
  });
});
