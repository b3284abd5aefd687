import { COUNTER_PAYMENT_METHODS, ConflictError, NotFoundError } from '@mostrador/core';
import { z } from 'zod';
import { Id, IdParams } from '../presenters/common.js';
import { OrderInvoiceDto, toOrderInvoiceDto, toVoucherDto, VoucherDto } from '../presenters/invoices.js';
import { OrderDto, TaxProfileSchema, toOrderDto } from '../presenters/orders.js';
import type { ApiRoutes } from '../routing/api-routes.js';
import { Text } from '../routing/request-schema.js';
import type { RouteDeps } from './route-deps.js';

const CounterSaleLine = z
  .strictObject({
    productId: Id.optional(),
    sku: Text.min(1).max(64).optional(),
    quantity: z.number().int().min(1).max(999),
  })
  .refine((line) => (line.productId === undefined) !== (line.sku === undefined), 'give exactly one of productId or sku');

const CounterSale = z.strictObject({
  lines: z.array(CounterSaleLine).min(1).max(200),
  customerId: Id.nullish().describe('A known customer; absent for a walk-in'),
  billing: TaxProfileSchema.nullish().describe('Buyer tax data for the invoice; absent: anonymous consumidor final'),
  contact: z.strictObject({ name: Text.max(200).optional(), phone: Text.max(40).optional() }).nullish(),
  payment: z.strictObject({
    method: z.enum(COUNTER_PAYMENT_METHODS),
    reference: Text.max(100).nullish().describe('Card slip, transfer or QR reference'),
  }),
});

const IssueOutcomeDto = z.object({
  status: z.enum(['authorized', 'rejected', 'skipped']),
  reason: z.string().nullable(),
  voucher: VoucherDto.nullable(),
});

/** Counter sales, and the ARCA vouchers of an order (read, retry). */
export function invoicingRoutes(routes: ApiRoutes, { counterSales, invoicing, uow }: RouteDeps): void {
  if (counterSales) {
    routes.add({
      method: 'POST',
      url: '/api/v1/orders',
      access: 'orderStatus',
      summary: 'Sell at the counter',
      description:
        'Staff create an order for a walk-in or known customer, already paid (`payment.method`: cash, debit_card, credit_card, transfer, qr). ' +
        'Stock is committed at once (409 `STOCK.INSUFFICIENT` changes nothing); `order.paid` follows, so the invoice is issued as for any paid order.',
      tags: ['orders'],
      body: CounterSale,
      responses: { 201: { description: 'The paid order', schema: OrderDto } },
      handler: async ({ actor, body, reply }) => {
        const order = await counterSales.sell(actor, {
          lines: body.lines.map((line) => ({
            ...(line.productId ? { productId: line.productId } : {}),
            ...(line.sku ? { sku: line.sku } : {}),
            quantity: line.quantity,
          })),
          customerId: body.customerId ?? null,
          billing: body.billing ?? null,
          contact: body.contact
            ? { ...(body.contact.name ? { name: body.contact.name } : {}), ...(body.contact.phone ? { phone: body.contact.phone } : {}) }
            : null,
          payment: { method: body.payment.method, reference: body.payment.reference ?? null },
        });
        reply.code(201).header('location', `/api/v1/orders/${encodeURIComponent(order.id)}`);
        return toOrderDto(order);
      },
    });
  }

  routes.add({
    method: 'GET',
    url: '/api/v1/orders/:id/invoice',
    access: 'read',
    summary: "An order's electronic invoice",
    description: 'Type, point of sale, number, CAE and its due date, totals, status and, after a rejection, ARCA’s codes and messages.',
    tags: ['invoicing'],
    params: IdParams,
    responses: { 200: { description: "The order's vouchers", schema: OrderInvoiceDto } },
    handler: async ({ actor, params }) => {
      const order = await uow.repositories.orders.get(params.id);
      if (!order) throw new NotFoundError('order', params.id);
      const vouchers = invoicing ? await invoicing.listForOrder(actor, params.id) : await uow.repositories.invoices.listByOrder(params.id);
      return toOrderInvoiceDto(params.id, vouchers, invoicing !== null);
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/orders/:id/invoice/retry',
    access: 'orderStatus',
    summary: 'Issue the invoice again after a rejection',
    description:
      'Issues the invoice of a paid order (or the credit note of a refunded invoiced one) now. A voucher still pending is reconciled with ARCA first, never sent twice. 409 `INVOICING.OFF` when ARCA is not configured.',
    tags: ['invoicing'],
    params: IdParams,
    responses: { 200: { description: 'What happened', schema: IssueOutcomeDto } },
    handler: async ({ actor, params }) => {
      if (!invoicing)
        throw new ConflictError('INVOICING.OFF', 'electronic invoicing is not configured on this instance (ARCA_CERT, ARCA_KEY)');
      const outcome = await invoicing.retry(actor, params.id);
      return outcome.status === 'skipped'
        ? { status: outcome.status, reason: outcome.reason, voucher: null }
        : { status: outcome.status, reason: null, voucher: toVoucherDto(outcome.invoice) };
    },
  });
}
