import { toE164 } from '../../customers/phone.js';
import { ORDER_STATUSES, type Order, type OrderStatus } from '../../ordering/order.js';
import type { OrderFilter } from '../../ports/repositories.js';
import { formatDate, formatTime } from '../format.js';
import type { Catalog } from '../i18n/catalogs.js';
import { type ChoiceSpec, choice, listPageSize, openScreen, type ScreenView, truncatePlain, updateScreen } from '../layout.js';
import { escapeMarkup } from '../markup.js';
import type { ScreenRef, StaffOrderFilter } from '../state.js';
import {
  loadPage,
  navigationRow,
  PAGED_LIST_FIXED_BUTTONS,
  pagerRow,
  productName,
  type RenderContext,
  type ScreenContext,
  staffActor,
} from './context.js';
import { staffOrderLabel, todayRange, withStaff } from './staff-screens.js';

/*
 * The staff's day in the chat (issue 10): every order by filter, a search by number or customer,
 * an order's history, pickup steps, a cancellation with a reason, a note to the customer and stock
 * adjustments from a product card.
 */

/** A pickup order's `shipped` means "ready for pickup" and its `delivered` "picked up": the state machine is the same. */
export const isPickup = (order: Pick<Order, 'delivery'>): boolean => order.delivery.method === 'pickup';

/** The status in words, as the order's delivery makes it read ("Listo para retirar" for a pickup order that is `shipped`). */
export const orderStatusName = (order: Pick<Order, 'status' | 'delivery'>, t: Catalog): string =>
  isPickup(order) && order.status === 'shipped' ? t.staffDay.pickupReadyName : t.orders.statusNames[order.status];

export const orderStatusShort = (order: Pick<Order, 'status' | 'delivery'>, t: Catalog): string =>
  isPickup(order) && order.status === 'shipped' ? t.staffDay.pickupReadyName : t.orders.statusShort[order.status];

/** The button that moves `order` to `to`: pickup orders get "ready for pickup" and "picked up" instead of shipping words. */
export const staffStatusLabel = (order: Pick<Order, 'delivery'>, to: OrderStatus, t: Catalog): string => {
  if (isPickup(order) && to === 'shipped') return t.staffDay.readyForPickup;
  if (isPickup(order) && to === 'delivered') return t.staffDay.markPickedUp;
  return t.staff.statusActions[to];
};

/** Who made a change, in words (staff ids are not for people). */
const changedBy = (by: string, t: Catalog): string =>
  by === 'customer' ? t.staffDay.byCustomer : by === 'system' ? t.staffDay.bySystem : t.staffDay.byStaff;

/** "• 10/03/2025 09:00 — Pagado (sistema)", and the change's note under it. */
export const historyLines = (order: Order, view: RenderContext): string[] => {
  const { t } = view;
  return [
    t.staffDay.history,
    ...order.history.flatMap((change) => [
      t.staffDay.historyLine(
        formatDate(change.at, view.locale),
        formatTime(change.at),
        orderStatusName({ status: change.to, delivery: order.delivery }, t),
        changedBy(change.by, t),
      ),
      ...(change.note ? [t.staffDay.historyNote(escapeMarkup(truncatePlain(change.note, 200)))] : []),
    ]),
  ];
};

/** Loads the staff user or renders the refusal. */
/** Today in Argentina, midnight to midnight. */
const todayFilter = (now: Date): OrderFilter => {
  const { from, to } = todayRange(now);
  return { createdFrom: from, createdTo: to };
};

/**
 * What a typed customer search looks for: a phone is read as one (`toE164`) and searched by its
 * last 8 digits, the subscriber number, so "011 4555-6677" finds "+541145556677"; anything else
 * is searched as written.
 */
export const contactQueryFor = (query: string): string => {
  const phone = /\d/.test(query) ? toE164(query) : null;
  return phone ? phone.slice(-8) : query.trim();
};

export const orderFilterFor = (filter: StaffOrderFilter, now: Date): OrderFilter => {
  switch (filter) {
    case 'all':
      return {};
    case 'today':
      return todayFilter(now);
    case 'awaiting-payment':
      return { status: ['placed'] };
    default:
      return { status: [filter] };
  }
};

const filterName = (filter: StaffOrderFilter, t: Catalog): string => {
  switch (filter) {
    case 'all':
      return t.staffDay.filterAll;
    case 'today':
      return t.staffDay.filterToday;
    case 'awaiting-payment':
      return t.staffDay.filterAwaitingPayment;
    default:
      return t.staffDay.filterStatus(t.orders.statusShort[filter]);
  }
};

/** Statuses offered as filters besides "awaiting payment" (which is `placed`). */
const STATUS_FILTERS: readonly OrderStatus[] = ORDER_STATUSES.filter((status) => status !== 'placed');

/** Channels with fewer buttons than this get the short filter set (no per-status filters), so orders still fit. */
const FULL_FILTERS_MIN_BUTTONS = 30;

/** The filter buttons: all, today, awaiting payment (and each status where buttons are plenty), and the search. */
const filterRows = (current: StaffOrderFilter, view: RenderContext): ChoiceSpec[][] => {
  const { t } = view;
  const button = (filter: StaffOrderFilter): ChoiceSpec => {
    const name = filterName(filter, t);
    return updateScreen(filter === current ? `• ${name} •` : name, { name: 'staff-order-list', filter, page: 0 });
  };
  return [
    [button('all'), button('today'), button('awaiting-payment')],
    ...(view.capabilities.maxButtons >= FULL_FILTERS_MIN_BUTTONS ? [STATUS_FILTERS.map(button)] : []),
    [openScreen(t.staffDay.searchOrders, { name: 'staff-order-search' })],
  ];
};

/** A number typed as "12" or "#12": the order with that number. */
const orderNumberIn = (query: string): number | null => {
  const match = /^#?\s*(\d{1,9})$/.exec(query.trim());
  return match ? Number(match[1]) : null;
};

export const staffOrderListScreen = (ref: Extract<ScreenRef, { name: 'staff-order-list' }>, ctx: ScreenContext): Promise<ScreenView> =>
  withStaff(ctx, async (staff) => {
    const { t } = ctx;
    const actor = staffActor(staff);
    const query = ref.query?.trim() ?? '';
    const extraRows = query === '' ? filterRows(ref.filter, ctx) : [[openScreen(t.staffDay.searchOrders, { name: 'staff-order-search' })]];
    const size = listPageSize(ctx.capabilities, PAGED_LIST_FIXED_BUTTONS + extraRows.reduce((count, row) => count + row.length, 0));
    const number = query === '' ? null : orderNumberIn(query);
    const byNumber = number === null ? null : await ctx.useCases.orders.getByNumber(actor, number);
    const list = byNumber
      ? { items: [byNumber], page: 0, count: 1, total: 1 }
      : await loadPage(
          (request) =>
            ctx.useCases.orders.list(
              actor,
              query === '' ? orderFilterFor(ref.filter, ctx.now) : { contactQuery: contactQueryFor(query) },
              request,
            ),
          ref.page,
          size,
        );
    const shown = escapeMarkup(truncatePlain(query, 40));
    const title = query === '' ? t.staffDay.ordersTitle(filterName(ref.filter, t)) : t.staffDay.searchTitle(shown);
    const empty = query === '' ? t.staffDay.noOrders : t.staffDay.searchNone(shown);
    const pageLine = list.count > 1 ? `\n_${t.common.page(list.page + 1, list.count)}_` : '';
    return {
      text: `${title}${list.total === 0 ? `\n${empty}` : ''}${pageLine}`,
      ...(list.count > 1 ? { page: { index: list.page, count: list.count } } : {}),
      list: list.items.map((order) => [
        openScreen(`${staffOrderLabel(order, ctx)} · ${orderStatusShort(order, t)}`, { name: 'staff-order', orderId: order.id }),
      ]),
      rows: [pagerRow(t, list.page, list.count, (page) => ({ ...ref, page })), ...extraRows, navigationRow(t)],
    };
  });

export const staffOrderSearchScreen = (ctx: ScreenContext): Promise<ScreenView> =>
  withStaff(ctx, async () => ({ text: ctx.t.staffDay.searchPrompt, rows: [navigationRow(ctx.t)], pending: 'order-search' }));

const orderNotFound = ({ t }: RenderContext): ScreenView => ({ text: t.orders.notFound, rows: [navigationRow(t)] });

/** "Cancel order #n?": a reason typed or picked cancels it and is told to the customer. */
export const staffCancelScreen = (ref: Extract<ScreenRef, { name: 'staff-cancel' }>, ctx: ScreenContext): Promise<ScreenView> =>
  withStaff(ctx, async (staff) => {
    const { t } = ctx;
    const order = await ctx.useCases.orders.get(staffActor(staff), ref.orderId);
    if (!order) return orderNotFound(ctx);
    return {
      text: t.staffDay.confirmCancel(order.number),
      rows: [
        ...t.staffDay.cancelReasons.map((reason) => [choice(reason, 'staff.cancel', { orderId: order.id, reason })]),
        [choice(t.staffDay.keepOrder, 'back', {})],
      ],
      pending: 'cancel-reason',
    };
  });

export const staffNoteScreen = (ref: Extract<ScreenRef, { name: 'staff-note' }>, ctx: ScreenContext): Promise<ScreenView> =>
  withStaff(ctx, async (staff) => {
    const { t } = ctx;
    const order = await ctx.useCases.orders.get(staffActor(staff), ref.orderId);
    if (!order) return orderNotFound(ctx);
    return { text: t.staffDay.notePrompt(escapeMarkup(order.contact.name)), rows: [navigationRow(t)], pending: 'customer-note' };
  });

/** Adjustments offered as buttons on the stock screen; any other is typed ("+12", "-3"). */
export const STOCK_STEPS = [1, 5, 10, -1, -5] as const;

export const staffStockScreen = (ref: Extract<ScreenRef, { name: 'staff-stock' }>, ctx: ScreenContext): Promise<ScreenView> =>
  withStaff(ctx, async () => {
    const { t } = ctx;
    const item = await ctx.useCases.catalog.getProduct(ref.productId);
    if (!item) return { text: t.product.notFound, rows: [navigationRow(t)] };
    const { product } = item;
    return {
      text: `${t.staffDay.stockTitle(escapeMarkup(productName(product, ctx.locale)), product.stockOnHand, product.reserved, item.available)}\n${t.staffDay.stockPrompt}`,
      rows: [
        STOCK_STEPS.filter((delta) => product.stockOnHand + delta >= product.reserved).map((delta) =>
          choice(delta > 0 ? `+${delta}` : `${delta}`, 'staff.stock', { productId: product.id, delta }),
        ),
        navigationRow(t),
      ],
      pending: 'stock-delta',
    };
  });

/** A typed stock adjustment: a signed whole number ("+10", "-3", "− 2"); null otherwise. */
export const parseStockDelta = (text: string): number | null => {
  const match = /^([+\-−])\s*(\d{1,6})$/u.exec(text.trim());
  if (!match) return null;
  const value = Number(match[2]);
  return value === 0 ? null : match[1] === '+' ? value : -value;
};
