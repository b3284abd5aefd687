import type { ChannelName, Locale } from '../shared/types.js';

/** The person behind an inbound event, as the channel knows them. */
export interface ChannelUser {
  readonly id: string;
  readonly displayName: string;
  /** The channel's language hint for the person (an IETF tag such as `es-AR` or `en`), raw. */
  readonly languageHint: string | null;
}

export type InboundPayload =
  /**
   * The person opened the chat, maybe through a link that carries a start payload (`deepLink`).
   * Core's payload convention is its own (see `productStartPayload`); other payloads open the menu.
   */
  | { readonly kind: 'start'; readonly deepLink: string | null }
  | { readonly kind: 'text'; readonly text: string }
  /**
   * A command the channel recognised: `command` is its bare name (no slash, no addressee such as a
   * bot's name: the adapter drops commands meant for someone else), `args` the rest of the line.
   */
  | { readonly kind: 'command'; readonly command: string; readonly args: string }
  /** A button tap: the opaque choice id, and the channel message it was on (for edits). */
  | { readonly kind: 'choice'; readonly choiceId: string; readonly messageRef: string | null }
  /** A photo: a channel file handle the engine downloads, within its size limit, through `MessagingChannel.downloadFile`. */
  | { readonly kind: 'image'; readonly fileRef: string; readonly caption: string | null; readonly sizeBytes: number | null }
  | { readonly kind: 'contact'; readonly phone: string; readonly name: string }
  | { readonly kind: 'location'; readonly latitude: number; readonly longitude: number };

/** What a channel adapter builds from one update. */
export type InboundEvent = {
  readonly channel: ChannelName;
  readonly chatId: string;
  readonly user: ChannelUser;
  readonly receivedAt: Date;
  /** The channel's update id: a redelivered update is handled once. */
  readonly idempotencyKey: string;
} & InboundPayload;

/**
 * A choice button. The engine keeps `id` within `min(16, capabilities.maxChoicePayloadBytes)`
 * UTF-8 bytes, so the channel can carry it back in a `choice` event as it is.
 */
export type Choice = { readonly id: string; readonly label: string } | { readonly url: string; readonly label: string };

export interface Document {
  readonly fileName: string;
  readonly mimeType: string;
  readonly bytes: Uint8Array;
}

/**
 * A message the engine sends. `text` uses a tiny neutral markup that adapters escape for their
 * format: `*bold*`, `_italic_`, `~~strikethrough~~`, `[label](https://url)`, and line breaks.
 * Literal `*`, `_`, `~`, `[`, `]`, `\` are escaped with a backslash (`escapeMarkup`); adapters read
 * it with `parseMarkup` (conversation/markup.ts). Choice labels are plain text, not markup.
 */
export interface OutboundMessage {
  readonly text: string;
  /** A catalog image id (ImageStore); the adapter caches its channel file id. */
  readonly imageId?: string;
  readonly document?: Document;
  /** Rows of buttons. */
  readonly choices?: readonly (readonly Choice[])[];
  /** Set when the message is one page of a list; lets channels without edits label the page. */
  readonly page?: { readonly index: number; readonly count: number };
  /** The channel message this one updates (paging). Channels that cannot edit send a new message. */
  readonly replaces?: string;
  /**
   * Label of a "share my phone number" control; the answer arrives as a `contact` event. The engine
   * only sets it when the channel declares `capabilities.contactRequest`; otherwise the text asks
   * the person to type the number.
   */
  readonly requestContact?: string;
  /**
   * The contact request an earlier message made (`requestContact`) is over. The engine sets it on
   * the first message it sends after a message that asked for the contact, whatever the answer
   * was (a typed or shared phone, a tap, "back", a command), unless that reply asks for the
   * contact again. A channel whose "share my phone number" control stays on screen until taken
   * away removes it now; a channel whose control goes away by itself ignores this.
   */
  readonly endsContactRequest?: boolean;
}

/**
 * What a channel can show, declared by its adapter. The engine asks for what it wants and degrades
 * gracefully for what a channel lacks; it never names a channel.
 */
export interface ChannelCapabilities {
  /** Buttons under a message that answer with a `choice` event. Without them choices are numbered in the text. */
  readonly inlineButtons: boolean;
  /** Buttons that open a URL. Without them a URL choice becomes a link in the text. */
  readonly urlButtons: boolean;
  readonly maxButtonsPerRow: number;
  readonly maxButtons: number;
  /** Longest choice label, in characters; longer labels are cut at a word with "…". */
  readonly maxChoiceLabelLength: number;
  /**
   * Largest choice id, in UTF-8 bytes, the channel can carry back in a `choice` event (the engine
   * uses at most 16; a channel declaring fewer than 8 is refused).
   */
  readonly maxChoicePayloadBytes: number;
  /** A sent message can be replaced in place (`OutboundMessage.replaces`). */
  readonly editInPlace: boolean;
  readonly maxTextLength: number;
  readonly maxCaptionLength: number;
  readonly images: boolean;
  readonly documents: boolean;
  /** The channel can offer a "share my phone number" control (`OutboundMessage.requestContact`), answered by a `contact` event. */
  readonly contactRequest: boolean;
  /** A tap can be acknowledged with a short transient text (`EngineReply.toast`). */
  readonly toasts: boolean;
  /**
   * The channel can open a chat with a start payload (`start` events carry `deepLink`). Links
   * that rely on it are only offered when set.
   */
  readonly deepLinks: boolean;
}

/** What a channel answers for one delivered message: its reference, for later edits. */
export interface DeliveryReceipt {
  readonly messageRef: string;
}

export type { Locale };
