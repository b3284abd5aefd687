import type { ChannelCapabilities, Locale } from '@mostrador/core';
import type { ConformanceShop } from './conformance-shop.js';

/** One message as the person sees it on the channel, after the channel rendered it. */
export interface ConformanceReply {
  /**
   * The text the person reads, as plain text: formatting gone, links as their label (a channel
   * may add the URL after it), line breaks kept. A photo's caption is its text.
   */
  readonly text: string;
  /** The labels of the options offered with it, in reading order: button labels, or numbered option labels without the number. */
  readonly options: readonly string[];
  /** Whether a picture came with it (a photo, or a channel's stand-in for one such as "[image: …]"). */
  readonly image: boolean;
  /** The document that came with it (a file the person can open), with its name and bytes; null when none. */
  readonly document: { readonly fileName: string; readonly bytes: Uint8Array } | null;
  /** The driver's own reference to the message (a message id), so `choose` can act on an earlier reply. */
  readonly ref: string;
}

/** Who the suite wants to talk as. */
export interface ConformancePersona {
  readonly locale: Locale;
  /** Display name on the channel; the suite uses a different one per customer. */
  readonly displayName: string;
}

/**
 * One customer's chat with the shop, driven the way a person would use that channel. Every
 * action is one inbound event for the channel adapter (one update, one line, one tap), and it
 * returns once the channel received it — not once it was handled: the suite waits for the shop to
 * have handled it (`ConformanceShop.waitHandled`) before it reads the replies.
 */
export interface ConformanceChat {
  /** The chat id the channel adapter puts on this customer's InboundEvents. */
  readonly chatId: string;
  sendText(text: string): Promise<void>;
  /**
   * Chooses the option labelled exactly `label` on the reply `on` (one `readReplies` returned).
   * A channel with buttons taps that button on that message, even when it is an old one. A
   * channel with numbered options types the number the option had, when `on` is the latest reply
   * with options; for an older reply (which such a channel cannot address) it types the label.
   */
  choose(label: string, on: ConformanceReply): Promise<void>;
  /** Sends a photo whose file is `sizeBytes` long (any image format the channel takes). */
  sendPhoto(sizeBytes: number): Promise<void>;
  /** The messages the channel showed this person since the previous call: new ones, and earlier ones it changed (edited), oldest first. */
  readReplies(): Promise<ConformanceReply[]>;
  /** From now on the channel refuses every delivery to this person, the way it says "the user blocked you". */
  block(): void;
  /** The channel refuses the next delivery to this person once, the way it says "too many requests, retry later". */
  rateLimitNextDelivery(): void;
  /** Deliveries to this person the channel refused so far (blocked or rate-limited attempts). */
  refusedDeliveries(): number;
}

/** A channel adapter set up for the suite: connected to the shop, started, with its emulator or fake on the other side. */
export interface ConformanceChannel {
  /** The capabilities the adapter declares (what the engine renders for). */
  readonly capabilities: ChannelCapabilities;
  /** A new person starting a chat; every call is a different person. */
  customer(persona: ConformancePersona): Promise<ConformanceChat>;
  /** Stops the adapter and its emulator. */
  stop(): Promise<void>;
}

/**
 * What a channel brings to the suite: given the shop, it builds its adapter, connects it with
 * `shop.connect(adapter)` (core's chat driver), starts it and its emulator or fake, and returns the
 * driver of its customers.
 */
export type ConformanceFactory = (shop: ConformanceShop) => Promise<ConformanceChannel>;
