import type { CartLineView, CartView } from '../../application/use-cases.js';
import type { Order } from '../../ordering/order.js';
import { describeDocument, IVA_OPTIONS, reusableTaxProfile } from '../checkout.js';
import { formatDate, formatTime, sameArgentinaDay } from '../format.js';
import { type ChoiceSpec, choice, openScreen, type ScreenView, truncatePlain, updateScreen } from '../layout.js';
import { escapeMarkup } from '../markup.js';
import { type CheckoutDraft, type CheckoutStep, type CheckoutTaxProfile, EMPTY_CHECKOUT, type ScreenRef } from '../state.js';
import { customerActor, money, navigationRow, productName, type RenderContext, type ScreenContext } from './context.js';
import { loadPayOptions, NO_PAY_OPTIONS, type PayOptions, payRows, payText } from './payment-screens.js';

// ---- cart ----

/** Per-line ➖ ➕ 🗑 buttons take three each; past the budget, each line gets one ✏️ button instead. */
const BUTTONS_PER_LINE = 3;
/** Checkout, empty, back, menu. */
const CART_FIXED_BUTTONS = 4;

/**
 * Names cut to `room` characters that stay told apart: where two names cut alike ("Amoladora
 * Bosch…" twice), each keeps its start and the words where it differs ("Amol…850 W 115 mm"); a
 * name that still clashes gets its position in the list.
 */
export const distinctNames = (names: readonly string[], room: number): string[] => {
  const cut = names.map((name) => truncatePlain(name, room));
  const told = names.map((name, index) => {
    const clashes = names.filter((_other, at) => at !== index && cut[at] === cut[index]);
    if (clashes.length === 0) return cut[index] ?? name;
    let differs = 0;
    while (differs < name.length && clashes.some((other) => other.slice(0, differs + 1) === name.slice(0, differs + 1))) differs += 1;
    // The same name as another: nothing to show but its position (below).
    if (differs >= name.length) return cut[index] ?? name;
    const tail = name.slice(name.lastIndexOf(' ', differs) + 1);
    const headRoom = room - tail.length - 1;
    return headRoom >= 4 ? `${name.slice(0, headRoom).trimEnd()}…${tail}` : `…${truncatePlain(tail, room - 1)}`;
  });
  return told.map((label, index) => {
    if (told.indexOf(label) === index && told.lastIndexOf(label) === index) return label;
    const position = `${index + 1}. `;
    return `${position}${truncatePlain(names[index] ?? label, Math.max(1, room - position.length))}`;
  });
};

/**
 * Labels made by `label` ("➖ <name>") for every line: each product name as long as the channel's
 * `maxChoiceLabelLength` allows once the label's own text is counted, and never two alike.
 */
const nameLabels = (lines: readonly CartLineView[], view: RenderContext, label: (name: string) => string): Map<string, string> => {
  const room = Math.max(8, view.capabilities.maxChoiceLabelLength - label('').length);
  const names = distinctNames(
    lines.map((line) => productName(line.product.product, view.locale)),
    room,
  );
  return new Map(lines.map((line, index) => [line.product.product.id, label(names[index] ?? '')]));
};

const nameLabel = (
  line: CartLineView,
  view: RenderContext,
  label: (name: string) => string,
  lines: readonly CartLineView[] = [line],
): string => nameLabels(lines, view, label).get(line.product.product.id) ?? label('');

const cartLineText = (line: CartLineView, view: RenderContext): string => {
  const text = view.t.cart.line(line.quantity, escapeMarkup(productName(line.product.product, view.locale)), money(view, line.lineTotal));
  return line.shortBy > 0 ? `${text}\n${view.t.cart.short(line.product.available)}` : text;
};

const lineControls = (line: CartLineView, view: RenderContext, lines: readonly CartLineView[] = [line]): ChoiceSpec[] => {
  const { t } = view;
  const productId = line.product.product.id;
  return [
    choice(nameLabel(line, view, t.cart.decrease, lines), 'cart.set', { productId, quantity: line.quantity - 1 }),
    ...(line.quantity < line.product.available
      ? [choice(nameLabel(line, view, t.cart.increase, lines), 'cart.set', { productId, quantity: line.quantity + 1 })]
      : []),
    choice(nameLabel(line, view, t.cart.remove, lines), 'cart.set', { productId, quantity: 0 }),
  ];
};

export const renderCart = (cart: CartView, view: RenderContext): ScreenView => {
  const { t, capabilities } = view;
  if (cart.lines.length === 0) {
    return {
      text: `${t.cart.title}\n${t.cart.empty}`,
      rows: [[openScreen(t.menu.catalog, { name: 'categories', page: 0 })], navigationRow(t)],
    };
  }
  const inline = cart.lines.length * BUTTONS_PER_LINE + CART_FIXED_BUTTONS <= capabilities.maxButtons;
  return {
    text: [t.cart.title, ...cart.lines.map((line) => cartLineText(line, view)), '', t.cart.total(money(view, cart.total))].join('\n'),
    list: cart.lines.map((line) =>
      inline
        ? lineControls(line, view, cart.lines)
        : [openScreen(nameLabel(line, view, t.cart.edit, cart.lines), { name: 'cart-line', productId: line.product.product.id })],
    ),
    // Emptying the cart asks first (the 'cart-empty' screen).
    rows: [[choice(t.cart.checkout, 'checkout.start', {})], [openScreen(t.cart.emptyCart, { name: 'cart-empty' })], navigationRow(t)],
  };
};

export const cartScreen = async (ctx: ScreenContext): Promise<ScreenView> =>
  renderCart(await ctx.useCases.cart.view(ctx.customer.id, ctx.channel), ctx);

/** "Empty your cart?": yes empties it, no goes back. */
export const cartEmptyScreen = async (ctx: ScreenContext): Promise<ScreenView> => {
  const cart = await ctx.useCases.cart.view(ctx.customer.id, ctx.channel);
  if (cart.lines.length === 0) return renderCart(cart, ctx);
  const { t } = ctx;
  return {
    text: t.flows.confirmEmpty,
    rows: [[choice(t.flows.yesEmpty, 'cart.empty', {})], [choice(t.flows.keepCart, 'back', {})]],
  };
};

export const cartLineScreen = async (ref: Extract<ScreenRef, { name: 'cart-line' }>, ctx: ScreenContext): Promise<ScreenView> => {
  const cart = await ctx.useCases.cart.view(ctx.customer.id, ctx.channel);
  const line = cart.lines.find((candidate) => candidate.product.product.id === ref.productId);
  if (!line) return renderCart(cart, ctx);
  const { t } = ctx;
  const steps = lineControls(line, ctx).filter((spec) => 'action' in spec && spec.action === 'cart.set' && spec.args.quantity > 0);
  return {
    text: `${t.cart.lineTitle(escapeMarkup(productName(line.product.product, ctx.locale)), line.quantity)}\n${cartLineText(line, ctx)}`,
    rows: [steps, [choice(t.cart.removeLine, 'cart.set', { productId: ref.productId, quantity: 0 })], navigationRow(t)],
  };
};

// ---- checkout ----

const checkoutNavigation = (view: RenderContext): ChoiceSpec[] => [
  choice(view.t.common.back, 'back', {}),
  choice(view.t.checkout.abort, 'checkout.abort', {}),
];

/** "Use <value>" buttons for answers we can guess, without repeats. */
const suggestions = (
  view: RenderContext,
  field: 'name' | 'phone' | 'address' | 'legal-name' | 'tax-address',
  values: readonly (string | null)[],
): ChoiceSpec[][] =>
  [...new Set(values.map((value) => value?.trim() ?? '').filter((value) => value !== ''))].map((value) => [
    choice(view.t.checkout.useValue(value), 'checkout.answer', { field, value }),
  ]);

export const checkoutSummary = (draft: CheckoutDraft, view: RenderContext): string[] => {
  const { t } = view;
  const lines = [t.checkout.contact(escapeMarkup(draft.name ?? ''), escapeMarkup(draft.phone ?? ''))];
  lines.push(draft.delivery === 'shipping' ? t.checkout.deliveryShipping(escapeMarkup(draft.address ?? '')) : t.checkout.deliveryPickup);
  if (draft.invoice === 'final' || draft.invoice === null) {
    lines.push(t.checkout.invoiceLineFinal);
  } else {
    const condition = draft.ivaCondition ? t.ivaConditions[draft.ivaCondition] : '';
    const line = draft.invoice === 'A' ? t.checkout.invoiceLineA : t.checkout.invoiceLineIdentified;
    lines.push(line(escapeMarkup(draft.legalName ?? ''), describeDocument(draft), condition));
  }
  return lines;
};

export interface CheckoutData {
  readonly step: CheckoutStep;
  readonly draft: CheckoutDraft;
  /** Guesses offered as "Use …" buttons. */
  readonly displayName: string;
  readonly knownPhone: string | null;
  readonly cart: CartView;
  /** Whether the issuer can issue invoice A (a Responsable Inscripto). */
  readonly invoiceAAvailable: boolean;
  /** The total is above what a consumidor final may buy anonymously. */
  readonly identificationRequired: boolean;
  readonly reservationMinutes: number;
  /** The customer's saved tax profile, when it suits the chosen invoice (`reusableTaxProfile`): offered as one tap. */
  readonly savedTaxProfile?: CheckoutTaxProfile | null;
  /** The person chose to type other tax data than the saved ones: the tax-id step only asks. */
  readonly otherTaxData?: boolean;
  /** The answers of an earlier checkout that did not end in an order: offered again as "Use …". */
  readonly remembered?: CheckoutDraft | null;
}

/** "Ferretería Sur SRL · CUIT 30-71234567-1 · Responsable inscripto · Av. Mitre 100", as markup. */
const taxProfileDetails = (profile: CheckoutTaxProfile, view: RenderContext): string =>
  [
    escapeMarkup(profile.legalName),
    describeDocument(profile),
    view.t.ivaConditions[profile.ivaCondition],
    escapeMarkup(profile.address.trim()),
  ]
    .filter((part) => part !== '')
    .join(' · ');

export const renderCheckout = (data: CheckoutData, view: RenderContext): ScreenView => {
  const { t } = view;
  const { draft } = data;
  const nav = checkoutNavigation(view);
  const earlier = data.remembered ?? null;
  /** The saved profile, when the document typed is the saved one: its name and address are offered as "Use …". */
  const savedFor = (current: CheckoutDraft): CheckoutTaxProfile | null =>
    data.savedTaxProfile && data.savedTaxProfile.documentNumber === current.documentNumber ? data.savedTaxProfile : null;
  switch (data.step) {
    case 'name':
      return {
        text: t.checkout.askName,
        rows: [...suggestions(view, 'name', [draft.name, earlier?.name ?? null, data.displayName]), nav],
        pending: 'name',
      };
    case 'phone':
      // Sharing the contact is only mentioned where the channel can offer it.
      return view.capabilities.contactRequest
        ? {
            text: t.checkout.askPhoneOrShare,
            rows: [...suggestions(view, 'phone', [draft.phone, earlier?.phone ?? null, data.knownPhone]), nav],
            pending: 'phone',
            requestContact: t.checkout.shareContact,
          }
        : {
            text: t.checkout.askPhone,
            rows: [...suggestions(view, 'phone', [draft.phone, earlier?.phone ?? null, data.knownPhone]), nav],
            pending: 'phone',
          };
    case 'delivery':
      return {
        text: t.checkout.askDelivery,
        rows: [
          [choice(t.checkout.pickup, 'checkout.answer', { field: 'delivery', value: 'pickup' })],
          [choice(t.checkout.shipping, 'checkout.answer', { field: 'delivery', value: 'shipping' })],
          nav,
        ],
      };
    case 'address':
      return {
        text: t.checkout.askAddress,
        rows: [...suggestions(view, 'address', [draft.address, earlier?.address ?? null]), nav],
        pending: 'address',
      };
    case 'invoice':
      return {
        text: data.identificationRequired ? `${t.checkout.askInvoice}\n${t.checkout.identifiedRequired}` : t.checkout.askInvoice,
        rows: [
          ...(data.identificationRequired
            ? []
            : [[choice(t.checkout.invoiceFinal, 'checkout.answer', { field: 'invoice', value: 'final' })]]),
          ...(data.invoiceAAvailable ? [[choice(t.checkout.invoiceA, 'checkout.answer', { field: 'invoice', value: 'A' })]] : []),
          [choice(t.checkout.invoiceIdentified, 'checkout.answer', { field: 'invoice', value: 'identified' })],
          nav,
        ],
      };
    case 'tax-id': {
      const ask = draft.invoice === 'A' ? t.checkout.askCuit : t.checkout.askTaxId;
      const saved = data.otherTaxData ? null : (data.savedTaxProfile ?? null);
      // Going back to this step offers the document typed before.
      const typedBefore =
        draft.documentNumber !== null && (draft.documentType === 'CUIT' || draft.documentType === 'DNI')
          ? [
              [
                choice(t.checkout.useValue(describeDocument(draft)), 'checkout.answer', {
                  field: 'tax-id',
                  value: { documentType: draft.documentType, documentNumber: draft.documentNumber },
                }),
              ],
            ]
          : [];
      if (!saved) return { text: ask, rows: [...typedBefore, nav], pending: 'tax-id' };
      // One tap fills every tax field; typing a document (or "other data") answers the question as usual.
      return {
        text: `${t.checkout.savedTaxData(taxProfileDetails(saved, view))}\n${ask}`,
        rows: [
          [
            choice(t.checkout.useTaxProfile(describeDocument(saved), saved.legalName), 'checkout.answer', {
              field: 'tax-profile',
              value: saved,
            }),
          ],
          ...(saved.documentNumber === draft.documentNumber ? [] : typedBefore),
          [updateScreen(t.checkout.otherTaxData, { name: 'checkout', step: 'tax-id', otherTaxData: true })],
          nav,
        ],
        pending: 'tax-id',
      };
    }
    case 'iva': {
      const options = IVA_OPTIONS[draft.invoice === 'A' ? 'A' : 'identified'];
      return {
        text: t.checkout.askIva,
        rows: [
          ...options.map((condition) => [choice(t.ivaConditions[condition], 'checkout.answer', { field: 'iva', value: condition })]),
          nav,
        ],
      };
    }
    case 'legal-name':
      return {
        text: t.checkout.askLegalName,
        rows: [...suggestions(view, 'legal-name', [draft.legalName, savedFor(draft)?.legalName ?? null, draft.name]), nav],
        pending: 'legal-name',
      };
    case 'tax-address':
      return {
        text: t.checkout.askTaxAddress,
        rows: [
          ...suggestions(view, 'tax-address', [
            draft.taxAddress,
            savedFor(draft)?.address ?? null,
            draft.delivery === 'shipping' ? draft.address : null,
          ]),
          nav,
        ],
        pending: 'tax-address',
      };
    case 'confirm': {
      const lines = data.cart.lines.map((line) => cartLineText(line, view));
      return {
        text: [
          t.checkout.confirmTitle,
          ...lines,
          '',
          t.cart.total(money(view, data.cart.total)),
          '',
          ...checkoutSummary(draft, view),
          '',
          t.checkout.reservationNote(data.reservationMinutes),
        ].join('\n'),
        rows: [[choice(t.checkout.confirm, 'checkout.place', {})], nav],
      };
    }
  }
};

export const checkoutScreen = async (ref: Extract<ScreenRef, { name: 'checkout' }>, ctx: ScreenContext): Promise<ScreenView> => {
  const cart = await ctx.useCases.cart.view(ctx.customer.id, ctx.channel);
  // The cart was emptied meanwhile (an order placed from another device): nothing to check out.
  if (cart.lines.length === 0) return renderCart(cart, ctx);
  const draft = ctx.checkout ?? EMPTY_CHECKOUT;
  return renderCheckout(
    {
      step: ref.step,
      draft,
      displayName: ctx.user.displayName,
      knownPhone: ctx.customer.phone,
      cart,
      invoiceAAvailable: ctx.settings.issuer.ivaCondition === 'RESPONSABLE_INSCRIPTO',
      identificationRequired: cart.total.amount >= ctx.settings.anonymousInvoiceThresholdCents,
      reservationMinutes: ctx.settings.reservationMinutes,
      savedTaxProfile: reusableTaxProfile(ctx.customer.taxProfile, draft.invoice, ctx.settings.issuer.ivaCondition),
      otherTaxData: ref.otherTaxData === true,
      remembered: ctx.lastCheckout ?? null,
    },
    ctx,
  );
};

// ---- order placed ----

/** "until 17:35", or "until 26/11/2026 at 00:05" when the hold ends on another day. */
export const reservationText = (order: Order, now: Date, view: RenderContext): string =>
  sameArgentinaDay(order.reservationExpiresAt, now)
    ? view.t.checkout.reservedUntil(formatTime(order.reservationExpiresAt))
    : view.t.checkout.reservedUntilDay(formatDate(order.reservationExpiresAt, view.locale), formatTime(order.reservationExpiresAt));

export const orderLinesText = (order: Order, view: RenderContext): string[] =>
  order.lines.map((line) =>
    view.t.cart.line(line.quantity, escapeMarkup(line.translatedNames?.[view.locale] ?? line.name), money(view, line.total)),
  );

export const renderOrderPlaced = (order: Order, now: Date, view: RenderContext, pay: PayOptions = NO_PAY_OPTIONS): ScreenView => {
  const { t } = view;
  return {
    text: [
      t.checkout.placedTitle(order.number),
      ...orderLinesText(order, view),
      t.cart.total(money(view, order.total)),
      '',
      reservationText(order, now, view),
      payText(pay, t),
    ].join('\n'),
    rows: [...payRows(pay, t), [openScreen(t.menu.orders, { name: 'orders', page: 0 })], [choice(t.common.menu, 'menu', {})]],
  };
};

export const orderPlacedScreen = async (ref: Extract<ScreenRef, { name: 'order-placed' }>, ctx: ScreenContext): Promise<ScreenView> => {
  const order = await ctx.useCases.orders.get(customerActor(ctx.customer), ref.orderId);
  if (!order) return { text: ctx.t.orders.notFound, rows: [navigationRow(ctx.t, false)] };
  return renderOrderPlaced(order, ctx.now, ctx, await loadPayOptions(order, ctx));
};
