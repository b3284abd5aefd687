import { MANUAL_PAYMENT_METHODS } from '@mostrador/core';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Id, IdParams, MoneySchema } from '../presenters/common.js';
import { OrderDto, toOrderDto } from '../presenters/orders.js';
import { PaymentDto, toPaymentDto } from '../presenters/payments.js';
import type { ApiRoutes } from '../routing/api-routes.js';
import { Text } from '../routing/request-schema.js';
import type { RouteDeps } from './route-deps.js';

const PositiveMoney = MoneySchema.refine((money) => money.amount > 0, { message: 'must be more than zero', path: ['amount'] });

const ManualPayment = z.strictObject({
  method: z.enum(MANUAL_PAYMENT_METHODS).describe('`cash` at the counter or a bank `transfer`'),
  amount: PositiveMoney,
  reference: Text.max(200).nullish().describe("The transfer's reference, or a note"),
});

const Refund = z.strictObject({
  amount: PositiveMoney.nullish().describe('Leave out (or null) to refund all that remains'),
});

const PaymentParams = z.strictObject({ id: Id, paymentId: Id });

const IDEMPOTENCY = 'Send an `Idempotency-Key` header (1-200 characters): a retried request with the same key is applied once.';

/** The `Idempotency-Key` header, when sent. */
const idempotencyKeyOf = (request: FastifyRequest): string | null => {
  const value = request.headers['idempotency-key'];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
};

export function paymentRoutes(routes: ApiRoutes, { useCases }: RouteDeps): void {
  const { payments, orders } = useCases;

  routes.add({
    method: 'GET',
    url: '/api/v1/orders/:id/payments',
    access: 'read',
    summary: "An order's payments, oldest first",
    tags: ['payments'],
    params: IdParams,
    responses: { 200: { description: 'The payments', schema: z.object({ items: z.array(PaymentDto) }) } },
    handler: async ({ actor, params }) => ({ items: (await payments.list(actor, params.id)).map(toPaymentDto) }),
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/orders/:id/payments',
    access: 'orderStatus',
    summary: 'Record a payment taken by hand (cash, bank transfer)',
    description: `A payment of the order's total marks a placed order paid; another amount is recorded and flagged for staff (\`attention\`). ${IDEMPOTENCY}`,
    tags: ['payments'],
    params: IdParams,
    body: ManualPayment,
    responses: {
      201: { description: 'The payment and the order after it', schema: z.object({ payment: PaymentDto, order: OrderDto }) },
    },
    handler: async ({ actor, params, body, request, reply }) => {
      const { payment } = await payments.recordManual(actor, params.id, {
        method: body.method,
        amount: body.amount,
        reference: body.reference ?? null,
        idempotencyKey: idempotencyKeyOf(request),
      });
      const order = await orders.get(actor, params.id);
      reply.code(201);
      return { payment: toPaymentDto(payment), ...(order ? { order: toOrderDto(order) } : {}) };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/orders/:id/payments/:paymentId/refunds',
    access: 'orderStatus',
    summary: 'Refund a payment, in full or in part (owners and managers)',
    description: `Through the payment's provider (Mercado Pago), or recorded for a manual payment. Refunding all the money that paid an order refunds the order and restocks it. 409 \`PAYMENT.REFUND_EXCEEDS_REMAINING\` / \`PAYMENT.NOT_REFUNDABLE\`. ${IDEMPOTENCY} Without one, the request is not safe to retry.`,
    tags: ['payments'],
    params: PaymentParams,
    body: Refund.optional(),
    responses: { 200: { description: 'The payment after the refund', schema: PaymentDto } },
    handler: async ({ actor, params, body, request }) => {
      const key = idempotencyKeyOf(request) ?? `request:${request.id}`;
      return toPaymentDto(await payments.refund(actor, params.id, params.paymentId, body?.amount ?? null, key));
    },
  });
}
