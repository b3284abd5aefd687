import type { InvoicingUseCases } from '../application/invoicing-use-cases.js';
import type { EventSubscriber } from '../jobs/event-subscriber.js';
import type { DomainEvent } from '../notifications/domain-event.js';
import type { Logger } from '../ports/services.js';

/**
 * The `invoicing` event subscriber: `order.paid` issues the order's invoice; `order.refunded`,
 * `order.cancelled` and `payment.refunded` (a refund, whole or partial) issue the credit note of
 * what is refunded of an invoiced order. Idempotent (issuance returns what is
 * already authorized), so at-least-once delivery is safe. Retryable adapter errors are thrown for
 * the job queue to retry; a rejection is stored on the voucher by the use case and not retried.
 */
export const invoicingSubscriber = (invoicing: InvoicingUseCases, logger?: Logger): EventSubscriber => ({
  name: 'invoicing',
  eventTypes: ['order.paid', 'order.refunded', 'order.cancelled', 'payment.refunded'],
  async handle(event: DomainEvent): Promise<void> {
    const orderId = (event.payload as { readonly orderId?: unknown }).orderId;
    if (typeof orderId !== 'string') return;
    const outcome = event.type === 'order.paid' ? await invoicing.invoiceOrder(orderId) : await invoicing.creditOrder(orderId);
    if (outcome.status === 'rejected') {
      logger?.warn('voucher rejected by ARCA', { orderId, codes: outcome.invoice.errors.map((e) => e.code) });
    }
  },
});
