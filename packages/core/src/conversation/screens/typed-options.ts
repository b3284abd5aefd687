import { CATALOGS, type Catalog } from '../i18n/catalogs.js';
import { isOptionNumber, normalizeLabel, withoutCount } from '../layout.js';
import type { ChannelCapabilities } from '../messages.js';
import { LANGUAGE_LABELS } from './order-screens.js';

/*
 * Typed text that refers to an option the current screen does not offer. On a channel without
 * buttons the person answers by typing an option's number or its label; when that option is not
 * (or no longer) on the latest screen, the text is a reference gone stale, not a product search:
 * the engine answers it like a stale tap, "no longer available", and changes nothing.
 */

/**
 * The labels the screens put on choices that carry no data (no product, person or amount), in
 * one catalog. A label with a count ("🛒 Mi carrito (2)") is listed without it.
 */
const fixedLabels = (t: Catalog): string[] => [
  t.common.back,
  t.common.menu,
  t.common.previous,
  t.common.next,
  t.menu.catalog,
  t.menu.search,
  t.menu.offers,
  withoutCount(t.menu.cart(0)),
  t.menu.orders,
  t.menu.language,
  t.menu.help,
  t.menu.staff,
  t.catalog.allProducts,
  t.product.add,
  withoutCount(t.product.viewCart(0)),
  t.product.keepShopping,
  t.cart.removeLine,
  t.cart.emptyCart,
  t.cart.checkout,
  t.checkout.shareContact,
  t.checkout.pickup,
  t.checkout.shipping,
  t.checkout.invoiceFinal,
  t.checkout.invoiceA,
  t.checkout.invoiceIdentified,
  t.checkout.otherTaxData,
  t.checkout.confirm,
  t.checkout.abort,
  ...Object.values(t.ivaConditions),
  t.orders.cancel,
  t.flows.yesEmpty,
  t.flows.keepCart,
  t.staffDay.allOrders,
  t.staffDay.searchOrders,
  t.staffDay.readyForPickup,
  t.staffDay.markPickedUp,
  t.staffDay.cancelOrder,
  t.staffDay.keepOrder,
  t.staffDay.noteToCustomer,
  t.staffDay.adjustStock,
  t.orders.yesCancel,
  t.orders.keep,
  t.staff.newOrders,
  t.staff.lowStock,
  t.staff.sales,
  t.reports.today,
  t.reports.last30Days,
  t.reports.inventory,
  ...Object.values(t.staff.statusActions),
];

let known: ReadonlySet<string> | null = null;

/** Every locale's fixed labels, normalized: a person may type a label of the language they used before switching. */
const knownLabels = (): ReadonlySet<string> => {
  known ??= new Set(
    [...Object.values(CATALOGS).flatMap(fixedLabels), ...Object.values(LANGUAGE_LABELS)]
      .map(normalizeLabel)
      .filter((label) => label !== ''),
  );
  return known;
};

/** A list label: parts joined by " · " ending in an amount ("Mate · $ 8.000,00", "#12 · Pagado · $ 8.000,00"). */
const LIST_LABEL = /\s·\s.*-?(?:US)?\$\s?\d[\d.,]*(?:\s·\s[\p{L} ]+)?$/u;

/**
 * Whether a typed text (that resolved to no offered option and answered no pending question)
 * refers to an option rather than asking for something:
 *
 * - an option number, where options are numbered (`isOptionNumber`: 1 to the channel's
 *   `maxButtons`, channels without inline buttons only);
 * - the label of one of the screens' fixed options, in any locale, ignoring case, accents,
 *   emoji and a trailing "(n)" count ("Agregar al carrito", "🛒 Ver carrito (3)", "Back");
 * - a list label copied whole ("Mate · $ 8.000,00"): the " · … $ amount" shape is the screens'
 *   own and no one searches for it.
 *
 * Names alone (a product, a category, "Usar Ana") are not references: typed, they are searches
 * (or answers), as they would be without the screen that offered them.
 */
export const refersToUnofferedOption = (text: string, capabilities: ChannelCapabilities): boolean => {
  const trimmed = text.trim();
  if (isOptionNumber(trimmed, capabilities)) return true;
  if (LIST_LABEL.test(trimmed)) return true;
  const labels = knownLabels();
  const typed = normalizeLabel(trimmed);
  return typed !== '' && (labels.has(typed) || labels.has(normalizeLabel(withoutCount(trimmed))));
};
