import { ACCESS, hasRole } from '../../application/authorization.js';
import type { CartView, ProductView } from '../../application/use-cases.js';
import type { Category } from '../../catalog/product.js';
import { notifyCatalogFor } from '../../notifications/i18n/notify-catalogs.js';
import { formatPercent } from '../format.js';
import { catalogFor } from '../i18n/catalogs.js';
import { type ChoiceSpec, choice, listPageSize, openScreen, type ScreenView, truncatePlain, updateScreen } from '../layout.js';
import { escapeMarkup } from '../markup.js';
import type { ScreenRef } from '../state.js';
import {
  categoryName,
  loadPage,
  money,
  navigationRow,
  PAGED_LIST_FIXED_BUTTONS,
  pageCount,
  pagerRow,
  productChoice,
  productDescription,
  productName,
  type RenderContext,
  type ScreenContext,
  staffActor,
} from './context.js';
import { loadSearchExamples } from './search-examples.js';

// ---- main menu ----

export interface MenuData {
  readonly name: string;
  readonly shopName: string;
  readonly cartCount: number;
  readonly isStaff: boolean;
}

export const renderMenu = (data: MenuData, { t }: RenderContext): ScreenView => ({
  text: `${t.menu.greeting(escapeMarkup(data.name), escapeMarkup(data.shopName.trim()))}\n${t.menu.prompt}`,
  rows: [
    [openScreen(t.menu.catalog, { name: 'categories', page: 0 }), openScreen(t.menu.search, { name: 'search-prompt' })],
    [openScreen(t.menu.offers, { name: 'offers', page: 0 }), openScreen(t.menu.cart(data.cartCount), { name: 'cart' })],
    [openScreen(t.menu.orders, { name: 'orders', page: 0 }), openScreen(t.menu.language, { name: 'language' })],
    [openScreen(t.menu.help, { name: 'help' })],
    ...(data.isStaff ? [[openScreen(t.menu.staff, { name: 'staff' })]] : []),
  ],
});

export const menuScreen = async (ctx: ScreenContext): Promise<ScreenView> => {
  const [cart, staff] = await Promise.all([ctx.useCases.cart.view(ctx.customer.id, ctx.channel), ctx.staff()]);
  return renderMenu(
    {
      name: ctx.user.displayName.trim() || ctx.customer.name,
      shopName: ctx.settings.shopName,
      cartCount: cart.itemCount,
      isStaff: staff !== null,
    },
    ctx,
  );
};

// ---- paged product lists ----

interface ListPage<T> {
  readonly items: readonly T[];
  readonly page: number;
  readonly count: number;
}

/** Header, "page x of y", one button per product, paging, back and menu. */
export const renderProductList = (
  header: string,
  emptyText: string,
  list: ListPage<ProductView>,
  at: (page: number) => ScreenRef,
  view: RenderContext,
  extraRows: readonly (readonly ChoiceSpec[])[] = [],
): ScreenView => {
  const { t } = view;
  const body = list.items.length > 0 ? t.catalog.pickProduct : emptyText;
  const pageLine = list.count > 1 ? `\n_${t.common.page(list.page + 1, list.count)}_` : '';
  return {
    text: `${header}\n${body}${pageLine}`,
    ...(list.count > 1 ? { page: { index: list.page, count: list.count } } : {}),
    list: list.items.map((item) => [productChoice(item, view)]),
    rows: [pagerRow(t, list.page, list.count, at), ...extraRows, navigationRow(t)],
  };
};

export const categoriesScreen = async (ref: Extract<ScreenRef, { name: 'categories' }>, ctx: ScreenContext): Promise<ScreenView> =>
  renderCategories(await ctx.useCases.catalog.listCategories(), ref.page, ctx);

export const renderCategories = (categories: readonly Category[], page: number, view: RenderContext): ScreenView => {
  const { t } = view;
  // Previous, next, "see everything", back, menu.
  const size = listPageSize(view.capabilities, PAGED_LIST_FIXED_BUTTONS + 1);
  const count = pageCount(categories.length, size);
  const index = Math.min(Math.max(0, page), count - 1);
  const shown = categories.slice(index * size, (index + 1) * size);
  const pageLine = count > 1 ? `\n_${t.common.page(index + 1, count)}_` : '';
  return {
    text: `${t.catalog.title}\n${categories.length > 0 ? t.catalog.pickCategory : t.catalog.noCategories}${pageLine}`,
    ...(count > 1 ? { page: { index, count } } : {}),
    list: shown.map((category) => [
      openScreen(categoryName(category, view.locale), { name: 'category', categoryId: category.id, page: 0 }),
    ]),
    rows: [
      pagerRow(t, index, count, (p) => ({ name: 'categories', page: p })),
      [openScreen(t.catalog.allProducts, { name: 'category', categoryId: null, page: 0 })],
      navigationRow(t),
    ],
  };
};

export const categoryScreen = async (ref: Extract<ScreenRef, { name: 'category' }>, ctx: ScreenContext): Promise<ScreenView> => {
  const size = listPageSize(ctx.capabilities, PAGED_LIST_FIXED_BUTTONS);
  const [categories, list] = await Promise.all([
    ref.categoryId === null ? Promise.resolve([]) : ctx.useCases.catalog.listCategories(),
    loadPage(
      (request) => ctx.useCases.catalog.listProducts(ref.categoryId === null ? {} : { categoryId: ref.categoryId }, request),
      ref.page,
      size,
    ),
  ]);
  const category = categories.find((candidate) => candidate.id === ref.categoryId);
  const header = category ? ctx.t.catalog.categoryTitle(escapeMarkup(categoryName(category, ctx.locale))) : ctx.t.catalog.allProductsTitle;
  return renderProductList(header, ctx.t.catalog.emptyCategory, list, (page) => ({ ...ref, page }), ctx);
};

export const offersScreen = async (ref: Extract<ScreenRef, { name: 'offers' }>, ctx: ScreenContext): Promise<ScreenView> => {
  const size = listPageSize(ctx.capabilities, PAGED_LIST_FIXED_BUTTONS + 1);
  const [list, customer] = await Promise.all([
    loadPage((request) => ctx.useCases.catalog.offers(request), ref.page, size),
    // Read again: a tap on the consent button changed it during this very update.
    ctx.useCases.customers.get(ctx.customer.id),
  ]);
  // Where offers are, the customer can ask for them to be sent (or stop them): marketing consent.
  const n = notifyCatalogFor(ctx.locale);
  const granted = (customer ?? ctx.customer).marketingConsent;
  const consent = [choice(granted ? n.offers.optOut : n.offers.optIn, 'marketing.consent', { granted: !granted })];
  return renderProductList(ctx.t.offers.title, ctx.t.offers.none, list, (page) => ({ ...ref, page }), ctx, [consent]);
};

// ---- search ----

/** The prompt's examples are the shop's own products (never a product it does not sell). */
export const searchPromptScreen = async (ref: Extract<ScreenRef, { name: 'search-prompt' }>, ctx: ScreenContext): Promise<ScreenView> => {
  const examples = await loadSearchExamples(ctx);
  const { t } = ctx;
  if (ref.question) {
    // "¿y tienen stock?" with nothing on screen: what is typed next is searched, or the catalog browsed.
    return {
      text: examples ? t.query.whichProduct(examples) : t.query.whichProductPlain,
      rows: [
        [openScreen(t.menu.catalog, { name: 'categories', page: 0 }), openScreen(t.menu.search, { name: 'search-prompt' })],
        navigationRow(t),
      ],
      pending: 'search',
    };
  }
  return {
    text: examples ? t.query.searchPrompt(examples) : t.query.searchPromptPlain,
    rows: [navigationRow(t)],
    pending: 'search',
  };
};

/** Up to this many characters of a query are searched and shown. */
export const MAX_QUERY_LENGTH = 100;

/** "Nothing found" (`heading`), with examples of what the catalog has, and the way to the catalog and the offers. */
const noResultsView = async (heading: string, ctx: ScreenContext): Promise<ScreenView> => {
  const { t } = ctx;
  const examples = await loadSearchExamples(ctx);
  return {
    text: `${heading}\n${examples ? t.query.noResultsTip(examples) : t.search.suggestions}`,
    rows: [
      [openScreen(t.menu.catalog, { name: 'categories', page: 0 }), openScreen(t.menu.offers, { name: 'offers', page: 0 })],
      navigationRow(t),
    ],
  };
};

export const searchScreen = async (ref: Extract<ScreenRef, { name: 'search' }>, ctx: ScreenContext): Promise<ScreenView> => {
  const { t } = ctx;
  const size = listPageSize(ctx.capabilities, PAGED_LIST_FIXED_BUTTONS);
  const list = await loadPage((request) => ctx.useCases.catalog.search({ text: ref.query, locale: ctx.locale }, request), ref.page, size);
  const query = escapeMarkup(truncatePlain(ref.query, 60));
  if (list.total === 0) return noResultsView(ref.source === 'photo' ? t.search.photoNoResults : t.search.noResults(query), ctx);
  const header = ref.source === 'photo' ? t.search.photoResults : t.search.results(query);
  return renderProductList(header, '', list, (page) => ({ ...ref, page }), ctx);
};

/** At most this many assistant suggestions become buttons. */
const MAX_SUGGESTIONS = 6;

export const answerScreen = async (ref: Extract<ScreenRef, { name: 'answer' }>, ctx: ScreenContext): Promise<ScreenView> => {
  const found = await Promise.all(ref.productIds.slice(0, MAX_SUGGESTIONS).map((id) => ctx.useCases.catalog.getProduct(id)));
  const products = found.filter((item): item is ProductView => item?.product.active === true);
  if (ref.source === 'photo') {
    const { t } = ctx;
    if (products.length > 0)
      return { text: t.search.photoResults, list: products.map((item) => [productChoice(item, ctx)]), rows: [navigationRow(t)] };
    return noResultsView(t.search.photoNoResults, ctx);
  }
  const view = renderAnswer(ref.text, products, ctx);
  if (!ref.offerLocale || ref.offerLocale === ctx.customer.language) return view;
  // Answered in the language the customer wrote in: one tap makes it the chat's language.
  const keep = choice(catalogFor(ref.offerLocale).language.fromNowOn, 'locale', { locale: ref.offerLocale });
  return { ...view, rows: [[keep], ...(view.rows ?? [])] };
};

export const renderAnswer = (answer: string, products: readonly ProductView[], view: RenderContext): ScreenView => ({
  text: `${escapeMarkup(answer)}${products.length > 0 ? `\n\n${view.t.search.suggested}` : ''}`,
  list: products.map((item) => [productChoice(item, view)]),
  rows: [navigationRow(view.t)],
});

// ---- product card ----

/** Quantities offered as buttons on a product card. */
export const QUANTITY_CHOICES = [1, 2, 3, 5] as const;

export interface ProductCardData {
  readonly item: ProductView;
  readonly quantity: number;
  /** Units of this product already in the cart. */
  readonly inCart: number;
  readonly cartCount: number;
  readonly lowStockThreshold: number;
  /** The person is staff allowed to adjust stock: the card offers it. */
  readonly staffStock?: boolean;
}

/** Whole percent taken off the list price, for the "15 % off" label. */
const percentOff = (item: ProductView): number => {
  const list = item.product.price.amount;
  return list > 0 ? Math.round(((list - item.effectivePrice.amount) * 100) / list) : 0;
};

export const priceLine = (item: ProductView, view: RenderContext): string => {
  const now = `*${money(view, item.effectivePrice)}*`;
  if (!item.onOffer || item.effectivePrice.amount >= item.product.price.amount) return now;
  const percent = percentOff(item);
  const off = percent > 0 ? ` (${view.t.product.percentOff(formatPercent(percent, view.locale))})` : '';
  return `~~${money(view, item.product.price)}~~ ${now}${off}`;
};

export const stockLine = (available: number, lowStockThreshold: number, { t }: RenderContext): string => {
  if (available <= 0) return t.product.outOfStock;
  return available <= lowStockThreshold ? t.product.lowStock(available) : t.product.inStock;
};

/** Fits the description into what the channel allows once the rest of the card is written. */
const fittedDescription = (description: string, budget: number): string => {
  let room = Math.min(budget, 700);
  while (room >= 20) {
    const escaped = escapeMarkup(truncatePlain(description, room));
    if (escaped.length <= budget) return escaped;
    room -= escaped.length - budget;
  }
  return '';
};

export const renderProductCard = (data: ProductCardData, view: RenderContext): ScreenView => {
  const { t, capabilities, locale } = view;
  const { item } = data;
  const { product, available } = item;
  const imageId = capabilities.images ? (product.images[0]?.id ?? null) : null;
  const quantity = Math.min(Math.max(1, data.quantity), Math.max(1, available));
  const attributes = Object.entries(product.attributes)
    .map(([key, value]) => `${escapeMarkup(attributeName(key, view))}: ${escapeMarkup(value)}`)
    .join(' · ');
  const head = `*${escapeMarkup(productName(product, locale))}*`;
  const tail = [
    priceLine(item, view),
    ...(attributes ? [attributes] : []),
    stockLine(available, data.lowStockThreshold, view),
    ...(available > 0 ? [t.product.quantity(quantity), t.flows.quantityHint] : []),
    ...(data.inCart > 0 ? [t.product.inCart(data.inCart)] : []),
  ].join('\n');
  const max = imageId ? capabilities.maxCaptionLength : capabilities.maxTextLength;
  const description = fittedDescription(productDescription(product, locale), max - head.length - tail.length - 4);
  const text = [head, ...(description ? [description] : []), '', tail].join('\n');

  // A typed quantity (any, within stock) shows as the chosen one beside the usual buttons.
  const quantities = [...new Set([...QUANTITY_CHOICES, ...(available > 0 ? [quantity] : [])])]
    .filter((q) => q <= available)
    .sort((a, b) => a - b);
  const at = (q: number): ScreenRef => ({ name: 'product', productId: product.id, quantity: q });
  return {
    text,
    imageId,
    rows: [
      quantities.map((q) => updateScreen(q === quantity ? `• ×${q} •` : `×${q}`, at(q))),
      ...(available > 0 ? [[choice(t.product.add, 'cart.add', { productId: product.id, quantity })]] : []),
      // Out of stock: "tell me when it is back" (a back-in-stock subscription).
      ...(available <= 0 ? [[choice(notifyCatalogFor(locale).stock.notifyMe, 'stock.alert', { productId: product.id })]] : []),
      ...(data.cartCount > 0 ? [[openScreen(t.product.viewCart(data.cartCount), { name: 'cart' })]] : []),
      ...(data.staffStock ? [[openScreen(t.staffDay.adjustStock, { name: 'staff-stock', productId: product.id })]] : []),
      navigationRow(t),
    ].filter((row) => row.length > 0),
  };
};

/** An attribute's name in the card's language ("marca" → "brand" on an English card); unknown names stay as written. */
const attributeName = (key: string, { t }: RenderContext): string => t.flows.attributeNames[key.trim().toLowerCase()] ?? key;

const unavailableProduct = ({ t }: RenderContext): ScreenView => ({ text: t.product.notFound, rows: [navigationRow(t)] });

const inCartOf = (cart: CartView, productId: string): number =>
  cart.lines.find((line) => line.product.product.id === productId)?.quantity ?? 0;

export const productScreen = async (ref: Extract<ScreenRef, { name: 'product' }>, ctx: ScreenContext): Promise<ScreenView> => {
  const [item, cart, staff] = await Promise.all([
    ctx.useCases.catalog.getProduct(ref.productId),
    ctx.useCases.cart.view(ctx.customer.id, ctx.channel),
    ctx.staff(),
  ]);
  if (!item?.product.active) return unavailableProduct(ctx);
  return renderProductCard(
    {
      item,
      quantity: ref.quantity,
      inCart: inCartOf(cart, item.product.id),
      cartCount: cart.itemCount,
      lowStockThreshold: ctx.settings.lowStockThreshold,
      staffStock: staff !== null && hasRole(staffActor(staff), ACCESS.stock),
    },
    ctx,
  );
};

export const addedScreen = async (ref: Extract<ScreenRef, { name: 'added' }>, ctx: ScreenContext): Promise<ScreenView> => {
  const { t } = ctx;
  const [item, cart] = await Promise.all([
    ctx.useCases.catalog.getProduct(ref.productId),
    ctx.useCases.cart.view(ctx.customer.id, ctx.channel),
  ]);
  const name = item ? escapeMarkup(productName(item.product, ctx.locale)) : '';
  return {
    text: `${t.product.added(ref.quantity, name)}\n${t.flows.cartSummary(cart.lines.length, cart.itemCount, money(ctx, cart.total))}`,
    rows: [
      [openScreen(t.product.viewCart(cart.itemCount), { name: 'cart' })],
      [choice(t.product.keepShopping, 'back', {})],
      [choice(t.common.menu, 'menu', {})],
    ],
  };
};
