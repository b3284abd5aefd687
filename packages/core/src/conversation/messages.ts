import type { ChannelName, Locale } from '../shared/types.js';

/** The person behind an inbound event, as the channel knows them. */
export interface ChannelUser {
  readonly id: string;
  readonly displayName: string;
  /** Channel's hint (Telegram `language_code`), raw. */
  readonly languageHint: string | null;
}

export type InboundPayload =
  | { readonly kind: 'start'; readonly deepLink: string | null }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'command'; readonly command: string; readonly args: string }
  /** A button tap: the opaque choice id, and the channel message it was on (for edits). */
  | { readonly kind: 'choice'; readonly choiceId: string; readonly messageRef: string | null }
  /** A photo: a channel file handle the adapter can download later through `ChannelFiles`. */
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

/** A choice button: `id` must fit Telegram's 64-byte callback_data with room to spare (≤ 32 bytes). */
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
   * Label of a "share my phone number" button (Telegram `request_contact`); the answer arrives as
   * a `contact` event. Channels that cannot ask for the contact ignore it: the text already asks
   * the person to type the number.
   */
  readonly requestContact?: string;
  /**
   * Takes away the "share my phone number" button an earlier message asked for (`requestContact`).
   * The engine sets it on the first message it sends after a message that asked for the contact,
   * whatever the answer was (a typed or shared phone, a tap, "back", a command), unless that reply
   * asks for the contact again. Channels that show the button as a keyboard of its own remove
   * it (Telegram: `reply_markup: { remove_keyboard: true }`); channels that never showed it ignore this.
   */
  readonly dismissReplyKeyboard?: boolean;
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
  /** Largest choice id, in UTF-8 bytes, the channel can carry back in a `choice` event (the engine uses at most 16). */
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
  /** The channel can open a chat with a start payload (`start` events carry `deepLink`). */
  readonly deepLinks: boolean;
}

/** What a channel answers for one delivered message: its reference, for later edits. */
export interface DeliveryReceipt {
  readonly messageRef: string;
}

export type { Locale };
