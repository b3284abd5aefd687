import type { Clock } from '@mostrador/core';

/**
 * Where failed attempts are counted: timestamps (ms) per key, kept for a window. In-process by
 * default; a Redis sorted set (ZADD / ZREMRANGEBYSCORE / ZRANGE) fits the same shape when several
 * instances must share the count.
 */
export interface SlidingWindowStore {
  /** Timestamps recorded for `key` at or after `since`, oldest first (older ones may be dropped). */
  hits(key: string, since: number): Promise<readonly number[]>;
  /** Records a hit at `at`; the store may forget it after `windowMs`. */
  add(key: string, at: number, windowMs: number): Promise<void>;
  clear(key: string): Promise<void>;
}

/** A Map of timestamp lists, pruned on access and swept when it grows. For one process only. */
export class InMemorySlidingWindowStore implements SlidingWindowStore {
  readonly #hits = new Map<string, { times: number[]; expiresAt: number }>();
  readonly #maxKeys: number;

  constructor(options: { maxKeys?: number } = {}) {
    this.#maxKeys = options.maxKeys ?? 100_000;
  }

  async hits(key: string, since: number): Promise<readonly number[]> {
    const entry = this.#hits.get(key);
    if (!entry) return [];
    entry.times = entry.times.filter((t) => t >= since);
    if (entry.times.length === 0) this.#hits.delete(key);
    return [...entry.times];
  }

  async add(key: string, at: number, windowMs: number): Promise<void> {
    if (this.#hits.size >= this.#maxKeys && !this.#hits.has(key)) this.#sweep(at);
    const entry = this.#hits.get(key) ?? { times: [], expiresAt: 0 };
    entry.times.push(at);
    entry.expiresAt = at + windowMs;
    this.#hits.set(key, entry);
  }

  async clear(key: string): Promise<void> {
    this.#hits.delete(key);
  }

  #sweep(now: number): void {
    for (const [key, entry] of this.#hits) if (entry.expiresAt <= now) this.#hits.delete(key);
    // Still full: forget the oldest keys rather than grow without bound under a spray of addresses.
    for (const key of this.#hits.keys()) {
      if (this.#hits.size < this.#maxKeys) break;
      this.#hits.delete(key);
    }
  }
}

export interface RateLimitRule {
  readonly maxFailures: number;
  readonly windowSeconds: number;
}

export interface LoginRateLimits {
  readonly perAccount: RateLimitRule;
  readonly perAddress: RateLimitRule;
}

export const DEFAULT_LOGIN_RATE_LIMITS: LoginRateLimits = {
  perAccount: { maxFailures: 5, windowSeconds: 15 * 60 },
  perAddress: { maxFailures: 20, windowSeconds: 15 * 60 },
};

export type LoginGate = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * Sliding-window limit on failed logins, per account (email) and per client address. A blocked
 * attempt is refused before the password is checked, so guessing stops even with the right one.
 */
export class LoginRateLimiter {
  constructor(
    private readonly store: SlidingWindowStore,
    private readonly clock: Clock,
    private readonly limits: LoginRateLimits = DEFAULT_LOGIN_RATE_LIMITS,
  ) {}

  async check(email: string, address: string): Promise<LoginGate> {
    const now = this.clock.now().getTime();
    let retryAfter = 0;
    for (const [key, rule] of this.#keys(email, address)) {
      const windowMs = rule.windowSeconds * 1000;
      const hits = await this.store.hits(key, now - windowMs);
      if (hits.length >= rule.maxFailures) {
        // The window frees a slot when the hit that fills it to the limit ages out.
        const freeing = hits[hits.length - rule.maxFailures]!;
        retryAfter = Math.max(retryAfter, Math.ceil((freeing + windowMs - now) / 1000));
      }
    }
    return retryAfter > 0 ? { allowed: false, retryAfterSeconds: retryAfter } : { allowed: true };
  }

  async recordFailure(email: string, address: string): Promise<void> {
    const now = this.clock.now().getTime();
    for (const [key, rule] of this.#keys(email, address)) await this.store.add(key, now, rule.windowSeconds * 1000);
  }

  /** A successful login forgives the account's failures (not the address's). */
  async recordSuccess(email: string): Promise<void> {
    await this.store.clear(accountKey(email));
  }

  #keys(email: string, address: string): readonly (readonly [string, RateLimitRule])[] {
    return [
      [accountKey(email), this.limits.perAccount],
      [`login:address:${address}`, this.limits.perAddress],
    ];
  }
}

const accountKey = (email: string): string => `login:account:${email.trim().toLowerCase()}`;
