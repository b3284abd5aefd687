import type { Money } from '../money/money.js';
import type { DomainEvent } from '../notifications/domain-event.js';
import type { Invoice, VoucherType } from './invoice.js';

/*
 * What issuance writes to the outbox (besides `order.invoiced`, from the order's transition):
 * `invoice.authorized` for every voucher ARCA approved (invoices and credit notes; the customer is
 * told in the chat), `invoice.rejected` when ARCA refused one (staff are told; the order stays paid).
 * Payloads are plain JSON.
 */

export type InvoiceEventPayload = {
  readonly invoiceId: string;
  readonly orderId: string;
  readonly orderNumber: number;
  readonly customerId: string;
  readonly channel: string;
  readonly voucherType: VoucherType;
  readonly pointOfSale: number;
  readonly number: number;
  /** "PPPPP-NNNNNNNN". */
  readonly formattedNumber: string;
  readonly total: Money;
  readonly cae: string | null;
  /** YYYY-MM-DD, null unless authorized. */
  readonly caeDueDate: string | null;
  readonly errors: readonly { readonly code: string; readonly message: string }[];
};

export type InvoiceAuthorizedEvent = DomainEvent<'invoice.authorized', InvoiceEventPayload>;
export type InvoiceRejectedEvent = DomainEvent<'invoice.rejected', InvoiceEventPayload>;
export type InvoicingEvent = InvoiceAuthorizedEvent | InvoiceRejectedEvent;

export const invoicingEvent = (
  type: InvoicingEvent['type'],
  invoice: Invoice,
  order: { readonly number: number; readonly customerId: string; readonly channel: string },
  formattedNumber: string,
  at: Date,
): InvoicingEvent => ({
  type,
  aggregateId: invoice.orderId,
  occurredAt: at,
  payload: {
    invoiceId: invoice.id,
    orderId: invoice.orderId,
    orderNumber: order.number,
    customerId: order.customerId,
    channel: order.channel,
    voucherType: invoice.voucherType,
    pointOfSale: invoice.pointOfSale,
    number: invoice.number,
    formattedNumber,
    total: { amount: invoice.totals.total.amount, currency: invoice.totals.total.currency },
    cae: invoice.cae,
    caeDueDate: invoice.caeDueDate ? invoice.caeDueDate.toISOString().slice(0, 10) : null,
    errors: invoice.errors.map((e) => ({ code: e.code, message: e.message })),
  },
});
