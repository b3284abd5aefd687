import type { InvoicingUseCases } from '../../application/invoicing-use-cases.js';
import type { ShopSettings } from '../../application/settings.js';
import type { Actor, ProductView, UseCases } from '../../application/use-cases.js';
import type { Category } from '../../catalog/product.js';
import type { Customer } from '../../customers/customer.js';
import { formatMoney } from '../../money/money.js';
import type { ChannelName, Locale, Page, PageRequest } from '../../shared/types.js';
import type { StaffUser } from '../../staff/staff-user.js';
import type { Catalog } from '../i18n/catalogs.js';
import { type ChoiceSpec, choice, openScreen, truncatePlain, updateScreen } from '../layout.js';
import type { ChannelCapabilities, ChannelUser } from '../messages.js';
import type { CheckoutDraft, ScreenRef } from '../state.js';

/** Everything a screen may read while it loads its data and renders. */
export interface ScreenContext {
  readonly useCases: UseCases;
  readonly settings: ShopSettings;
  readonly customer: Customer;
  readonly channel: ChannelName;
  readonly user: ChannelUser;
  readonly locale: Locale;
  readonly t: Catalog;
  readonly capabilities: ChannelCapabilities;
  readonly now: Date;
  readonly checkout: CheckoutDraft | null;
  /** The linked, active staff user behind this chat, or null (looked up once per update). */
  readonly staff: () => Promise<StaffUser | null>;
  /** A document renderer is configured (staff reports as PDF). */
  readonly reportsAvailable: boolean;
  /** The answers of the last checkout that did not end in an order, offered again as "Use …". */
  readonly lastCheckout?: CheckoutDraft | null;
  /** Search by photo works here (an image analyzer is configured): only then does help offer it. */
  readonly photoSearch?: boolean;
  /** Electronic invoicing, when it is on: the staff order screen lists the order's vouchers and retries a rejected one. */
  readonly invoicing?: InvoicingUseCases | null;
}

/** What the person sees on the rendered pages (pure data for a render function). */
export interface RenderContext {
  readonly t: Catalog;
  readonly locale: Locale;
  readonly capabilities: ChannelCapabilities;
}

export const customerActor = (customer: Customer): Actor => ({ kind: 'customer', customerId: customer.id });
export const staffActor = (user: StaffUser): Actor => ({ kind: 'staff', userId: user.id, roles: user.roles });

export const money = (view: RenderContext, amount: Parameters<typeof formatMoney>[0]): string => formatMoney(amount, view.locale);

/** Names are trimmed: markup spans must start right at their text. */
export const productName = (product: ProductView['product'], locale: Locale): string =>
  product.translations[locale]?.name?.trim() || product.name.trim();
export const productDescription = (product: ProductView['product'], locale: Locale): string =>
  product.translations[locale]?.description?.trim() || product.description.trim();
export const categoryName = (category: Category, locale: Locale): string =>
  category.translations[locale]?.name?.trim() || category.name.trim();

/** [Back] [Menu], or just [Menu]. */
export const navigationRow = (t: Catalog, back = true): ChoiceSpec[] =>
  back ? [choice(t.common.back, 'back', {}), choice(t.common.menu, 'menu', {})] : [choice(t.common.menu, 'menu', {})];

/** Buttons a paged list always reserves: previous, next, back, menu. */
export const PAGED_LIST_FIXED_BUTTONS = 4;

export const pageCount = (total: number, size: number): number => Math.max(1, Math.ceil(total / size));

/** [◀ Previous] [Next ▶] as needed; `at(page)` is the same screen on another page. */
export const pagerRow = (t: Catalog, page: number, count: number, at: (page: number) => ScreenRef): ChoiceSpec[] => [
  ...(page > 0 ? [updateScreen(t.common.previous, at(page - 1))] : []),
  ...(page < count - 1 ? [updateScreen(t.common.next, at(page + 1))] : []),
];

/** What a product button adds around the name: "🔥 " and " · $ 1.234.567,00". */
const PRODUCT_LABEL_EXTRAS = 20;

/**
 * A product as a list button: "🔥 Name · $ 1.234,00", the name cut so the price always fits the
 * channel's label; an item without stock says so ("Name · $ 1.234,00 · sin stock").
 */
export const productChoice = (item: ProductView, view: RenderContext): ChoiceSpec => {
  const mark = item.available > 0 ? '' : ` · ${view.t.flows.outOfStockMark}`;
  const room = Math.max(8, view.capabilities.maxChoiceLabelLength - PRODUCT_LABEL_EXTRAS - mark.length);
  return openScreen(
    `${item.onOffer && item.available > 0 ? '🔥 ' : ''}${truncatePlain(productName(item.product, view.locale), room)} · ${money(view, item.effectivePrice)}${mark}`,
    {
      name: 'product',
      productId: item.product.id,
      quantity: 1,
    },
  );
};

/**
 * Reads page `page` (0-based) of a listing; when it has gone past the end (items were removed
 * since the buttons were drawn), reads the last page instead.
 */
export const loadPage = async <T>(
  read: (request: PageRequest) => Promise<Page<T>>,
  page: number,
  size: number,
): Promise<{ items: readonly T[]; page: number; count: number; total: number }> => {
  const wanted = Math.max(0, Math.floor(page));
  let result = await read({ offset: wanted * size, limit: size });
  let index = wanted;
  const count = pageCount(result.total, size);
  if (result.items.length === 0 && wanted > count - 1) {
    index = count - 1;
    result = await read({ offset: index * size, limit: size });
  }
  return { items: result.items, page: index, count: pageCount(result.total, size), total: result.total };
};
