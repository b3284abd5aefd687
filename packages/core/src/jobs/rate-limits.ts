import type { RateLimit } from '../ports/services.js';

/**
 * The rate of bulk sends (notifications, campaigns) each channel allows, shared by every worker:
 * queues that send through a channel consume with `rateLimit: limits.forChannel(name)`.
 * Each messaging app sets its own (the app configures them, e.g. about 30 per second for a bot).
 */
export interface ChannelRateLimits {
  forChannel(channel: string): RateLimit;
}

/** Per-channel rates from a table; channels not listed get `fallbackPerSecond` (default 10). */
export const channelRateLimits = (perSecond: Readonly<Record<string, number>> = {}, fallbackPerSecond = 10): ChannelRateLimits => {
  return { forChannel: (channel) => ({ key: `channel:${channel}`, perSecond: perSecond[channel] ?? fallbackPerSecond }) };
};
