import type { RateLimit } from '../ports/services.js';

/**
 * The rate of bulk sends (notifications, campaigns) each channel allows, shared by every worker:
 * queues that send through a channel consume with `rateLimit: limits.forChannel(name)`.
 * Telegram allows about 30 messages per second per bot in bulk.
 */
export interface ChannelRateLimits {
  forChannel(channel: string): RateLimit;
}

export const DEFAULT_CHANNEL_RATES: Readonly<Record<string, number>> = { telegram: 30 };

/** Per-channel rates from a table; channels not listed get `fallbackPerSecond` (default 10). */
export const channelRateLimits = (perSecond: Readonly<Record<string, number>> = {}, fallbackPerSecond = 10): ChannelRateLimits => {
  const table = { ...DEFAULT_CHANNEL_RATES, ...perSecond };
  return { forChannel: (channel) => ({ key: `channel:${channel}`, perSecond: table[channel] ?? fallbackPerSecond }) };
};
