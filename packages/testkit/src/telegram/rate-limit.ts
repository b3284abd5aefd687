/** A token bucket: `burst` sends at once, refilled at `perSecond`. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export interface RateLimitConfig {
  /** Limits apply only while enabled; off by default so that ordinary tests run at full speed. */
  enabled: boolean;
  /** Per chat and bot. Telegram: about one message per second in a private chat. */
  perChat: RateLimit;
  /** Per bot across all chats. Telegram: about 30 messages per second. */
  global: RateLimit;
}

/** A partial change: unspecified fields keep their current values. */
export interface RateLimitChange {
  enabled?: boolean;
  perChat?: Partial<RateLimit>;
  global?: Partial<RateLimit>;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  enabled: false,
  perChat: { perSecond: 1, burst: 3 },
  global: { perSecond: 30, burst: 30 },
};

class Bucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly limit: RateLimit,
    now: number,
  ) {
    this.tokens = limit.burst;
    this.updatedAt = now;
  }

  /** Seconds until one token is available (0 when one is available now). */
  waitSeconds(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) return 0;
    return (1 - this.tokens) / this.limit.perSecond;
  }

  take(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.limit.burst, this.tokens + elapsed * this.limit.perSecond);
    this.updatedAt = now;
  }
}

export class SendRateLimiter {
  private readonly chats = new Map<string, Bucket>();
  private readonly bots = new Map<number, Bucket>();

  private config: RateLimitConfig = DEFAULT_RATE_LIMITS;

  constructor(
    change: RateLimitChange = {},
    private readonly now: () => number = Date.now,
  ) {
    this.configure(change);
  }

  get settings(): RateLimitConfig {
    return { ...this.config, perChat: { ...this.config.perChat }, global: { ...this.config.global } };
  }

  /** Changing the limits starts every bucket afresh. */
  configure(change: RateLimitChange): void {
    this.config = {
      enabled: change.enabled ?? this.config.enabled,
      perChat: { ...this.config.perChat, ...change.perChat },
      global: { ...this.config.global, ...change.global },
    };
    this.chats.clear();
    this.bots.clear();
  }

  /**
   * Takes one send from both buckets, or returns the whole seconds to wait
   * (Telegram's retry_after) without consuming anything.
   */
  acquire(botId: number, chatId: number): number {
    if (!this.config.enabled) return 0;
    const now = this.now();
    const chatKey = `${botId}:${chatId}`;
    let chat = this.chats.get(chatKey);
    if (!chat) {
      chat = new Bucket(this.config.perChat, now);
      this.chats.set(chatKey, chat);
    }
    let bot = this.bots.get(botId);
    if (!bot) {
      bot = new Bucket(this.config.global, now);
      this.bots.set(botId, bot);
    }
    const wait = Math.max(chat.waitSeconds(now), bot.waitSeconds(now));
    if (wait > 0) return Math.max(1, Math.ceil(wait));
    chat.take(now);
    bot.take(now);
    return 0;
  }
}
