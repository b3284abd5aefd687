import type { ManualPaymentMethod } from '../application/payment-use-cases.js';
import type { IvaCondition } from '../customers/tax-profile.js';
import type { AudienceSegment, CampaignCommand } from '../marketing/campaign.js';
import type { Currency } from '../money/money.js';
import type { OrderStatus } from '../ordering/order.js';
import type { Locale } from '../shared/types.js';

/*
 * What the engine remembers per (channel, chat), stored as JSON in the ConversationStore so any
 * instance can serve the next update. Screens are descriptors (name + parameters), re-rendered
 * from live data whenever they are shown again.
 */

export type CheckoutStep =
  | 'name'
  | 'phone'
  | 'delivery'
  | 'address'
  | 'invoice'
  | 'tax-id'
  | 'iva'
  | 'legal-name'
  | 'tax-address'
  | 'confirm';

export type ScreenRef =
  | { readonly name: 'menu' }
  | { readonly name: 'categories'; readonly page: number }
  /** Products of a category; `categoryId` null lists every product. */
  | { readonly name: 'category'; readonly categoryId: string | null; readonly page: number }
  | { readonly name: 'product'; readonly productId: string; readonly quantity: number }
  | { readonly name: 'added'; readonly productId: string; readonly quantity: number }
  /**
   * `question`: "¿De qué producto?", asked after a price, stock or variants question that named no
   * product and had none in focus; that question is asked again with the product typed next.
   */
  | { readonly name: 'search-prompt'; readonly question?: string }
  | { readonly name: 'search'; readonly query: string; readonly page: number; readonly source: 'text' | 'photo' }
  /**
   * An assistant answer, kept so it can be shown again without asking again; with `source:
   * 'photo'`, the products the photo matcher found (none: an honest "no encontré").
   */
  | {
      readonly name: 'answer';
      readonly text: string;
      readonly productIds: readonly string[];
      readonly source?: 'photo';
      /** The answer is in this language, not the chat's (the customer wrote in it): one tap makes it the chat's. */
      readonly offerLocale?: Locale;
    }
  | { readonly name: 'offers'; readonly page: number }
  | { readonly name: 'cart' }
  | { readonly name: 'cart-line'; readonly productId: string }
  /** `otherTaxData`: on the tax-id step, the person chose to type other data than their saved tax profile. */
  | { readonly name: 'checkout'; readonly step: CheckoutStep; readonly otherTaxData?: boolean }
  | { readonly name: 'order-placed'; readonly orderId: string }
  | { readonly name: 'orders'; readonly page: number }
  | { readonly name: 'order'; readonly orderId: string }
  | { readonly name: 'order-cancel'; readonly orderId: string }
  | { readonly name: 'language' }
  | { readonly name: 'help' }
  | { readonly name: 'staff' }
  | { readonly name: 'staff-orders'; readonly page: number }
  | { readonly name: 'staff-order'; readonly orderId: string }
  | { readonly name: 'staff-low-stock' }
  | { readonly name: 'staff-sales' }
  // ---- campaigns (staff) ----
  | { readonly name: 'staff-campaigns'; readonly page: number }
  | { readonly name: 'staff-campaign'; readonly campaignId: string }
  | { readonly name: 'staff-campaign-new'; readonly step: CampaignDraftStep }
  // ---- issue 10: confirmations and the staff's day ----
  /** "Empty your cart?" */
  | { readonly name: 'cart-empty' }
  /** Staff orders by filter (`query`: a search by number, customer name or phone). */
  | { readonly name: 'staff-order-list'; readonly filter: StaffOrderFilter; readonly page: number; readonly query?: string }
  | { readonly name: 'staff-order-search' }
  /** "Cancel order #n?": a reason typed or picked cancels it. */
  | { readonly name: 'staff-cancel'; readonly orderId: string }
  | { readonly name: 'staff-note'; readonly orderId: string }
  | { readonly name: 'staff-stock'; readonly productId: string };

/** The steps of a campaign written in the chat, in order. */
export type CampaignDraftStep = 'text' | 'segment' | 'products' | 'schedule' | 'confirm';

/** A campaign being written in the staff menu. */
export interface CampaignDraft {
  readonly text: string | null;
  readonly segment: AudienceSegment | null;
  readonly productIds: readonly string[] | null;
  /** ISO instant. */
  readonly scheduledAt: string | null;
}

export const EMPTY_CAMPAIGN_DRAFT: CampaignDraft = { text: null, segment: null, productIds: null, scheduledAt: null };

/** An answer a campaign-draft button gives. */
export type CampaignDraftAnswer =
  | { readonly field: 'segment'; readonly value: AudienceSegment }
  | { readonly field: 'productIds'; readonly value: readonly string[] }
  | { readonly field: 'scheduledAt'; readonly value: string };

/** Which orders a staff list shows: every one, today's, those awaiting payment, or one status. */
export type StaffOrderFilter = 'all' | 'today' | 'awaiting-payment' | OrderStatus;

export type ScreenName = ScreenRef['name'];

/** What a free-text message answers on the current screen. */
export type PendingQuestion =
  | 'search'
  | 'name'
  | 'phone'
  | 'address'
  | 'tax-id'
  | 'legal-name'
  | 'tax-address'
  // Staff questions (issue 10).
  | 'order-search'
  | 'cancel-reason'
  | 'customer-note'
  | 'stock-delta'
  | 'campaign-text';

export type InvoiceKind = 'final' | 'A' | 'identified';

/** Checkout answers given so far. */
export interface CheckoutDraft {
  readonly name: string | null;
  readonly phone: string | null;
  readonly delivery: 'pickup' | 'shipping' | null;
  readonly address: string | null;
  readonly invoice: InvoiceKind | null;
  readonly documentType: 'CUIT' | 'DNI' | null;
  readonly documentNumber: string | null;
  readonly ivaCondition: IvaCondition | null;
  readonly legalName: string | null;
  readonly taxAddress: string | null;
}

export const EMPTY_CHECKOUT: CheckoutDraft = {
  name: null,
  phone: null,
  delivery: null,
  address: null,
  invoice: null,
  documentType: null,
  documentNumber: null,
  ivaCondition: null,
  legalName: null,
  taxAddress: null,
};

/** A customer's saved tax profile in the shape the checkout collects (a CUIT or a DNI). */
export interface CheckoutTaxProfile {
  readonly documentType: 'CUIT' | 'DNI';
  /** Digits only. */
  readonly documentNumber: string;
  readonly ivaCondition: IvaCondition;
  readonly legalName: string;
  readonly address: string;
}

/** An answer a checkout button gives (the same answers free text gives, validated). */
export type CheckoutAnswer =
  | { readonly field: 'name' | 'phone' | 'address' | 'legal-name' | 'tax-address'; readonly value: string }
  | { readonly field: 'delivery'; readonly value: 'pickup' | 'shipping' }
  | { readonly field: 'invoice'; readonly value: InvoiceKind }
  | { readonly field: 'iva'; readonly value: IvaCondition }
  /** Every tax field at once, from the saved tax profile the button showed. */
  | { readonly field: 'tax-profile'; readonly value: CheckoutTaxProfile }
  /** The document typed earlier, offered again when going back to the tax-id step. */
  | { readonly field: 'tax-id'; readonly value: { readonly documentType: 'CUIT' | 'DNI'; readonly documentNumber: string } };

/** What a choice does when picked. Kept small: it is stored in the choice table. */
export type ChoiceAction =
  /** Open a screen on top of the current one. */
  | { readonly action: 'open'; readonly args: { readonly screen: ScreenRef } }
  /** Show the current screen again with other parameters (paging, quantity): edits in place where possible. */
  | { readonly action: 'update'; readonly args: { readonly screen: ScreenRef } }
  | { readonly action: 'back'; readonly args: Readonly<Record<string, never>> }
  | { readonly action: 'menu'; readonly args: Readonly<Record<string, never>> }
  | { readonly action: 'cart.add'; readonly args: { readonly productId: string; readonly quantity: number } }
  | { readonly action: 'cart.set'; readonly args: { readonly productId: string; readonly quantity: number } }
  | { readonly action: 'cart.empty'; readonly args: Readonly<Record<string, never>> }
  | { readonly action: 'checkout.start'; readonly args: Readonly<Record<string, never>> }
  | { readonly action: 'checkout.answer'; readonly args: CheckoutAnswer }
  | { readonly action: 'checkout.place'; readonly args: Readonly<Record<string, never>> }
  | { readonly action: 'checkout.abort'; readonly args: Readonly<Record<string, never>> }
  | { readonly action: 'order.cancel'; readonly args: { readonly orderId: string } }
  | { readonly action: 'locale'; readonly args: { readonly locale: Locale } }
  | { readonly action: 'staff.status'; readonly args: { readonly orderId: string; readonly to: OrderStatus } }
  /** A report as PDF in the chat; no `report` (older choice tables): today's sales. */
  | { readonly action: 'staff.report'; readonly args: { readonly report?: StaffReport } }
  // ---- notifications, offers, campaigns ----
  | { readonly action: 'stock.alert'; readonly args: { readonly productId: string } }
  | { readonly action: 'marketing.consent'; readonly args: { readonly granted: boolean } }
  | { readonly action: 'campaign.command'; readonly args: { readonly campaignId: string; readonly command: CampaignCommand } }
  | { readonly action: 'campaign.draft'; readonly args: CampaignDraftAnswer }
  | { readonly action: 'campaign.create'; readonly args: Readonly<Record<string, never>> }
  | { readonly action: 'staff.payment'; readonly args: { readonly orderId: string; readonly method: ManualPaymentMethod } }
  /** `amount` in centavos, null for all that remains; `refundedBefore` makes the idempotency key (a double tap refunds once). */
  | {
      readonly action: 'staff.refund';
      readonly args: {
        readonly orderId: string;
        readonly paymentId: string;
        readonly amount: number | null;
        readonly currency: Currency;
        readonly refundedBefore: number;
      };
    }
  | { readonly action: 'staff.cancel'; readonly args: { readonly orderId: string; readonly reason: string } }
  /** Issue again the order's voucher ARCA rejected (the invoice, or a credit note after a refund). */
  | { readonly action: 'staff.invoice-retry'; readonly args: { readonly orderId: string } }
  | { readonly action: 'staff.stock'; readonly args: { readonly productId: string; readonly delta: number } };

/** The reports the staff menu sends as PDF. */
export type StaffReport = 'today' | 'last-30-days' | 'inventory';

/** One row of the choice table: the opaque id sent to the channel, the label shown, and what it does. */
export type ChoiceEntry = { readonly id: string; readonly label: string } & ChoiceAction;

export interface ConversationState {
  readonly version: 1;
  readonly locale: Locale;
  readonly screen: ScreenRef;
  /** Screens to go back to, oldest first. */
  readonly stack: readonly ScreenRef[];
  readonly checkout: CheckoutDraft | null;
  readonly pending: PendingQuestion | null;
  /** The choices last offered, in the order a channel numbers them. */
  readonly choices: readonly ChoiceEntry[];
  /**
   * The last screen sent asked for the contact (`requestContact`): the channel may still offer its
   * "share my phone number" control, so the next reply ends the request (`endsContactRequest`)
   * unless it asks again.
   * Absent in states saved before it existed (read as false).
   */
  readonly contactRequested: boolean;
  /** A campaign being written in the staff menu (absent in older states). */
  readonly campaignDraft?: CampaignDraft | null;
  /**
   * The answers of a checkout that did not end in an order (it lost a race for the last units, or
   * was cancelled): offered again as "Use …" when the next checkout starts. Absent in older states.
   */
  readonly lastCheckout?: CheckoutDraft | null;
}

/** The back stack never grows past this; the oldest entries fall off. */
export const MAX_STACK = 12;

export const initialState = (locale: Locale): ConversationState => ({
  version: 1,
  locale,
  screen: { name: 'menu' },
  stack: [],
  checkout: null,
  pending: null,
  choices: [],
  contactRequested: false,
});

const SCREEN_NAMES: ReadonlySet<string> = new Set<ScreenName>([
  'menu',
  'categories',
  'category',
  'product',
  'added',
  'search-prompt',
  'search',
  'answer',
  'offers',
  'cart',
  'cart-line',
  'checkout',
  'order-placed',
  'orders',
  'order',
  'order-cancel',
  'language',
  'help',
  'staff',
  'staff-orders',
  'staff-order',
  'staff-low-stock',
  'staff-sales',
  'staff-campaigns',
  'staff-campaign',
  'staff-campaign-new',
  'cart-empty',
  'staff-order-list',
  'staff-order-search',
  'staff-cancel',
  'staff-note',
  'staff-stock',
]);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isScreenRef = (value: unknown): value is ScreenRef =>
  isRecord(value) && typeof value.name === 'string' && SCREEN_NAMES.has(value.name);
const isChoiceEntry = (value: unknown): value is ChoiceEntry =>
  isRecord(value) &&
  typeof value.id === 'string' &&
  typeof value.label === 'string' &&
  typeof value.action === 'string' &&
  isRecord(value.args);

/**
 * Reads a stored state back. Anything unrecognizable (an older shape, a hand-edited row) starts
 * over on the main menu rather than failing the chat; a readable locale is kept.
 */
export const restoreState = (stored: unknown, fallbackLocale: Locale): ConversationState => {
  if (!isRecord(stored)) return initialState(fallbackLocale);
  const locale: Locale = stored.locale === 'en' || stored.locale === 'es' ? stored.locale : fallbackLocale;
  const valid =
    stored.version === 1 &&
    isScreenRef(stored.screen) &&
    Array.isArray(stored.stack) &&
    stored.stack.every(isScreenRef) &&
    Array.isArray(stored.choices) &&
    stored.choices.every(isChoiceEntry) &&
    (stored.checkout === null || isRecord(stored.checkout)) &&
    (stored.pending === null || typeof stored.pending === 'string');
  if (!valid) return initialState(locale);
  return {
    ...(stored as unknown as ConversationState),
    contactRequested: stored.contactRequested === true,
    lastCheckout: isRecord(stored.lastCheckout) ? (stored.lastCheckout as unknown as CheckoutDraft) : null,
  };
};
