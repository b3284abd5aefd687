import { ACCESS, hasRole } from '../../application/authorization.js';
import type { SalesSummary } from '../../application/use-cases.js';
import { availableStock } from '../../catalog/product.js';
import type { Invoice } from '../../invoicing/invoice.js';
import { formatVoucherNumber, voucherClassOf, voucherKindOf } from '../../invoicing/voucher-rules.js';
import { notifyCatalogFor } from '../../notifications/i18n/notify-catalogs.js';
import { ORDER_STATUSES, type Order, type OrderStatus } from '../../ordering/order.js';
import { LEGAL_TRANSITIONS } from '../../ordering/order-lifecycle.js';
import type { Payment } from '../../payments/payment.js';
import { startOfArgentinaDay } from '../../shared/argentina-time.js';
import type { StaffUser } from '../../staff/staff-user.js';
import { describeDocument } from '../checkout.js';
import { formatDate } from '../format.js';
import { choice, listPageSize, openScreen, type ScreenView, truncatePlain } from '../layout.js';
import { escapeMarkup } from '../markup.js';
import type { ScreenRef } from '../state.js';
import {
  loadPage,
  money,
  navigationRow,
  PAGED_LIST_FIXED_BUTTONS,
  pagerRow,
  type RenderContext,
  type ScreenContext,
  staffActor,
} from './context.js';
import { orderDetailText } from './order-screens.js';
import { historyLines, staffStatusLabel } from './staff-day-screens.js';
import { staffPaymentLines, staffPaymentRows } from './staff-payment-screens.js';

/** "Factura B 00001-00000001", or the kind and letter alone for a voucher that holds no number. */
export const voucherLabel = (invoice: Invoice, view: RenderContext): string => {
  const kind = view.t.invoices.kinds[voucherKindOf(invoice.voucherType)];
  const letter = voucherClassOf(invoice.voucherType);
  return invoice.number > 0 && invoice.status !== 'rejected'
    ? `${kind} ${letter} ${formatVoucherNumber(invoice.pointOfSale, invoice.number)}`
    : `${kind} ${letter}`;
};

/** The order's ARCA vouchers, oldest first: status, total, CAE, and ARCA's codes and messages of a rejection. */
const staffInvoiceLines = (invoices: readonly Invoice[], view: RenderContext): string[] => {
  if (invoices.length === 0) return [];
  const { t } = view;
  return [
    '',
    t.invoices.staffTitle,
    ...invoices.flatMap((invoice) => [
      t.invoices.line(escapeMarkup(voucherLabel(invoice, view)), t.invoices.statusNames[invoice.status], money(view, invoice.totals.total)),
      ...(invoice.cae ? [t.invoices.cae(invoice.cae)] : []),
      ...(invoice.status === 'rejected' && invoice.errors.length > 0
        ? [
            t.invoices.rejectedReason(
              escapeMarkup(
                invoice.errors
                  .map((e) => `${e.code} ${e.message}`)
                  .join('; ')
                  .slice(0, 300),
              ),
            ),
          ]
        : []),
    ]),
  ];
};

/** Orders staff should look at: reserved (to be paid) and paid (to be prepared). */
export const NEW_ORDER_STATUSES: readonly OrderStatus[] = ['placed', 'paid'];

/** Statuses staff move orders to by hand; expiry belongs to the reservation job. */
export const staffNextStatuses = (status: OrderStatus): readonly OrderStatus[] =>
  LEGAL_TRANSITIONS[status].filter((to) => to !== 'expired');

/** Shown instead of a staff screen to anyone who is not (or no longer) linked staff. */
export const notStaffScreen = ({ t }: RenderContext): ScreenView => ({ text: t.staff.notStaff, rows: [navigationRow(t, false)] });

/** Loads the staff user or renders the refusal. */
/** Renders for a linked staff member; anyone else gets the not-staff screen. */
export const withStaff = async (ctx: ScreenContext, render: (staff: StaffUser) => Promise<ScreenView>): Promise<ScreenView> => {
  const staff = await ctx.staff();
  return staff ? render(staff) : notStaffScreen(ctx);
};

export const renderStaffMenu = (staff: StaffUser, view: RenderContext): ScreenView => {
  const { t } = view;
  return {
    text: t.staff.menuTitle(escapeMarkup(staff.name)),
    rows: [
      [openScreen(t.staff.newOrders, { name: 'staff-orders', page: 0 })],
      [
        openScreen(t.staffDay.allOrders, { name: 'staff-order-list', filter: 'all', page: 0 }),
        openScreen(t.staffDay.searchOrders, { name: 'staff-order-search' }),
      ],
      [openScreen(t.staff.lowStock, { name: 'staff-low-stock' })],
      [openScreen(t.staff.sales, { name: 'staff-sales' })],
      [openScreen(notifyCatalogFor(view.locale).campaigns.menu, { name: 'staff-campaigns', page: 0 })],
      navigationRow(t, false),
    ],
  };
};

export const staffMenuScreen = (ctx: ScreenContext): Promise<ScreenView> => withStaff(ctx, async (staff) => renderStaffMenu(staff, ctx));

/** "#12 · Ana Pérez · $ 8.000,00": the customer's name as long as the channel's label allows beside the number and total. */
export const staffOrderLabel = (order: Order, view: RenderContext): string => {
  const label = (name: string): string => `#${order.number} · ${name} · ${money(view, order.total)}`;
  return label(truncatePlain(order.contact.name, Math.max(8, view.capabilities.maxChoiceLabelLength - label('').length)));
};

export const staffOrdersScreen = (ref: Extract<ScreenRef, { name: 'staff-orders' }>, ctx: ScreenContext): Promise<ScreenView> =>
  withStaff(ctx, async (staff) => {
    const { t } = ctx;
    const size = listPageSize(ctx.capabilities, PAGED_LIST_FIXED_BUTTONS);
    const list = await loadPage(
      (request) => ctx.useCases.orders.list(staffActor(staff), { status: NEW_ORDER_STATUSES }, request),
      ref.page,
      size,
    );
    const pageLine = list.count > 1 ? `\n_${t.common.page(list.page + 1, list.count)}_` : '';
    return {
      text: `${t.staff.newOrdersTitle}${list.total === 0 ? `\n${t.staff.noNewOrders}` : ''}${pageLine}`,
      ...(list.count > 1 ? { page: { index: list.page, count: list.count } } : {}),
      list: list.items.map((order) => [openScreen(staffOrderLabel(order, ctx), { name: 'staff-order', orderId: order.id })]),
      rows: [pagerRow(t, list.page, list.count, (page) => ({ name: 'staff-orders', page })), navigationRow(t)],
    };
  });

export const renderStaffOrder = (
  order: Order,
  staff: StaffUser,
  now: Date,
  view: RenderContext,
  payments: { readonly list: readonly Payment[]; readonly providerNames: Readonly<Record<string, string>> } = {
    list: [],
    providerNames: {},
  },
  invoices: readonly Invoice[] = [],
): ScreenView => {
  const { t } = view;
  const billing = order.billing
    ? [
        t.checkout.invoiceLineIdentified(
          escapeMarkup(order.billing.legalName),
          describeDocument(order.billing),
          t.ivaConditions[order.billing.ivaCondition],
        ),
      ]
    : [t.checkout.invoiceLineFinal];
  const canMove = hasRole(staffActor(staff), ACCESS.orderStatus);
  return {
    text: [
      ...orderDetailText(order, now, view),
      t.staff.customer(escapeMarkup(order.contact.name), escapeMarkup(order.contact.phone)),
      ...billing,
      ...staffPaymentLines(payments.list, payments.providerNames, view),
      ...staffInvoiceLines(invoices, view),
      '',
      ...historyLines(order, view),
    ].join('\n'),
    rows: [
      // Cancelling asks first, and takes a reason the customer is told ('staff-cancel').
      ...(canMove
        ? staffNextStatuses(order.status).map((to) => [
            to === 'cancelled'
              ? openScreen(t.staffDay.cancelOrder, { name: 'staff-cancel', orderId: order.id })
              : choice(staffStatusLabel(order, to, t), 'staff.status', { orderId: order.id, to }),
          ])
        : []),
      ...staffPaymentRows(order, payments.list, staff, canMove, view),
      // The order's latest voucher was rejected by ARCA, or is pending (ARCA did not answer): staff
      // retry it from here (as POST …/invoice/retry); a pending one is reconciled first, never sent blind.
      ...(canMove && (invoices.at(-1)?.status === 'rejected' || invoices.at(-1)?.status === 'pending')
        ? [[choice(t.invoices.retry, 'staff.invoice-retry', { orderId: order.id })]]
        : []),
      ...(canMove ? [[openScreen(t.staffDay.noteToCustomer, { name: 'staff-note', orderId: order.id })]] : []),
      navigationRow(t),
    ],
  };
};

export const staffOrderScreen = (ref: Extract<ScreenRef, { name: 'staff-order' }>, ctx: ScreenContext): Promise<ScreenView> =>
  withStaff(ctx, async (staff) => {
    const order = await ctx.useCases.orders.get(staffActor(staff), ref.orderId);
    if (!order) return { text: ctx.t.orders.notFound, rows: [navigationRow(ctx.t)] };
    const list = await ctx.useCases.payments.list(staffActor(staff), order.id);
    const providerNames = Object.fromEntries(ctx.useCases.payments.providers().map((p) => [p.provider, p.displayName]));
    const invoices = ctx.invoicing ? await ctx.invoicing.listForOrder(staffActor(staff), order.id) : [];
    return renderStaffOrder(order, staff, ctx.now, ctx, { list, providerNames }, invoices);
  });

/** At most this many low-stock products are listed in the chat. */
const LOW_STOCK_LINES = 30;

export const staffLowStockScreen = (ctx: ScreenContext): Promise<ScreenView> =>
  withStaff(ctx, async () => {
    const { t } = ctx;
    const threshold = ctx.settings.lowStockThreshold;
    const products = await ctx.useCases.catalog.lowStock(threshold);
    const lines = products
      .slice(0, LOW_STOCK_LINES)
      .map((product) => t.staff.lowStockLine(escapeMarkup(product.name), escapeMarkup(product.sku), availableStock(product)));
    return {
      text: [t.staff.lowStockTitle(threshold), ...(lines.length > 0 ? lines : [t.staff.noLowStock])].join('\n'),
      rows: [navigationRow(t)],
    };
  });

/** Today in Argentina, midnight to midnight (what has not happened yet counts nothing). */
export const todayRange = (now: Date): { from: Date; to: Date } => {
  const from = startOfArgentinaDay(now);
  return { from, to: new Date(from.getTime() + 24 * 60 * 60 * 1000) };
};

export const salesSummaryLines = (summary: SalesSummary, view: RenderContext): string[] => {
  const { t } = view;
  const byStatus = ORDER_STATUSES.filter((status) => (summary.byStatus[status] ?? 0) > 0).map(
    (status) => `• ${t.orders.statusNames[status]}: ${summary.byStatus[status] ?? 0}`,
  );
  const top = summary.topProducts.map((product) =>
    t.staff.salesTopLine(escapeMarkup(product.name), product.quantity, money(view, product.revenue)),
  );
  return [
    t.staff.salesPlaced(summary.ordersPlaced),
    t.staff.salesPaid(summary.ordersPaid),
    t.staff.salesRevenue(money(view, summary.revenue)),
    ...(byStatus.length > 0 ? ['', t.staff.salesByStatus, ...byStatus] : []),
    ...(top.length > 0 ? ['', t.staff.salesTop, ...top] : []),
  ];
};

export const staffSalesScreen = (ctx: ScreenContext): Promise<ScreenView> =>
  withStaff(ctx, async (staff) => {
    const { t } = ctx;
    const summary = await ctx.useCases.orders.salesSummary(staffActor(staff), todayRange(ctx.now));
    return {
      text: [t.staff.salesTitle(formatDate(ctx.now, ctx.locale)), ...salesSummaryLines(summary, ctx)].join('\n'),
      rows: [
        ...(ctx.reportsAvailable && ctx.capabilities.documents
          ? [
              [choice(ctx.t.reports.today, 'staff.report', { report: 'today' })],
              [choice(ctx.t.reports.last30Days, 'staff.report', { report: 'last-30-days' })],
              [choice(ctx.t.reports.inventory, 'staff.report', { report: 'inventory' })],
            ]
          : []),
        navigationRow(t),
      ],
    };
  });
