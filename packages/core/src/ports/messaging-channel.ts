import type { ChannelCapabilities, DeliveryReceipt, InboundEvent, OutboundMessage } from '../conversation/messages.js';
import type { ChannelName } from '../shared/types.js';
import type { Startable } from './lifecycle.js';

/**
 * Delivers outbound messages to one channel. Failures are AdapterErrors with codes such as
 * `CHANNEL.RATE_LIMITED` (retryable, `details.retryAfterSeconds`), `CHANNEL.CHAT_NOT_FOUND`,
 * `CHANNEL.BLOCKED` (the user blocked the bot; not retryable).
 */
export interface MessagingChannel {
  readonly name: ChannelName;
  readonly capabilities: ChannelCapabilities;
  send(chatId: string, message: OutboundMessage): Promise<DeliveryReceipt>;
  /** Downloads a file an inbound event referred to. Throws `CHANNEL.FILE_TOO_BIG` above `maxBytes`. */
  downloadFile(fileRef: string, maxBytes: number): Promise<Uint8Array>;
  /** Shows "typing…" or similar, best effort: never throws. */
  indicateActivity?(chatId: string): Promise<void>;
}

/** One inbound event as a channel adapter hands it to core's chat driver. */
export interface InboundDelivery {
  readonly event: InboundEvent;
  /**
   * Called exactly once when the event has been handled (also when handling failed), with the
   * short toast for a tap or null. A channel whose taps must be answered (a spinner on the button)
   * answers here. Must not throw.
   */
  acknowledge?(toast: string | null): Promise<void>;
}

/** Where a channel adapter hands its inbound events: core's chat driver. */
export interface InboundSink {
  /** Resolves when the event has been handled and its replies delivered (or given up on). Never rejects. */
  deliver(delivery: InboundDelivery): Promise<void>;
}

/**
 * A channel adapter as the app composes it: a MessagingChannel that also receives (polling,
 * a socket, or webhook routes it binds under `TOKENS.InboundRoute`) and is started and stopped.
 * The app calls `connect` once, before `start`; the adapter turns each inbound update into an
 * InboundEvent and hands it to the sink. On `stop` it stops receiving and waits for the
 * deliveries it started.
 */
export interface ChannelAdapter extends MessagingChannel, Startable {
  connect(sink: InboundSink): void;
}

/** All channels the app runs, by name; notifications pick the customer's channel. */
export interface ChannelRegistry {
  get(name: ChannelName): MessagingChannel | null;
  list(): readonly MessagingChannel[];
}

/** A registry of the given channels; channel names must be unique. */
export function channelRegistry(channels: readonly MessagingChannel[]): ChannelRegistry {
  const byName = new Map<ChannelName, MessagingChannel>();
  for (const channel of channels) {
    if (byName.has(channel.name)) throw new Error(`two channels are named "${channel.name}"`);
    byName.set(channel.name, channel);
  }
  const list = [...byName.values()];
  return { get: (name) => byName.get(name) ?? null, list: () => list };
}
