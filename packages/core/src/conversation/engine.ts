import type { InvoicingUseCases } from '../application/invoicing-use-cases.js';
import type { ShopSettings } from '../application/settings.js';
import type { UseCases } from '../application/use-cases.js';
import { isAssistantUnavailable } from '../assistant/assistant-errors.js';
import { type AssistantIntent, detectAssistantIntent, PRODUCT_INTENTS, SHOP_INTENTS } from '../assistant/intents.js';
import { messageLanguage } from '../assistant/language.js';
import { availableStock } from '../catalog/product.js';
import type { Customer } from '../customers/customer.js';
import { formatMoney } from '../money/money.js';
import { CUSTOMER_MESSAGE_LENGTH } from '../notifications/customer-message.js';
import type { MessagingChannel } from '../ports/messaging-channel.js';
import type {
  Assistant,
  Clock,
  DocumentRenderer,
  IdGenerator,
  ImageAnalyzer,
  ImageDescription,
  ImageMatch,
  Logger,
  ProductImageMatcher,
} from '../ports/services.js';
import { argentinaDay } from '../shared/argentina-time.js';
import { isDomainError } from '../shared/errors.js';
import type { ChannelIdentity, Locale } from '../shared/types.js';
import type { StaffUser } from '../staff/staff-user.js';
import { assistantToolsFor } from './assistant-tools.js';
import { answerCheckoutQuestion, applyCheckoutAnswer, nextCheckoutStep, normalizePhone, orderDetailsFrom } from './checkout.js';
import { commandNamed, isMenuWord, normalizeCommand, parseTypedCommand, productFromStartPayload } from './commands.js';
import { marketingActions } from './engine-marketing.js';
import { describeError } from './error-messages.js';
import { isCancelWord, MAX_TYPED_QUANTITY, parseTypedQuantity } from './flow-words.js';
import { type Catalog, catalogFor, localeFromHint } from './i18n/catalogs.js';
import {
  assertUsableCapabilities,
  choiceIdBytes,
  choiceIdSource,
  materialize,
  resolveTypedChoice,
  type ScreenView,
  truncatePlain,
} from './layout.js';
import { escapeMarkup, markupToPlainText, parseMarkup } from './markup.js';
import { type MessageIntent, understandMessage } from './message-understanding.js';
import type { InboundEvent, OutboundMessage } from './messages.js';
import { BACK, KEEP, MENU, type Navigation, navigate, open, reset, STAY, TO_MENU, update } from './navigation.js';
import { photoQueries, sniffImageType } from './photo-search.js';
import { MAX_QUERY_LENGTH } from './screens/catalog-screens.js';
import { customerActor, productName, type ScreenContext, staffActor } from './screens/context.js';
import { buildScreen } from './screens/screens.js';
import { loadSearchExamples } from './screens/search-examples.js';
import { parseStockDelta } from './screens/staff-day-screens.js';
import { todayRange, voucherLabel } from './screens/staff-screens.js';
import { refersToUnofferedOption } from './screens/typed-options.js';
import {
  type CheckoutDraft,
  type ChoiceAction,
  type ConversationState,
  EMPTY_CHECKOUT,
  initialState,
  type PendingQuestion,
  restoreState,
  type ScreenRef,
} from './state.js';

export interface ConversationEngineDeps {
  readonly useCases: UseCases;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly settings: ShopSettings;
  readonly imageAnalyzer?: ImageAnalyzer | null;
  readonly assistant?: Assistant | null;
  /**
   * The assistant that needs no AI service: asked when no `assistant` is configured, and instead
   * of it when it cannot answer (`ASSISTANT.UNAVAILABLE`, a timeout, any failure). Optional.
   */
  readonly localAssistant?: Assistant | null;
  /** Matches a photo against the catalog's own pictures; asked before `imageAnalyzer`. Optional. */
  readonly imageMatcher?: ProductImageMatcher | null;
  /** Told (warn) when the configured assistant failed and the local one answered instead. Optional. */
  readonly logger?: Logger | null;
  readonly renderer?: DocumentRenderer | null;
  /** Electronic invoicing, when it is on: the staff order screen shows the vouchers and retries a rejected one. */
  readonly invoicing?: InvoicingUseCases | null;
  /** Photos above this size are refused politely. Default 10 MB. */
  readonly maxPhotoBytes?: number;
  /**
   * Told about failures the person only sees as "something went wrong" (bugs, adapters down,
   * the assistant failing), so the app can log them. Optional.
   */
  readonly onError?: (error: unknown, event: InboundEvent) => void;
}

export interface EngineReply {
  readonly messages: readonly OutboundMessage[];
  /**
   * A short transient text acknowledging a tap, or null. Plain text, only produced for `choice`
   * events on channels that declare `capabilities.toasts`; the messages never depend on it.
   */
  readonly toast: string | null;
  /**
   * The chat's state after this event (JSON-serializable): the caller saves it (`ConversationStore.save`)
   * before the chat's next event is handled. Core's chat driver saves it while the messages go out.
   */
  readonly state: unknown;
}

/** Reads `handle` needs that do not depend on the chat's state, started early by `lookAhead`. */
export interface EngineLookahead {
  /** The sender as a customer, or null on first contact (the customer is created by `handle`, never here). */
  readonly customer: Promise<Customer | null>;
}

/** What the engine uses of the channel an event came from: what it can show, and its file downloads. */
export type EngineChannel = Pick<MessagingChannel, 'name' | 'capabilities' | 'downloadFile'>;

export interface ConversationEngine {
  /**
   * Turns one event into the messages to send and the chat's new state. `storedState` is the
   * chat's state as `ConversationStore.begin` returned it (null for a new chat): deciding whether
   * the event is new, loading the state and saving the new one are the caller's (core's chat
   * driver), so the engine itself reads and writes no conversation storage. `lookahead`, when
   * given, is what `lookAhead(event)` returned for this same event.
   */
  handle(event: InboundEvent, channel: EngineChannel, storedState: unknown | null, lookahead?: EngineLookahead): Promise<EngineReply>;
  /**
   * Starts the reads `handle(event, …)` begins with, writing nothing, so a caller can run them
   * alongside its own round trip (core's chat driver: beside `ConversationStore.begin`) and hand
   * the result to `handle`. When the event turns out to be a redelivery, the lookahead is dropped
   * and nothing was changed. Call it only when the chat's earlier events are done. Optional: an
   * engine without it is simply called without a lookahead.
   */
  lookAhead?(event: InboundEvent): EngineLookahead;
}

export const DEFAULT_MAX_PHOTO_BYTES = 10 * 1024 * 1024;

const plain = (markup: string): string => markupToPlainText(parseMarkup(markup));

/** A photo this similar to a catalog image is that picture (resent, forwarded, recompressed). */
const SAME_PICTURE_SIMILARITY = 0.99;
/** …provided no other image comes this close to it. */
const SAME_PICTURE_MARGIN = 0.01;

/**
 * The match a photo is a copy of, when there is exactly one: a customer who forwards the shop's
 * own product picture gets that product's card, not a list of look-alikes to choose from.
 */
const samePicture = (matches: readonly ImageMatch[]): ImageMatch | null => {
  const [best, next] = matches;
  if (!best || best.similarity < SAME_PICTURE_SIMILARITY) return null;
  return next && next.similarity > best.similarity - SAME_PICTURE_MARGIN ? null : best;
};

/**
 * The channel-neutral conversation: turns one inbound event and the chat's state into the
 * messages to send and the chat's next state. Updates of one chat must be handled one at a time
 * (core's chat driver serializes them); different chats may run in parallel.
 */
export function createConversationEngine(deps: ConversationEngineDeps): ConversationEngine {
  const { useCases, clock, ids, settings } = deps;
  const maxPhotoBytes = deps.maxPhotoBytes ?? DEFAULT_MAX_PHOTO_BYTES;

  const lookAhead = (event: InboundEvent): EngineLookahead => {
    const customer = useCases.customers.findByIdentity({ channel: event.channel, userId: event.user.id });
    // A dropped lookahead (a redelivery, a failed begin) must not leave its failure unhandled.
    customer.catch(() => undefined);
    return { customer };
  };

  const handle = async (
    event: InboundEvent,
    channel: EngineChannel,
    storedState: unknown | null,
    lookahead?: EngineLookahead,
  ): Promise<EngineReply> => {
    const { capabilities } = channel;
    assertUsableCapabilities(channel.name, capabilities);
    const identity: ChannelIdentity = { channel: event.channel, userId: event.user.id };
    // A returning customer found ahead is used as is; otherwise (first contact, or the read ahead
    // failed) identify reads again and creates them.
    const known = lookahead ? await lookahead.customer.catch(() => null) : null;
    const customer =
      known ??
      (await useCases.customers.identify(identity, {
        displayName: event.user.displayName,
        language: localeFromHint(event.user.languageHint),
      }));
    let state = restoreState(storedState, customer.language);
    /**
     * Set when this turn is answered in the language the customer wrote in rather than the chat's
     * (ADR 0015): the chat's language, given back to the state that is stored.
     */
    let chatLocale: Locale | null = null;
    const stored = (value: ConversationState): ConversationState => (chatLocale ? { ...value, locale: chatLocale } : value);
    const notes: OutboundMessage[] = [];
    let toast: string | null = null;
    let staffLookup: Promise<StaffUser | null> | null = null;

    const t = (): Catalog => catalogFor(state.locale);
    const note = (text: string): void => {
      notes.push({ text });
    };
    const report = (error: unknown): void => {
      if (!isDomainError(error)) deps.onError?.(error, event);
    };
    const staff = (): Promise<StaffUser | null> => {
      staffLookup ??= useCases.staff.findByChat(identity);
      return staffLookup;
    };
    const context = (): ScreenContext => ({
      useCases,
      settings,
      customer,
      channel: event.channel,
      user: event.user,
      locale: state.locale,
      t: t(),
      capabilities,
      now: clock.now(),
      checkout: state.checkout,
      staff,
      reportsAvailable: Boolean(deps.renderer),
      lastCheckout: state.lastCheckout ?? null,
      photoSearch: Boolean(deps.imageAnalyzer ?? deps.imageMatcher),
      invoicing: deps.invoicing ?? null,
    });

    /**
     * A note that needs no screen sent again: the last screen's options stay valid (a stale tap, a
     * photo that cannot be searched). Only a chat with no options on record gets its screen shown.
     */
    const noteOnly = (text: string): Navigation => {
      note(text);
      return state.choices.length > 0 ? KEEP : STAY;
    };

    // ---- search and the assistant ----

    /** An assistant's answer as a screen; null when it says nothing and suggests nothing. */
    const asAnswer = (answer: { text: string; suggestedProductIds: readonly string[] }): ScreenRef | null => {
      const text = truncatePlain(answer.text, 1500);
      if (text === '' && answer.suggestedProductIds.length === 0) return null;
      const offer = chatLocale ? { offerLocale: state.locale } : {};
      return { name: 'answer', text, productIds: answer.suggestedProductIds.slice(0, 6), ...offer };
    };

    /**
     * Asks the configured assistant; when it cannot answer (ASSISTANT.UNAVAILABLE, or any other
     * failure, which is also reported as a bug), the local assistant answers instead and the
     * fallback is logged — the customer never sees an error. `local` says who answered.
     */
    const askAssistant = async (question: string): Promise<{ screen: ScreenRef; local: boolean } | null> => {
      const context = {
        locale: state.locale,
        tools: assistantToolsFor(useCases, customer, state.locale, settings),
        customerId: customer.id,
        chatId: `${event.channel}:${event.user.id}`,
        focusProductId: focusProduct(),
        focusProductIds: focusProducts(),
      };
      if (deps.assistant) {
        try {
          const screen = asAnswer(await deps.assistant.answer(question, context));
          return screen ? { screen, local: false } : null;
        } catch (error) {
          if (!isAssistantUnavailable(error)) deps.onError?.(error, event);
          deps.logger?.warn('the assistant could not answer: the local assistant answers instead', {
            reason: isAssistantUnavailable(error) ? error.reason : 'error',
            code: isDomainError(error) ? error.code : 'UNKNOWN',
            local: Boolean(deps.localAssistant),
          });
        }
      }
      if (!deps.localAssistant) return null;
      try {
        const screen = asAnswer(await deps.localAssistant.answer(question, context));
        return screen ? { screen, local: true } : null;
      } catch (error) {
        deps.onError?.(error, event);
        return null;
      }
    };

    /** The product the customer is looking at, or the products the last answer listed (ADR 0015): what a follow-up is about. */
    const focusProducts = (): readonly string[] => {
      const screen = state.screen;
      if (screen.name === 'product') return [screen.productId];
      return screen.name === 'answer' ? screen.productIds : [];
    };
    const focusProduct = (): string | null => {
      const focus = focusProducts();
      return focus.length === 1 ? (focus[0] ?? null) : null;
    };

    /** A message's assistant intent, read once per turn: the follow-up check and the search both ask for it. */
    const intentsRead = new Map<string, AssistantIntent>();
    const assistantIntent = (text: string): AssistantIntent => {
      let intent = intentsRead.get(text);
      if (intent === undefined) {
        intent = detectAssistantIntent(text);
        intentsRead.set(text, intent);
      }
      return intent;
    };

    /** Whether an assistant's answer is worth showing: a local answer that lists no product (to a product question) found nothing. */
    const useful = (
      answer: { screen: ScreenRef; local: boolean } | null,
      shopQuestion: boolean,
    ): answer is { screen: ScreenRef; local: boolean } =>
      answer !== null && (!answer.local || shopQuestion || (answer.screen.name === 'answer' && answer.screen.productIds.length > 0));

    /**
     * A price, stock or variants question that names no product ("¿y cuánto sale?", "is it in
     * stock?", "¿tenés en otro color?") asked with a product in focus is about that product (a
     * price or stock question after a list, about the products listed): the assistant answers it.
     * With nothing in focus (or a list, for variants) it asks "¿De qué producto?". Null (the
     * message is read as before) when the answer found no product.
     */
    const followUp = async (typed: string): Promise<Navigation | null> => {
      if (!(deps.assistant || deps.localAssistant)) return null;
      const asked = assistantIntent(typed);
      if (!PRODUCT_INTENTS.has(asked.kind) || asked.query !== '') return null;
      const focus = focusProducts();
      if (focus.length === 0 || (asked.kind === 'variants' && focus.length > 1))
        return open({ name: 'search-prompt', question: typed.slice(0, MAX_QUERY_LENGTH) });
      const answer = await askAssistant(typed.slice(0, MAX_QUERY_LENGTH));
      return useful(answer, false) ? open(answer.screen) : null;
    };

    /**
     * Free text goes to search, except questions a search cannot answer as well (core's
     * `detectAssistantIntent`): a product's price or stock, the offers, shipping, hours, payment
     * methods and the customer's orders go to the assistant (the configured one, else or when it
     * fails the local one). A local answer about a product it could not find gives way to the
     * search results ("no encontré"). When search finds nothing and an assistant is configured, it
     * is asked with the message as it was written (`asked`, when the search is only part of it).
     */
    const search = async (text: string, show: (screen: ScreenRef) => Navigation, asked = text): Promise<Navigation> => {
      const query = text.trim().slice(0, MAX_QUERY_LENGTH);
      const question = asked.trim().slice(0, MAX_QUERY_LENGTH);
      const intent = deps.assistant || deps.localAssistant ? assistantIntent(question) : null;
      if (intent && intent.kind !== 'search') {
        const answer = await askAssistant(question);
        // An instruction ("ignorá tus instrucciones…") is answered, never searched for its words.
        if (useful(answer, SHOP_INTENTS.has(intent.kind) || intent.instruction === true)) return show(answer.screen);
      } else if (deps.assistant) {
        const found = await useCases.catalog.search({ text: query, locale: state.locale }, { offset: 0, limit: 1 });
        if (found.total === 0) {
          const answer = await askAssistant(question);
          if (useful(answer, false)) return show(answer.screen);
        }
      }
      return show({ name: 'search', query, page: 0, source: 'text' });
    };

    /**
     * Free text no option took, read as a shop assistant would (ADR 0008): a product question
     * searches only its product words; greetings, thanks, "ok", emoji or punctuation alone get a
     * friendly answer with the menu; asking for help, offers or the catalog opens them; a cancel
     * word cancels. Never a search for "👍" or "gracias".
     */
    const freeText = async (
      text: string,
      show: (screen: ScreenRef) => Navigation,
      intent: MessageIntent = understandMessage(text),
    ): Promise<Navigation> => {
      switch (intent.kind) {
        case 'search':
          return search(intent.query, show, text);
        case 'greeting':
          return TO_MENU;
        case 'thanks':
          note(t().query.thanks);
          return TO_MENU;
        case 'goodbye':
          note(t().query.goodbye);
          return TO_MENU;
        case 'acknowledgement':
          note(t().query.acknowledgement);
          return TO_MENU;
        case 'noise': {
          const examples = await loadSearchExamples({ useCases, locale: state.locale, t: t() });
          note(examples ? t().query.notUnderstood(examples) : t().query.notUnderstoodPlain);
          return TO_MENU;
        }
        case 'cancel':
          return cancelFlow();
        case 'help':
          return open({ name: 'help' });
        case 'offers':
          return open({ name: 'offers', page: 0 });
        case 'browse':
          return open({ name: 'categories', page: 0 });
      }
    };

    /**
     * A photo: first the catalog's own pictures (`imageMatcher`, no AI service), then, when none
     * is close enough, a description (`imageAnalyzer`) that drives a catalog search. With neither
     * finding anything the answer says so honestly ("no encontré").
     */
    const searchPhoto = async (fileRef: string, caption: string | null, sizeBytes: number | null): Promise<Navigation> => {
      const tooBig = (): Navigation => noteOnly(t().search.photoTooBig(Math.floor(maxPhotoBytes / (1024 * 1024))));
      if (sizeBytes !== null && sizeBytes > maxPhotoBytes) return tooBig();
      if (!deps.imageAnalyzer && !deps.imageMatcher) return noteOnly(t().search.photoUnavailable);
      let bytes: Uint8Array;
      try {
        bytes = await channel.downloadFile(fileRef, maxPhotoBytes);
      } catch (error) {
        if (isDomainError(error) && error.code === 'CHANNEL.FILE_TOO_BIG') return tooBig();
        throw error;
      }
      if (bytes.length > maxPhotoBytes) return tooBig();
      const mimeType = sniffImageType(bytes);
      let unreadable = false;
      if (deps.imageMatcher) {
        try {
          const matches = await deps.imageMatcher.match(bytes, mimeType, { limit: 6 });
          const same = samePicture(matches);
          if (same !== null) {
            const item = await useCases.catalog.getProduct(same.productId);
            if (item?.product.active) return open({ name: 'product', productId: same.productId, quantity: 1 });
          }
          if (matches.length > 0)
            return open({ name: 'answer', text: '', productIds: matches.map((match) => match.productId), source: 'photo' });
        } catch (error) {
          if (!isDomainError(error) || !error.code.startsWith('IMAGE.')) throw error;
          unreadable = true;
        }
      }
      if (!deps.imageAnalyzer) {
        return unreadable ? noteOnly(t().search.photoUnreadable) : open({ name: 'answer', text: '', productIds: [], source: 'photo' });
      }
      let description: ImageDescription;
      try {
        description = await deps.imageAnalyzer.describe(bytes, mimeType);
      } catch (error) {
        if (isDomainError(error) && error.code === 'IMAGE.UNSUPPORTED') return noteOnly(t().search.photoUnreadable);
        if (!isDomainError(error) || !error.code.startsWith('IMAGE.ANALYSIS_')) throw error;
        // The vision service is down or answered nonsense: the customer gets the honest "no encontré".
        deps.logger?.warn('the photo could not be described: answered as not found', { code: error.code });
        return open({ name: 'answer', text: '', productIds: [], source: 'photo' });
      }
      const queries = photoQueries(description, caption, MAX_QUERY_LENGTH);
      for (const query of queries) {
        const found = await useCases.catalog.search({ text: query, locale: state.locale }, { offset: 0, limit: 1 });
        if (found.total > 0) return open({ name: 'search', query, page: 0, source: 'photo' });
      }
      return queries.length > 0
        ? open({ name: 'search', query: queries[0] ?? '', page: 0, source: 'photo' })
        : open({ name: 'answer', text: '', productIds: [], source: 'photo' });
    };

    // ---- checkout ----

    const continueCheckout = (): Navigation => open({ name: 'checkout', step: nextCheckoutStep(state.checkout ?? EMPTY_CHECKOUT) });

    /**
     * Sets the checkout draft. A phone given where the "share my phone number" button was offered
     * (typed, shared or tapped) is confirmed in a note: the note, a message without buttons, is
     * also what takes that button away on channels that showed it.
     */
    const setDraft = (draft: CheckoutDraft): void => {
      if (state.contactRequested && draft.phone !== null) note(t().checkout.phoneNoted(escapeMarkup(draft.phone)));
      state = { ...state, checkout: draft };
    };

    const answerQuestion = async (question: PendingQuestion, text: string): Promise<Navigation> => {
      if (question === 'search') {
        // "¿De qué producto?" answered with a product: the question it followed is asked about it.
        const asked = state.screen.name === 'search-prompt' ? state.screen.question : undefined;
        const intent = understandMessage(text);
        if (asked && intent.kind === 'search') return search(intent.query, update, `${asked} ${text}`);
        return freeText(text, update, intent);
      }
      if (question === 'campaign-text') return campaigns.answerText(text);
      if (question === 'order-search' || question === 'cancel-reason' || question === 'customer-note' || question === 'stock-delta')
        return answerStaffQuestion(question, text);
      const result = answerCheckoutQuestion(state.checkout ?? EMPTY_CHECKOUT, question, text, t());
      if (!result.ok) {
        note(result.error);
        return STAY;
      }
      setDraft(result.draft);
      return continueCheckout();
    };

    const placeOrder = async (): Promise<Navigation> => {
      const details = orderDetailsFrom(state.checkout ?? EMPTY_CHECKOUT);
      if (!details) return continueCheckout();
      try {
        const order = await useCases.orders.place({ customerId: customer.id, channel: event.channel, ...details });
        state = { ...state, checkout: null, lastCheckout: null };
        // Remembered for the next purchase: offered as "Use …" answers instead of asked again.
        await useCases.customers.update({ kind: 'customer', customerId: customer.id }, customer.id, {
          phone: details.contact.phone,
          ...(details.billing ? { taxProfile: details.billing } : {}),
        });
        toast = t().checkout.placedNotice;
        return reset({ name: 'order-placed', orderId: order.id });
      } catch (error) {
        if (isDomainError(error) && (error.code === 'STOCK.INSUFFICIENT' || error.code === 'CART.EMPTY')) {
          // The answers are offered again when the customer checks out next ("Use …").
          state = { ...state, checkout: null, lastCheckout: state.checkout };
          note(error.code === 'STOCK.INSUFFICIENT' ? `${describeError(error, t())}\n${t().errors.adjustCart}` : describeError(error, t()));
          return reset({ name: 'cart' });
        }
        throw error;
      }
    };

    // ---- offers, stock alerts and campaigns (see engine-marketing.ts) ----

    const campaigns = marketingActions({
      useCases,
      customer,
      channel: event.channel,
      t,
      locale: () => state.locale,
      staff,
      now: () => clock.now(),
      note,
      setToast: (text) => {
        toast = text;
      },
      draft: () => state.campaignDraft ?? null,
      setDraft: (draft) => {
        state = { ...state, campaignDraft: draft };
      },
    });

    const abortCheckout = (): Navigation => {
      state = { ...state, checkout: null, lastCheckout: state.checkout ?? state.lastCheckout ?? null };
      note(t().checkout.aborted);
      return reset({ name: 'cart' });
    };

    /**
     * "cancelar", "cancel", /cancelar: leaves the flow under way — the checkout (the cart is kept),
     * a confirmation or a staff question (back to where it was opened from). With none under way,
     * says so and shows the menu.
     */
    const cancelFlow = (): Navigation => {
      // The flow on screen first; a checkout left half-way behind other screens after that.
      if (state.screen.name === 'checkout') return abortCheckout();
      const inFlow =
        state.pending !== null ||
        ['order-cancel', 'cart-empty', 'staff-cancel', 'staff-note', 'staff-stock', 'search-prompt'].includes(state.screen.name);
      if (inFlow) {
        note(t().flows.leftStep);
        return BACK;
      }
      if (state.checkout !== null) return abortCheckout();
      note(t().flows.cancelNothing);
      return TO_MENU;
    };

    /** A number typed on a product card: the quantity to add, within what is left to add. */
    const typedQuantity = async (productId: string, quantity: number): Promise<Navigation> => {
      const [item, cart] = await Promise.all([useCases.catalog.getProduct(productId), useCases.cart.view(customer.id, event.channel)]);
      if (!item?.product.active) return STAY;
      const inCart = cart.lines.find((line) => line.product.product.id === productId)?.quantity ?? 0;
      const room = item.available - inCart;
      if (item.available <= 0) return noteOnly(t().flows.quantityOutOfStock);
      if (room <= 0) return noteOnly(t().flows.quantityAllInCart);
      if (quantity < 1 || quantity > MAX_TYPED_QUANTITY) return noteOnly(t().flows.quantityInvalid);
      const chosen = Math.min(quantity, room);
      note(chosen < quantity ? t().flows.quantityCapped(chosen) : t().flows.quantitySet(chosen, t().product.add));
      return update({ name: 'product', productId, quantity: chosen });
    };

    // ---- staff ----

    /** The linked staff user, or a refusal note (and the menu). */
    const staffOrRefuse = async (): Promise<StaffUser | null> => {
      const user = await staff();
      if (!user) note(t().staff.notStaff);
      return user;
    };

    const staffCancel = async (orderId: string, reason: string): Promise<Navigation> => {
      const user = await staffOrRefuse();
      if (!user) return TO_MENU;
      const order = await useCases.orders.cancel(staffActor(user), orderId, reason);
      note(t().staffDay.cancelledWithReason(order.number, escapeMarkup(reason)));
      toast = plain(t().staffDay.cancelledWithReason(order.number, escapeMarkup(reason)));
      return BACK;
    };

    const staffStock = async (productId: string, delta: number): Promise<Navigation> => {
      const user = await staffOrRefuse();
      if (!user) return TO_MENU;
      const product = await useCases.catalog.adjustStock(staffActor(user), productId, { delta, note: t().staffDay.stockNote });
      const available = availableStock(product);
      const text = t().staffDay.stockAdjusted(delta > 0 ? `+${delta}` : `${delta}`, available);
      toast = plain(text);
      if (event.kind !== 'choice' || !capabilities.toasts) note(text);
      return update(state.screen);
    };

    const answerStaffQuestion = async (
      question: 'order-search' | 'cancel-reason' | 'customer-note' | 'stock-delta',
      text: string,
    ): Promise<Navigation> => {
      const screen = state.screen;
      switch (question) {
        case 'order-search':
          return update({ name: 'staff-order-list', filter: 'all', page: 0, query: text.trim().slice(0, 60) });
        case 'cancel-reason': {
          const reason = text.trim().replace(/\s+/g, ' ');
          if (screen.name !== 'staff-cancel') return STAY;
          if (reason.length < 3 || reason.length > 200) return noteOnly(t().staffDay.invalidReason);
          return staffCancel(screen.orderId, reason);
        }
        case 'customer-note': {
          if (screen.name !== 'staff-note') return STAY;
          const user = await staffOrRefuse();
          if (!user) return TO_MENU;
          const message = text.trim();
          if (message.length < CUSTOMER_MESSAGE_LENGTH.min || message.length > CUSTOMER_MESSAGE_LENGTH.max)
            return noteOnly(t().staffDay.invalidNote);
          const order = await useCases.orders.messageCustomer(staffActor(user), screen.orderId, message);
          note(t().staffDay.noteSent(escapeMarkup(order.contact.name)));
          return BACK;
        }
        case 'stock-delta': {
          if (screen.name !== 'staff-stock') return STAY;
          const delta = parseStockDelta(text);
          if (delta === null) return noteOnly(t().staffDay.invalidStockDelta);
          return staffStock(screen.productId, delta);
        }
      }
    };

    // ---- choices ----

    const perform = async (choice: ChoiceAction): Promise<Navigation> => {
      switch (choice.action) {
        case 'open':
          return open(choice.args.screen);
        case 'update':
          return update(choice.args.screen);
        case 'back':
          return BACK;
        case 'menu':
          return TO_MENU;
        case 'cart.add':
          await useCases.cart.add(customer.id, event.channel, choice.args.productId, choice.args.quantity);
          toast = t().product.addedNotice;
          // Replaces the card, so "keep shopping" (back) returns to the list the product came from.
          return update({ name: 'added', productId: choice.args.productId, quantity: choice.args.quantity });
        case 'cart.set':
          await useCases.cart.setQuantity(customer.id, event.channel, choice.args.productId, choice.args.quantity);
          toast = t().cart.updated;
          if (state.screen.name === 'cart-line' && choice.args.quantity === 0) return BACK;
          return update(state.screen);
        case 'cart.empty':
          await useCases.cart.empty(customer.id, event.channel);
          toast = plain(t().cart.emptied);
          // Asked on its own screen ('cart-empty'): the cart under it is shown again, empty.
          if (state.screen.name === 'cart-empty') {
            note(t().cart.emptied);
            return BACK;
          }
          return update(state.screen);
        case 'checkout.start': {
          const cart = await useCases.cart.view(customer.id, event.channel);
          if (cart.lines.length === 0) {
            note(t().errors.cartEmpty);
            return STAY;
          }
          // Lines asking for more than is left (a race lost meanwhile) are fixed before any question is asked.
          const short = cart.lines.filter((line) => line.shortBy > 0);
          if (short.length > 0) {
            for (const line of short)
              note(t().errors.stockInsufficient(escapeMarkup(productName(line.product.product, state.locale)), line.product.available));
            note(t().flows.cartNeedsChanges);
            return reset({ name: 'cart' });
          }
          state = {
            ...state,
            checkout: EMPTY_CHECKOUT,
            lastCheckout: state.checkout && state.checkout !== EMPTY_CHECKOUT ? state.checkout : (state.lastCheckout ?? null),
          };
          return continueCheckout();
        }
        case 'checkout.answer':
          setDraft(applyCheckoutAnswer(state.checkout ?? EMPTY_CHECKOUT, choice.args));
          return continueCheckout();
        case 'checkout.place':
          return placeOrder();
        case 'checkout.abort':
          return abortCheckout();
        case 'order.cancel': {
          const order = await useCases.orders.cancel(customerActor(customer), choice.args.orderId, null);
          note(t().orders.cancelled(order.number));
          toast = plain(t().orders.cancelled(order.number));
          return BACK;
        }
        case 'locale':
          state = { ...state, locale: choice.args.locale };
          await useCases.customers.update(customerActor(customer), customer.id, { language: choice.args.locale });
          note(t().language.changed);
          toast = plain(t().language.changed);
          return TO_MENU;
        case 'staff.status': {
          const user = await staffOrRefuse();
          if (!user) return TO_MENU;
          const order = await useCases.orders.changeStatus(staffActor(user), choice.args.orderId, choice.args.to, null);
          toast = plain(t().staff.statusChanged(order.number, t().orders.statusNames[order.status]));
          return update(state.screen);
        }
        case 'staff.payment': {
          const user = await staffOrRefuse();
          if (!user) return TO_MENU;
          const order = await useCases.orders.get(staffActor(user), choice.args.orderId);
          if (!order) {
            note(t().orders.notFound);
            return STAY;
          }
          // One key per order and method: a double tap records it once.
          await useCases.payments.recordManual(staffActor(user), order.id, {
            method: choice.args.method,
            amount: order.total,
            reference: null,
            idempotencyKey: `chat:${order.id}:${choice.args.method}`,
          });
          toast = plain(t().payments.recorded(order.number));
          return update(state.screen);
        }
        case 'staff.refund': {
          const user = await staffOrRefuse();
          if (!user) return TO_MENU;
          const { orderId, paymentId, amount, currency, refundedBefore } = choice.args;
          const payment = await useCases.payments.refund(
            staffActor(user),
            orderId,
            paymentId,
            amount === null ? null : { amount, currency },
            `chat:${paymentId}:${amount ?? 'all'}:${refundedBefore}`,
          );
          toast = plain(t().payments.refunded(formatMoney(payment.refundedAmount ?? payment.amount, state.locale)));
          return update(state.screen);
        }
        case 'staff.cancel':
          return staffCancel(choice.args.orderId, choice.args.reason);
        case 'staff.stock':
          return staffStock(choice.args.productId, choice.args.delta);
        case 'staff.invoice-retry': {
          const user = await staffOrRefuse();
          if (!user) return TO_MENU;
          const texts = t().invoices;
          if (!deps.invoicing) {
            note(texts.nothingToRetry);
            return STAY;
          }
          const outcome = await deps.invoicing.retry(staffActor(user), choice.args.orderId).catch((error: unknown) => {
            // ARCA down or slow: the voucher stays pending and the job queue retries it.
            if (isDomainError(error) && error.code.startsWith('INVOICING.')) return null;
            throw error;
          });
          // ARCA silent: a voucher left pending is reconciled by itself; with nothing stored, nothing was issued.
          const leftPending =
            outcome === null && (await deps.invoicing.listForOrder(staffActor(user), choice.args.orderId)).at(-1)?.status === 'pending';
          const said =
            outcome === null
              ? leftPending
                ? texts.unavailable
                : texts.unreachable
              : outcome.status === 'authorized'
                ? texts.retried(voucherLabel(outcome.invoice, context()))
                : outcome.status === 'rejected'
                  ? texts.stillRejected
                  : texts.nothingToRetry;
          toast = plain(said);
          note(said);
          return update(state.screen);
        }
        case 'staff.report': {
          const user = await staff();
          if (!user || !deps.renderer) {
            note(user ? t().errors.generic : t().staff.notStaff);
            return STAY;
          }
          const now = clock.now();
          const which = choice.args.report ?? 'today';
          const today = todayRange(now);
          const document = await useCases.reports.document(staffActor(user), {
            name: which === 'inventory' ? 'inventory' : 'sales-by-day',
            period: which === 'last-30-days' ? { from: new Date(today.from.getTime() - 29 * 86_400_000), to: today.to } : today,
            locale: state.locale,
          });
          const bytes = await deps.renderer.renderReport(document);
          notes.push({
            text: t().staff.reportReady,
            document: {
              fileName: `${which === 'inventory' ? 'inventory' : 'sales'}-${argentinaDay(now)}.pdf`,
              mimeType: 'application/pdf',
              bytes,
            },
          });
          return KEEP;
        }
        case 'stock.alert':
        case 'marketing.consent':
        case 'campaign.command':
        case 'campaign.draft':
        case 'campaign.create':
          return campaigns.perform(choice);
      }
    };

    // ---- commands ----

    const linkStaff = async (code: string): Promise<Navigation> => {
      if (code === '') {
        note(t().staff.linkUsage);
        return STAY;
      }
      const user = await useCases.staff.linkChat(code, identity);
      staffLookup = Promise.resolve(user.active ? user : null);
      note(t().staff.linked(escapeMarkup(user.name)));
      return reset({ name: 'staff' });
    };

    const start = async (payload: string | null): Promise<Navigation> => {
      const productId = productFromStartPayload(payload);
      if (productId) {
        const item = await useCases.catalog.getProduct(productId);
        if (item?.product.active) return reset({ name: 'product', productId, quantity: 1 });
      }
      return TO_MENU;
    };

    const command = async (raw: string, args: string): Promise<Navigation> => {
      const name = commandNamed(raw);
      switch (name) {
        case 'start':
          return start(args || null);
        case 'menu':
          return TO_MENU;
        case 'cart':
          return reset({ name: 'cart' });
        case 'orders':
          return reset({ name: 'orders', page: 0 });
        case 'search':
          return args ? search(args, reset) : reset({ name: 'search-prompt' });
        case 'offers':
          return reset({ name: 'offers', page: 0 });
        case 'catalog':
          return reset({ name: 'categories', page: 0 });
        case 'language':
          return reset({ name: 'language' });
        case 'help':
          return reset({ name: 'help' });
        case 'link':
          return linkStaff(args);
        case 'staff':
          return reset({ name: 'staff' });
        case 'optout':
        case 'optin':
          return campaigns.consent(name === 'optin');
        case 'cancel':
          return cancelFlow();
        case null:
          note(t().common.unknownCommand(escapeMarkup(normalizeCommand(raw).slice(0, 32))));
          return TO_MENU;
      }
    };

    // ---- events ----

    const text = async (raw: string): Promise<Navigation> => {
      const typed = raw.trim();
      if (typed === '') return STAY;
      const asCommand = typed.startsWith('/') ? parseTypedCommand(typed) : null;
      if (asCommand) return command(asCommand.command, asCommand.args);
      // On a product card a bare number is a quantity, never the option with that number.
      // (Where options are numbered in the text, a bare number still picks one; "x5" or "5 unidades" is a quantity there.)
      const quantity = state.screen.name === 'product' ? parseTypedQuantity(typed) : null;
      if (state.screen.name === 'product' && quantity !== null && (capabilities.inlineButtons || !/^\d+$/.test(typed)))
        return typedQuantity(state.screen.productId, quantity);
      // A signed stock adjustment is the answer, never a button ("-1" would read as the "+1" label);
      // where numbers are not shown beside the options, an unsigned one is asked again with its sign.
      const stockAnswer = parseStockDelta(typed) !== null || (capabilities.inlineButtons && /^\d+$/.test(typed));
      if (state.pending === 'stock-delta' && stockAnswer) return answerStaffQuestion('stock-delta', typed);
      const offered = resolveTypedChoice(state.choices, typed);
      if (offered) return perform(offered);
      // Steering words are never an answer: "menú" at the name step is the menu, not a name.
      if (isCancelWord(typed)) return cancelFlow();
      if (isMenuWord(typed)) return TO_MENU;
      if (state.pending) return answerQuestion(state.pending, typed);
      // Clearly written in the other language: this turn is answered in it (ADR 0015, Session 5).
      const spoken = deps.assistant || deps.localAssistant ? messageLanguage(typed) : null;
      if (spoken && spoken !== state.locale) {
        chatLocale = state.locale;
        state = { ...state, locale: spoken };
      }
      const followed = await followUp(typed);
      if (followed) return followed;
      // "ayuda", "ofertas", "gracias" are answered as asked, also where no such option is offered.
      const intent = understandMessage(typed);
      if (intent.kind !== 'search') return freeText(typed, open, intent);
      if (refersToUnofferedOption(typed, capabilities)) {
        // Answered like a stale tap. The options on screen stay valid, so nothing is sent again;
        // unless none were ever offered (a new chat, a lost state): then the screen is shown.
        note(t().common.stale);
        return state.choices.length > 0 ? KEEP : STAY;
      }
      return freeText(typed, open, intent);
    };

    const dispatch = async (): Promise<Navigation> => {
      switch (event.kind) {
        case 'start':
          return start(event.deepLink);
        case 'command':
          return command(event.command, event.args.trim());
        case 'choice': {
          const offered = state.choices.find((entry) => entry.id === event.choiceId);
          if (offered) return perform(offered);
          // A button on a message the shop sent on its own (a notification, an offer).
          const pushed = await campaigns.pushChoice(event.choiceId);
          if (pushed) return pushed;
          // Answered with a short note; the screen (a confirmation above all) is never sent again.
          toast = t().common.stale;
          return noteOnly(t().common.stale);
        }
        case 'text':
          return text(event.text);
        case 'image':
          return searchPhoto(event.fileRef, event.caption, event.sizeBytes);
        case 'contact': {
          const onStep = state.screen.name === 'checkout' ? state.screen.step : null;
          if (onStep !== 'phone' && onStep !== 'name') break;
          const phone = normalizePhone(event.phone, 'shared');
          if (!phone) {
            note(t().checkout.invalidPhone);
            return STAY;
          }
          let draft = applyCheckoutAnswer(state.checkout ?? EMPTY_CHECKOUT, { field: 'phone', value: phone });
          if (draft.name === null && event.name.trim().length >= 2)
            draft = applyCheckoutAnswer(draft, { field: 'name', value: event.name.trim() });
          setDraft(draft);
          return continueCheckout();
        }
        case 'location': {
          if (state.screen.name !== 'checkout' || state.screen.step !== 'address') break;
          const where = t().checkout.location(event.latitude.toFixed(5), event.longitude.toFixed(5));
          state = { ...state, checkout: applyCheckoutAnswer(state.checkout ?? EMPTY_CHECKOUT, { field: 'address', value: where }) };
          return continueCheckout();
        }
      }
      return noteOnly(t().common.unsupported);
    };

    let navigation: Navigation;
    try {
      navigation = await dispatch();
    } catch (error) {
      report(error);
      note(describeError(error, t()));
      navigation = STAY;
    }

    /**
     * The notes, then the screen. A contact request the last screen made ends with the first
     * message of this reply, unless the new screen asks for the contact again.
     */
    const reply = (screen: OutboundMessage | null): EngineReply => {
      const messages = screen ? [...notes, screen] : [...notes];
      const [first] = messages;
      const asksContact = screen?.requestContact !== undefined;
      if (state.contactRequested && !asksContact && first) messages[0] = { ...first, endsContactRequest: true };
      state = { ...state, contactRequested: asksContact || (state.contactRequested && !first) };
      return { messages, toast: toastFor(), state: stored(state) };
    };
    const toastFor = (): string | null => (event.kind === 'choice' && capabilities.toasts ? toast : null);

    // A confirmation ("Order #n confirmed") is shown once: staying on it sends only the notes.
    if (navigation.kind === 'stay' && state.screen.name === 'order-placed' && state.choices.length > 0) navigation = KEEP;

    if (navigation.kind === 'keep') {
      // The last screen (and whatever it asked for) stays.
      return { messages: notes, toast: toastFor(), state: stored(state) };
    }

    const previous = state;
    state = navigate(state, navigation);
    let view: ScreenView | null = null;
    let fellBack = false;
    // The screen asked for; if it cannot be shown, the one the person was on; then the menu.
    for (const candidate of [state, { ...state, screen: previous.screen, stack: previous.stack }, { ...state, screen: MENU, stack: [] }]) {
      try {
        view = await buildScreen(candidate.screen, context(), state.campaignDraft);
        state = candidate;
        break;
      } catch (error) {
        report(error);
        if (!fellBack) note(describeError(error, t()));
        fellBack = true;
      }
    }

    if (!view) {
      state = { ...initialState(state.locale), checkout: state.checkout, contactRequested: state.contactRequested };
      return reply(null);
    }

    const { message, table } = materialize(view, capabilities, choiceIdSource(ids.code(5), choiceIdBytes(capabilities)));
    // Showing the same screen again after a tap (paging, quantity, cart buttons) edits that message.
    const replaces =
      event.kind === 'choice' &&
      navigation.kind === 'update' &&
      previous.screen.name === state.screen.name &&
      notes.length === 0 &&
      capabilities.editInPlace
        ? event.messageRef
        : null;
    state = { ...state, choices: table, pending: view.pending ?? null };
    return reply(replaces ? { ...message, replaces } : message);
  };

  return { handle, lookAhead };
}
