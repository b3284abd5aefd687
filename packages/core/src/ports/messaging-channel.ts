import type { ChannelCapabilities, DeliveryReceipt, OutboundMessage } from '../conversation/messages.js';
import type { ChannelName } from '../shared/types.js';

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
  /** Shows "typing…" or similar, best effort. */
  indicateActivity?(chatId: string): Promise<void>;
}

/** All channels the app runs, by name; notifications pick the customer's channel. */
export interface ChannelRegistry {
  get(name: ChannelName): MessagingChannel | null;
  list(): readonly MessagingChannel[];
}
