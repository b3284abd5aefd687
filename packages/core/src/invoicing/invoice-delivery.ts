import { ACCESS, hasRole } from '../application/authorization.js';
import type { ShopSettings } from '../application/settings.js';
import { foldText } from '../catalog/search-text.js';
import { escapeMarkup } from '../conversation/markup.js';
import type { Document } from '../conversation/messages.js';
import { pushMessage } from '../conversation/push-choices.js';
import type { EventSubscriber } from '../jobs/event-subscriber.js';
import { formatMoney } from '../money/money.js';
import { type CustomerMessenger, chatOf, createCustomerMessenger, pushOnce } from '../notifications/customer-messenger.js';
import type { DomainEvent } from '../notifications/domain-event.js';
import { notifyCatalogFor } from '../notifications/i18n/notify-catalogs.js';
import { eventKey } from '../notifications/notifications.js';
import type { ChannelRegistry } from '../ports/messaging-channel.js';
import type { UnitOfWork } from '../ports/repositories.js';
import type { Clock, DocumentRenderer, Logger } from '../ports/services.js';
import { AdapterError, isDomainError } from '../shared/errors.js';
import type { Invoice } from './invoice.js';
import { invoiceDocumentOf } from './invoice-document.js';
import type { InvoiceEventPayload } from './invoice-events.js';
import { authorizedInvoiceOf, formatVoucherNumber, voucherClassOf, voucherKindOf } from './voucher-rules.js';

export interface InvoiceDeliveryDeps {
  readonly uow: UnitOfWork;
  readonly channels: ChannelRegistry;
  readonly clock: Clock;
  readonly settings: ShopSettings;
  /** Renders the voucher PDF; null (PDF_RENDERER=off, WeasyPrint missing): the text alone goes out. */
  readonly renderer: DocumentRenderer | null;
  readonly logger?: Logger | null;
  /** How pushes are sent; default: through `channels`. */
  readonly messenger?: CustomerMessenger;
}

/**
 * The `invoice-delivery` subscriber. On `invoice.rejected` it alerts staff who linked a chat and
 * may retry (role `orderStatus`) with ARCA's reasons and a button to the order. On
 * `invoice.authorized` it tells the customer of the order, in
 * their language and on the chat the order came from, that the voucher is authorized — an invoice
 * with its number, total and CAE; a credit note with its amount and the invoice it credits — and
 * sends the voucher's PDF with it when a renderer is configured and the channel takes documents.
 * A walk-in at the counter (no chat) is told nothing. Once per (voucher, customer), like the other
 * notifications (`pushOnce`): the claim is given back only when nothing can have been sent (a busy
 * renderer, a rate limit, a connection never opened); a send that failed in doubt is not repeated.
 */
export const invoiceDeliverySubscriber = (deps: InvoiceDeliveryDeps): EventSubscriber => {
  const { uow, settings, renderer, logger } = deps;
  const messenger = deps.messenger ?? createCustomerMessenger(deps);
  const repositories = uow.repositories;

  /** Staff who linked a chat and may retry a voucher are told ARCA refused it, with a button to the order. */
  const alertStaff = async (event: DomainEvent, payload: InvoiceEventPayload): Promise<void> => {
    const order = await repositories.orders.get(payload.orderId);
    const invoice = (await repositories.invoices.listByOrder(payload.orderId)).find((voucher) => voucher.id === payload.invoiceId);
    if (!order || invoice?.status !== 'rejected') return;
    const staff = (await repositories.staff.list()).filter(
      (user) =>
        user.active && user.chatIdentity !== null && hasRole({ kind: 'staff', userId: user.id, roles: user.roles }, ACCESS.orderStatus),
    );
    for (const user of staff) {
      const identity = user.chatIdentity;
      if (!identity) continue;
      // Staff chats carry no language of their own: the customer record of that chat, if any, or es.
      const locale = (await repositories.customers.findByIdentity(identity))?.language ?? 'es';
      const t = notifyCatalogFor(locale);
      const voucher = t.invoice.voucher(voucherKindOf(invoice.voucherType), voucherClassOf(invoice.voucherType), '').trim();
      const reasons = escapeMarkup(
        invoice.errors
          .map((e) => `${e.code} ${e.message}`)
          .join('; ')
          .slice(0, 500),
      );
      await pushOnce(deps, `${eventKey(event)}|voucher:${invoice.id}|staff:${user.id}`, () =>
        messenger.push({ channel: identity.channel, chatId: identity.userId, customerId: null }, (capabilities) => [
          pushMessage(capabilities, {
            text: t.invoice.rejected(voucher, order.number, reasons),
            buttons: [{ label: t.staff.view, target: { kind: 'staff-order', number: order.number } }],
          }),
        ]),
      );
    }
  };

  const handle = async (event: DomainEvent): Promise<void> => {
    if (event.type === 'invoice.rejected') return alertStaff(event, event.payload as InvoiceEventPayload);
    if (event.type !== 'invoice.authorized') return;
    const payload = event.payload as InvoiceEventPayload;
    const order = await repositories.orders.get(payload.orderId);
    const customer = order ? await repositories.customers.get(order.customerId) : null;
    if (!order || !customer) return;
    const identity = chatOf(customer, order.channel);
    if (!identity) return;
    const vouchers = await repositories.invoices.listByOrder(order.id);
    const invoice = vouchers.find((voucher) => voucher.id === payload.invoiceId);
    if (invoice?.status !== 'authorized' || invoice.cae === null) return;
    const original = voucherKindOf(invoice.voucherType) === 'invoice' ? null : authorizedInvoiceOf(vouchers);

    const locale = customer.language;
    const t = notifyCatalogFor(locale);
    const name = (voucher: Invoice) =>
      t.invoice.voucher(
        voucherKindOf(voucher.voucherType),
        voucherClassOf(voucher.voucherType),
        formatVoucherNumber(voucher.pointOfSale, voucher.number),
      );
    const total = formatMoney(invoice.totals.total, locale);
    const text =
      voucherKindOf(invoice.voucherType) === 'invoice'
        ? t.invoice.authorized(order.number, name(invoice), total, invoice.cae)
        : t.invoice.creditNote(order.number, name(invoice), total, original ? name(original) : null);

    /** The voucher's PDF, or null (no renderer, a channel without documents, or a document it cannot render: the text goes alone). */
    const render = async (): Promise<Document | null> => {
      if (!renderer || !deps.channels.get(identity.channel)?.capabilities.documents) return null;
      try {
        const bytes = await renderer.renderInvoice(invoiceDocumentOf(invoice, order, settings, locale, original));
        return { fileName: `${foldText(name(invoice)).replace(/[^a-z0-9]+/g, '-')}.pdf`, mimeType: 'application/pdf', bytes };
      } catch (error) {
        // A busy renderer is worth a retry of the whole push, and nothing was sent: said so, the claim is given back.
        if (error instanceof AdapterError && error.retryable)
          throw new AdapterError(error.code, error.message, true, { ...error.details, notSent: true });
        logger?.warn('voucher PDF not rendered; the customer gets the text alone', {
          orderId: order.id,
          code: isDomainError(error) ? error.code : 'UNEXPECTED',
        });
        return null;
      }
    };

    // One message per voucher and customer (two vouchers of an order may be authorized in the same millisecond).
    await pushOnce(deps, `${eventKey(event)}|voucher:${invoice.id}|customer:${customer.id}`, async () => {
      const document = await render();
      return messenger.push({ channel: identity.channel, chatId: identity.userId, customerId: customer.id }, (capabilities) => {
        const message = pushMessage(capabilities, {
          text: document ? `${text}\n${t.invoice.attached}` : text,
          buttons: [{ label: t.order.view, target: { kind: 'order', number: order.number } }],
        });
        return [document ? { ...message, document } : message];
      });
    });
  };

  return { name: 'invoice-delivery', eventTypes: ['invoice.authorized', 'invoice.rejected'], handle };
};
