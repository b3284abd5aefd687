import { fitMarkup, truncatePlain } from './layout.js';
import { escapeMarkup } from './markup.js';
import type { ChannelCapabilities, Choice, OutboundMessage } from './messages.js';

/*
 * Buttons on messages the shop sends on its own (notifications, offers, alerts). Such a message
 * is no screen of the chat, so its buttons cannot live in the chat's choice table, which the next
 * screen replaces. Their ids are self-describing instead, marked by a `~` (screen choice ids are
 * letters and digits only, so the two never collide) and short enough for any channel (≤ 16 bytes):
 *
 *   ~o<order number>   the customer's order          ~s<order number>  the order in the staff menu
 *   ~p<product code>   a product card (code: see MarketingUseCases.productCode)
 *   ~out / ~in         stop / restart offers
 */

export type PushChoiceTarget =
  | { readonly kind: 'order'; readonly number: number }
  | { readonly kind: 'staff-order'; readonly number: number }
  | { readonly kind: 'product'; readonly code: string }
  | { readonly kind: 'consent'; readonly granted: boolean };

export const pushChoiceId = (target: PushChoiceTarget): string => {
  switch (target.kind) {
    case 'order':
      return `~o${target.number}`;
    case 'staff-order':
      return `~s${target.number}`;
    case 'product':
      return `~p${target.code}`;
    case 'consent':
      return target.granted ? '~in' : '~out';
  }
};

/** What a push choice id points to, or null when it is none (or malformed). */
export const parsePushChoice = (id: string): PushChoiceTarget | null => {
  if (id === '~out') return { kind: 'consent', granted: false };
  if (id === '~in') return { kind: 'consent', granted: true };
  const match = /^~([osp])([A-Za-z0-9]{1,12})$/.exec(id);
  if (!match) return null;
  const [, kind, value = ''] = match;
  if (kind === 'p') return { kind: 'product', code: value };
  if (!/^[1-9]\d{0,9}$/.test(value)) return null;
  return { kind: kind === 'o' ? 'order' : 'staff-order', number: Number(value) };
};

export interface PushButton {
  readonly label: string;
  readonly target?: PushChoiceTarget;
  readonly url?: string;
}

/**
 * A pushed message fitted to a channel: text cut to its limit, labels shortened, one button per
 * row within the button budget, URL buttons the channel cannot show turned into links.
 */
export const pushMessage = (
  capabilities: ChannelCapabilities,
  content: { readonly text: string; readonly imageId?: string | null; readonly buttons?: readonly PushButton[] },
): OutboundMessage => {
  let text = content.text;
  const rows: Choice[][] = [];
  const limit = Math.max(1, Math.floor(capabilities.maxChoiceLabelLength));
  for (const button of content.buttons ?? []) {
    if (rows.length >= Math.max(0, capabilities.maxButtons)) break;
    const label = truncatePlain(button.label, limit);
    if (button.url !== undefined) {
      if (capabilities.urlButtons) rows.push([{ url: button.url, label }]);
      else text += `\n[${escapeMarkup(label)}](${button.url.replace(/[\\)]/g, (char) => `\\${char}`)})`;
    } else if (button.target) {
      rows.push([{ id: pushChoiceId(button.target), label }]);
    }
  }
  const imageId = content.imageId && capabilities.images ? content.imageId : undefined;
  const max = imageId ? capabilities.maxCaptionLength : capabilities.maxTextLength;
  return {
    text: fitMarkup(text, max),
    ...(imageId ? { imageId } : {}),
    ...(rows.length > 0 ? { choices: rows } : {}),
  };
};
