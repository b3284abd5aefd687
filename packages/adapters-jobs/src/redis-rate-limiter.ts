import type { Redis } from 'ioredis';

/**
 * Even spacing of starts across every process sharing a Redis: each `acquire` reserves the next
 * free slot of the key (slots are `1000 / perSecond` ms apart, on Redis's clock, so the hosts'
 * clocks never matter) and says how long to wait for it. Unlike a fixed window (BullMQ's own
 * limiter), nothing is bunched at a window's start, which a token bucket such as Telegram's would
 * answer with 429s; and one key can be shared by several queues (everything sent through one bot).
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
if nextAt < now then nextAt = now end
redis.call('SET', KEYS[1], tostring(nextAt + interval), 'PX', math.ceil(nextAt + interval - now) + 60000)
return math.ceil(nextAt - now)
`;

/** Pushes the key's next slot to at least now + ARGV[1] ms (a 429's retry_after). */
const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilAt = now + tonumber(ARGV[1])
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
if nextAt < untilAt then redis.call('SET', KEYS[1], tostring(untilAt), 'PX', tonumber(ARGV[1]) + 60000) end
return 1
`;

export class RedisRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Milliseconds to wait before the reserved start. */
  async acquire(key: string, perSecond: number): Promise<number> {
    const wait = await this.redis.eval(ACQUIRE, 1, this.keyOf(key), String(1000 / perSecond));
    return Number(wait);
  }

  async pause(key: string, ms: number): Promise<void> {
    await this.redis.eval(PAUSE, 1, this.keyOf(key), String(Math.ceil(ms)));
  }

  private keyOf(key: string): string {
    return `${this.prefix}:rate:${key}`;
  }
}
