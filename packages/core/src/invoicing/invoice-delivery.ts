import type { ShopSettings } from '../application/settings.js';
import { foldText } from '../catalog/search-text.js';
import type { Document } from '../conversation/messages.js';
import { pushMessage } from '../conversation/push-choices.js';
import type { EventSubscriber } from '../jobs/event-subscriber.js';
import { formatMoney } from '../money/money.js';
import { type CustomerMessenger, chatOf, createCustomerMessenger } from '../notifications/customer-messenger.js';
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
import { formatVoucherNumber, voucherClassOf } from './voucher-rules.js';

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

const kindOf = (invoice: Invoice) => (invoice.voucherType.startsWith('FACTURA') ? 'invoice' : 'credit-note');

/**
 * The `invoice-delivery` subscriber of `invoice.authorized`: tells the customer of the order, in
 * their language and on the chat the order came from, that the voucher is authorized — an invoice
 * with its number, total and CAE; a credit note with its amount and the invoice it credits — and
 * sends the voucher's PDF with it when a renderer is configured and the channel takes documents.
 * A walk-in at the counter (no chat) is told nothing. Once per (voucher, customer), like the other
 * notifications: the push is claimed in the notification log and the claim given back when the
 * send (or a busy renderer) fails in a way worth retrying.
 */
export const invoiceDeliverySubscriber = (deps: InvoiceDeliveryDeps): EventSubscriber => {
  const { uow, clock, settings, renderer, logger } = deps;
  const messenger = deps.messenger ?? createCustomerMessenger(deps);
  const repositories = uow.repositories;

  const handle = async (event: DomainEvent): Promise<void> => {
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
    const original =
      kindOf(invoice) === 'invoice'
        ? null
        : (vouchers.find((voucher) => kindOf(voucher) === 'invoice' && voucher.status === 'authorized') ?? null);

    const locale = customer.language;
    const t = notifyCatalogFor(locale);
    const name = (voucher: Invoice) =>
      t.invoice.voucher(kindOf(voucher), voucherClassOf(voucher.voucherType), formatVoucherNumber(voucher.pointOfSale, voucher.number));
    const total = formatMoney(invoice.totals.total, locale);
    const text =
      kindOf(invoice) === 'invoice'
        ? t.invoice.authorized(order.number, name(invoice), total, invoice.cae)
        : t.invoice.creditNote(order.number, name(invoice), total, original ? name(original) : null);

    // One message per voucher and customer (two vouchers of an order may be authorized in the same millisecond).
    const claim = `${eventKey(event)}|voucher:${invoice.id}|customer:${customer.id}`;
    if (!(await repositories.notificationLog.claim(claim, clock.now()))) return;
    try {
      const channel = deps.channels.get(identity.channel);
      let document: Document | null = null;
      if (renderer && channel?.capabilities.documents) {
        try {
          const bytes = await renderer.renderInvoice(invoiceDocumentOf(invoice, order, settings, locale, original));
          const fileName = `${foldText(name(invoice)).replace(/[^a-z0-9]+/g, '-')}.pdf`;
          document = { fileName, mimeType: 'application/pdf', bytes };
        } catch (error) {
          // A busy renderer is worth a retry of the whole push; a document it cannot render is not: the text goes alone.
          if (error instanceof AdapterError && error.retryable) throw error;
          logger?.warn('voucher PDF not rendered; the customer gets the text alone', {
            orderId: order.id,
            code: isDomainError(error) ? error.code : 'UNEXPECTED',
          });
        }
      }
      await messenger.push({ channel: identity.channel, chatId: identity.userId, customerId: customer.id }, (capabilities) => {
        const message = pushMessage(capabilities, {
          text: document ? `${text}\n${t.invoice.attached}` : text,
          buttons: [{ label: t.order.view, target: { kind: 'order', number: order.number } }],
        });
        return [document ? { ...message, document } : message];
      });
    } catch (error) {
      await repositories.notificationLog.release(claim);
      throw error;
    }
  };

  return { name: 'invoice-delivery', eventTypes: ['invoice.authorized'], handle };
};
