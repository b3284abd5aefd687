import type { ShopSettings } from '../application/settings.js';
import type { UseCases } from '../application/use-cases.js';
import type { Customer } from '../customers/customer.js';
import type { MessagingChannel } from '../ports/messaging-channel.js';
import type { Assistant, Clock, DocumentRenderer, IdGenerator, ImageAnalyzer, ImageDescription } from '../ports/services.js';
import { isDomainError } from '../shared/errors.js';
import type { ChannelIdentity } from '../shared/types.js';
import type { StaffUser } from '../staff/staff-user.js';
import { assistantToolsFor } from './assistant-tools.js';
import { answerCheckoutQuestion, applyCheckoutAnswer, nextCheckoutStep, normalizePhone, orderDetailsFrom } from './checkout.js';
import { commandNamed, isMenuWord, normalizeCommand, parseTypedCommand, productFromStartPayload } from './commands.js';
import { describeError } from './error-messages.js';
import { isoDay } from './format.js';
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
import type { InboundEvent, OutboundMessage } from './messages.js';
import { BACK, KEEP, MENU, type Navigation, navigate, open, reset, STAY, TO_MENU, update } from './navigation.js';
import { photoQueries, sniffImageType } from './photo-search.js';
import { MAX_QUERY_LENGTH } from './screens/catalog-screens.js';
import { customerActor, type ScreenContext, staffActor } from './screens/context.js';
import { buildScreen } from './screens/screens.js';
import { todayRange } from './screens/staff-screens.js';
import { refersToUnofferedOption } from './screens/typed-options.js';
import {
  type CheckoutDraft,
  type ChoiceAction,
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
  readonly renderer?: DocumentRenderer | null;
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
    });

    // ---- search and the assistant ----

    /** Asks the assistant; a failing assistant is logged and treated as no answer. */
    const askAssistant = async (question: string): Promise<ScreenRef | null> => {
      if (!deps.assistant) return null;
      try {
        const answer = await deps.assistant.answer(question, {
          locale: state.locale,
          tools: assistantToolsFor(useCases, customer, state.locale, settings),
          customerId: customer.id,
          chatId: `${event.channel}:${event.user.id}`,
        });
        const text = truncatePlain(answer.text, 1500);
        if (text === '' && answer.suggestedProductIds.length === 0) return null;
        return { name: 'answer', text, productIds: answer.suggestedProductIds.slice(0, 6) };
      } catch (error) {
        deps.onError?.(error, event);
        return null;
      }
    };

    /** Free text goes to search; when search finds nothing and an assistant is configured, to the assistant. */
    const search = async (text: string, show: (screen: ScreenRef) => Navigation): Promise<Navigation> => {
      const query = text.trim().slice(0, MAX_QUERY_LENGTH);
      if (deps.assistant) {
        const found = await useCases.catalog.search({ text: query, locale: state.locale }, { offset: 0, limit: 1 });
        if (found.total === 0) {
          const answer = await askAssistant(query);
          if (answer) return show(answer);
        }
      }
      return show({ name: 'search', query, page: 0, source: 'text' });
    };

    const searchPhoto = async (fileRef: string, caption: string | null, sizeBytes: number | null): Promise<Navigation> => {
      const tooBig = (): Navigation => {
        note(t().search.photoTooBig(Math.floor(maxPhotoBytes / (1024 * 1024))));
        return STAY;
      };
      if (sizeBytes !== null && sizeBytes > maxPhotoBytes) return tooBig();
      if (!deps.imageAnalyzer) {
        note(t().search.photoUnavailable);
        return STAY;
      }
      let description: ImageDescription;
      try {
        const bytes = await channel.downloadFile(fileRef, maxPhotoBytes);
        if (bytes.length > maxPhotoBytes) return tooBig();
        description = await deps.imageAnalyzer.describe(bytes, sniffImageType(bytes));
      } catch (error) {
        if (isDomainError(error) && error.code === 'CHANNEL.FILE_TOO_BIG') return tooBig();
        if (isDomainError(error) && error.code === 'IMAGE.UNSUPPORTED') {
          note(t().search.photoUnreadable);
          return STAY;
        }
        throw error;
      }
      const queries = photoQueries(description, caption, MAX_QUERY_LENGTH);
      for (const query of queries) {
        const found = await useCases.catalog.search({ text: query, locale: state.locale }, { offset: 0, limit: 1 });
        if (found.total > 0) return open({ name: 'search', query, page: 0, source: 'photo' });
      }
      return open({ name: 'search', query: queries[0] ?? '', page: 0, source: 'photo' });
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
      if (question === 'search') return search(text, update);
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
        state = { ...state, checkout: null };
        // Remembered for the next purchase: offered as "Use …" answers instead of asked again.
        await useCases.customers.update({ kind: 'customer', customerId: customer.id }, customer.id, {
          phone: details.contact.phone,
          ...(details.billing ? { taxProfile: details.billing } : {}),
        });
        toast = t().checkout.placedNotice;
        return reset({ name: 'order-placed', orderId: order.id });
      } catch (error) {
        if (isDomainError(error) && (error.code === 'STOCK.INSUFFICIENT' || error.code === 'CART.EMPTY')) {
          note(error.code === 'STOCK.INSUFFICIENT' ? `${describeError(error, t())}\n${t().errors.adjustCart}` : describeError(error, t()));
          return reset({ name: 'cart' });
        }
        throw error;
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
          return update(state.screen);
        case 'checkout.start': {
          const cart = await useCases.cart.view(customer.id, event.channel);
          if (cart.lines.length === 0) {
            note(t().errors.cartEmpty);
            return STAY;
          }
          state = { ...state, checkout: EMPTY_CHECKOUT };
          return continueCheckout();
        }
        case 'checkout.answer':
          setDraft(applyCheckoutAnswer(state.checkout ?? EMPTY_CHECKOUT, choice.args));
          return continueCheckout();
        case 'checkout.place':
          return placeOrder();
        case 'checkout.abort':
          state = { ...state, checkout: null };
          note(t().checkout.aborted);
          return reset({ name: 'cart' });
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
          const user = await staff();
          if (!user) {
            note(t().staff.notStaff);
            return TO_MENU;
          }
          const order = await useCases.orders.changeStatus(staffActor(user), choice.args.orderId, choice.args.to, null);
          toast = plain(t().staff.statusChanged(order.number, t().orders.statusNames[order.status]));
          return update(state.screen);
        }
        case 'staff.report': {
          const user = await staff();
          if (!user || !deps.renderer) {
            note(user ? t().errors.generic : t().staff.notStaff);
            return STAY;
          }
          const now = clock.now();
          const period = todayRange(now);
          const summary = await useCases.orders.salesSummary(staffActor(user), period);
          const bytes = await deps.renderer.renderReport({
            kind: 'sales',
            title: t().staff.reportTitle(isoDay(now)),
            locale: state.locale,
            shop: settings.shopName,
            period,
            summary,
          });
          notes.push({
            text: t().staff.reportReady,
            document: { fileName: `sales-${isoDay(now)}.pdf`, mimeType: 'application/pdf', bytes },
          });
          return KEEP;
        }
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
      const offered = resolveTypedChoice(state.choices, typed);
      if (offered) return perform(offered);
      if (state.pending) return answerQuestion(state.pending, typed);
      if (isMenuWord(typed)) return TO_MENU;
      if (refersToUnofferedOption(typed, capabilities)) {
        // Answered like a stale tap. The options on screen stay valid, so nothing is sent again;
        // unless none were ever offered (a new chat, a lost state): then the screen is shown.
        note(t().common.stale);
        return state.choices.length > 0 ? KEEP : STAY;
      }
      return search(typed, open);
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
          note(t().common.stale);
          toast = t().common.stale;
          return STAY;
        }
        case 'text':
          return text(event.text);
        case 'image':
          return searchPhoto(event.fileRef, event.caption, event.sizeBytes);
        case 'contact': {
          const onStep = state.screen.name === 'checkout' ? state.screen.step : null;
          if (onStep !== 'phone' && onStep !== 'name') break;
          const phone = normalizePhone(event.phone);
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
      note(t().common.unsupported);
      return STAY;
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
      return { messages, toast: toastFor(), state };
    };
    const toastFor = (): string | null => (event.kind === 'choice' && capabilities.toasts ? toast : null);

    if (navigation.kind === 'keep') {
      // The last screen (and whatever it asked for) stays.
      return { messages: notes, toast: toastFor(), state };
    }

    const previous = state;
    state = navigate(state, navigation);
    let view: ScreenView | null = null;
    let fellBack = false;
    // The screen asked for; if it cannot be shown, the one the person was on; then the menu.
    for (const candidate of [state, { ...state, screen: previous.screen, stack: previous.stack }, { ...state, screen: MENU, stack: [] }]) {
      try {
        view = await buildScreen(candidate.screen, context());
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
