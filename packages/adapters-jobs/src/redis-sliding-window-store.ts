import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * Failed-login counts in Redis, one sorted set per key (scores are timestamps), so every instance
 * counts against one limit. Structurally the HTTP adapter's `SlidingWindowStore`: the app binds it
 * as `HTTP_TOKENS.LoginAttemptStore` when REDIS_URL is set.
 */
export class RedisSlidingWindowStore {
  private readonly redis: Redis;

  constructor(options: { readonly url: string; readonly prefix?: string } | { readonly redis: Redis; readonly prefix?: string }) {
    this.redis = 'redis' in options ? options.redis : new Redis(options.url, { maxRetriesPerRequest: 2, lazyConnect: true });
    this.prefix = options.prefix ?? 'mostrador';
  }

  private readonly prefix: string;

  async hits(key: string, since: number): Promise<readonly number[]> {
    const redisKey = this.keyOf(key);
    const [, scores] = (await this.redis
      .multi()
      .zremrangebyscore(redisKey, '-inf', `(${since}`)
      .zrangebyscore(redisKey, since, '+inf', 'WITHSCORES')
      .exec()) as [[Error | null, unknown], [Error | null, string[]]];
    if (scores[0]) throw scores[0];
    const flat = scores[1];
    const times: number[] = [];
    for (let index = 1; index < flat.length; index += 2) times.push(Number(flat[index]));
    return times;
  }

  async add(key: string, at: number, windowMs: number): Promise<void> {
    const redisKey = this.keyOf(key);
    // A unique member per hit: two failures in the same millisecond both count.
    await this.redis.multi().zadd(redisKey, at, `${at}:${randomUUID()}`).pexpire(redisKey, windowMs).exec();
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(this.keyOf(key));
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }

  private keyOf(key: string): string {
    return `${this.prefix}:${key}`;
  }
}
