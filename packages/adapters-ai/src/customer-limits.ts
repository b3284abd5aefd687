import { AssistantUnavailableError, type Clock } from '@mostrador/core';

export interface CustomerLimitOptions {
  /** Questions one customer may ask per minute. Default 6. */
  readonly questionsPerMinute: number;
  /** Tokens (prompt + completion, as the provider reports them) one customer may use per day. Default 20 000. */
  readonly tokensPerDay: number;
  /** Customers tracked at once; the least recently seen are forgotten first. Default 10 000. */
  readonly maxCustomers: number;
}

export const DEFAULT_CUSTOMER_LIMITS: CustomerLimitOptions = { questionsPerMinute: 6, tokensPerDay: 20_000, maxCustomers: 10_000 };

interface Usage {
  asked: number[];
  day: string;
  tokens: number;
}

/**
 * Per-customer rate limit and token budget, in this process (an instance's share; several
 * instances each keep their own). `admit` throws `AssistantUnavailableError` with
 * `customer-rate-limited` or `budget-exhausted` before anything is sent to the provider.
 */
export class CustomerLimits {
  private readonly usage = new Map<string, Usage>();

  constructor(
    private readonly options: CustomerLimitOptions,
    private readonly clock: Clock,
  ) {}

  admit(customerId: string): void {
    const now = this.clock.now();
    const usage = this.get(customerId, now);
    const minuteAgo = now.getTime() - 60_000;
    usage.asked = usage.asked.filter((at) => at > minuteAgo);
    if (usage.tokens >= this.options.tokensPerDay)
      throw new AssistantUnavailableError(
        'budget-exhausted',
        `the customer used their ${this.options.tokensPerDay} assistant tokens for today`,
      );
    if (usage.asked.length >= this.options.questionsPerMinute)
      throw new AssistantUnavailableError(
        'customer-rate-limited',
        `the customer asked more than ${this.options.questionsPerMinute} questions in a minute`,
      );
    usage.asked.push(now.getTime());
  }

  /** Counts the tokens a provider call used. */
  spend(customerId: string, tokens: number): void {
    if (tokens > 0) this.get(customerId, this.clock.now()).tokens += tokens;
  }

  /** Tokens this customer used today. */
  spent(customerId: string): number {
    return this.get(customerId, this.clock.now()).tokens;
  }

  private get(customerId: string, now: Date): Usage {
    const day = now.toISOString().slice(0, 10);
    let usage = this.usage.get(customerId);
    if (usage) this.usage.delete(customerId);
    else usage = { asked: [], day, tokens: 0 };
    if (usage.day !== day) {
      usage.day = day;
      usage.tokens = 0;
    }
    this.usage.set(customerId, usage);
    while (this.usage.size > this.options.maxCustomers) {
      const oldest = this.usage.keys().next().value;
      if (oldest === undefined) break;
      this.usage.delete(oldest);
    }
    return usage;
  }
}
