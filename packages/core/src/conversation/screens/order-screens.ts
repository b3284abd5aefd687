import type { Order } from '../../ordering/order.js';
import type { Locale } from '../../shared/types.js';
import { formatDate, formatTime } from '../format.js';
import { type ChoiceSpec, choice, listPageSize, openScreen, type ScreenView } from '../layout.js';
import { escapeMarkup } from '../markup.js';
import type { ScreenRef } from '../state.js';
import { orderLinesText, reservationText } from './cart-screens.js';
import {
  customerActor,
  loadPage,
  money,
  navigationRow,
  PAGED_LIST_FIXED_BUTTONS,
  pagerRow,
  type RenderContext,
  type ScreenContext,
} from './context.js';
import { loadPayOptions, NO_PAY_OPTIONS, type PayOptions, payRows, payText } from './payment-screens.js';
import { loadSearchExamples } from './search-examples.js';
import { orderStatusName, orderStatusShort } from './staff-day-screens.js';

// ---- my orders ----

export const orderChoiceLabel = (order: Order, view: RenderContext): string =>
  `#${order.number} · ${orderStatusShort(order, view.t)} · ${money(view, order.total)}`;

export const ordersScreen = async (ref: Extract<ScreenRef, { name: 'orders' }>, ctx: ScreenContext): Promise<ScreenView> => {
  const { t } = ctx;
  const size = listPageSize(ctx.capabilities, PAGED_LIST_FIXED_BUTTONS);
  const list = await loadPage(
    (request) => ctx.useCases.orders.list(customerActor(ctx.customer), { customerId: ctx.customer.id }, request),
    ref.page,
    size,
  );
  const pageLine = list.count > 1 ? `\n_${t.common.page(list.page + 1, list.count)}_` : '';
  return {
    text: `${t.orders.title}\n${list.total === 0 ? t.orders.none : ''}${pageLine}`.trimEnd(),
    ...(list.count > 1 ? { page: { index: list.page, count: list.count } } : {}),
    list: list.items.map((order) => [openScreen(orderChoiceLabel(order, ctx), { name: 'order', orderId: order.id })]),
    rows: [
      ...(await payRowsOfAwaiting(list.items, ctx)),
      pagerRow(t, list.page, list.count, (page) => ({ name: 'orders', page })),
      navigationRow(t),
    ],
  };
};

/** Orders on the page still awaiting payment get a pay button each (the newest few, so the list stays short). */
const PAY_BUTTONS_IN_LIST = 2;
const payRowsOfAwaiting = async (orders: readonly Order[], ctx: ScreenContext): Promise<ChoiceSpec[][]> => {
  const rows: ChoiceSpec[][] = [];
  for (const order of orders.filter((candidate) => candidate.status === 'placed').slice(0, PAY_BUTTONS_IN_LIST)) {
    const pay = await loadPayOptions(order, ctx);
    for (const link of pay.links) rows.push([{ label: ctx.t.payments.payOrderWith(order.number, link.displayName), url: link.url }]);
  }
  return rows;
};

/** Lines, total, status in words, when it was placed, delivery. Shared by the customer's and the staff's detail. */
export const orderDetailText = (order: Order, now: Date, view: RenderContext): string[] => {
  const { t } = view;
  const delivery =
    order.delivery.method === 'shipping'
      ? t.checkout.deliveryShipping(escapeMarkup(order.delivery.address ?? ''))
      : t.checkout.deliveryPickup;
  return [
    t.orders.detailTitle(order.number),
    t.orders.placedOn(formatDate(order.createdAt, view.locale), formatTime(order.createdAt)),
    t.orders.status(orderStatusName(order, t)),
    '',
    ...orderLinesText(order, view),
    t.cart.total(money(view, order.total)),
    '',
    delivery,
    ...(order.status === 'placed' && order.reservationExpiresAt.getTime() > now.getTime() ? [reservationText(order, now, view)] : []),
  ];
};

export const renderOrderDetail = (order: Order, now: Date, view: RenderContext, pay: PayOptions = NO_PAY_OPTIONS): ScreenView => ({
  text: [...orderDetailText(order, now, view), ...(order.status === 'placed' ? [payText(pay, view.t)] : [])].join('\n'),
  rows: [
    ...payRows(pay, view.t),
    ...(order.status === 'placed' ? [[openScreen(view.t.orders.cancel, { name: 'order-cancel', orderId: order.id })]] : []),
    navigationRow(view.t),
  ],
});

const orderNotFound = ({ t }: RenderContext): ScreenView => ({ text: t.orders.notFound, rows: [navigationRow(t)] });

export const orderScreen = async (ref: Extract<ScreenRef, { name: 'order' }>, ctx: ScreenContext): Promise<ScreenView> => {
  const order = await ctx.useCases.orders.get(customerActor(ctx.customer), ref.orderId);
  return order ? renderOrderDetail(order, ctx.now, ctx, await loadPayOptions(order, ctx)) : orderNotFound(ctx);
};

export const orderCancelScreen = async (ref: Extract<ScreenRef, { name: 'order-cancel' }>, ctx: ScreenContext): Promise<ScreenView> => {
  const { t } = ctx;
  const order = await ctx.useCases.orders.get(customerActor(ctx.customer), ref.orderId);
  if (!order) return orderNotFound(ctx);
  if (order.status !== 'placed') return renderOrderDetail(order, ctx.now, ctx);
  return {
    text: t.orders.confirmCancel(order.number),
    rows: [[choice(t.orders.yesCancel, 'order.cancel', { orderId: order.id })], [choice(t.orders.keep, 'back', {})]],
  };
};

// ---- language and help ----

/** Each language names itself, whatever the current one. */
export const LANGUAGE_LABELS: Readonly<Record<Locale, string>> = { es: 'Español', en: 'English' };

export const languageScreen = ({ t }: RenderContext): ScreenView => ({
  text: t.language.title,
  rows: [
    [choice(LANGUAGE_LABELS.es, 'locale', { locale: 'es' }), choice(LANGUAGE_LABELS.en, 'locale', { locale: 'en' })],
    navigationRow(t),
  ],
});

/**
 * How to choose is told the way this channel shows options: buttons, or numbers in the text.
 * Search examples are the shop's own products (`loadSearchExamples`); search by photo is offered
 * only where it works; staff (and whoever asks how to link) read how to link a staff account.
 */
export const helpScreen = async (
  ctx: ScreenContext,
  options: { readonly photoSearch?: boolean; readonly staff?: boolean } = {},
): Promise<ScreenView> => renderHelp(await loadSearchExamples(ctx), ctx, options);

export const renderHelp = (
  examples: string,
  { t, capabilities }: RenderContext,
  options: { readonly photoSearch?: boolean; readonly staff?: boolean } = {},
): ScreenView => ({
  text: [
    t.help.title,
    capabilities.inlineButtons ? t.help.chooseWithButtons : t.help.chooseWithNumbers,
    examples ? t.query.helpSearch(examples) : t.query.helpSearchPlain,
    ...(options.photoSearch ? [t.flows.helpPhoto] : []),
    '',
    t.help.commands,
    '',
    options.staff ? t.flows.staffHelp : t.flows.staffLinkHint,
  ].join('\n'),
  rows: [navigationRow(t)],
});
