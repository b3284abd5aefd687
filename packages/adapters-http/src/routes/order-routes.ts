import { NotFoundError, type OrderFilter, type OrderStatus } from '@mostrador/core';
import { z } from 'zod';
import { DateTimeInput, Id, IdParams, PaginationQuery, pageSchema, toPageDto } from '../presenters/common.js';
import { OrderDto, OrderStatusSchema, SalesSummaryDto, toOrderDto, toSalesSummaryDto } from '../presenters/orders.js';
import type { ApiRoutes } from '../routing/api-routes.js';
import { Text } from '../routing/request-schema.js';
import type { RouteDeps } from './route-deps.js';

/** `status=paid,shipped` (or the parameter repeated). */
const StatusList = z
  .union([Text, z.array(Text)])
  .transform((value) =>
    (Array.isArray(value) ? value : [value])
      .flatMap((part) => part.split(','))
      .map((part) => part.trim())
      .filter(Boolean),
  )
  .pipe(z.array(OrderStatusSchema).min(1))
  .describe('Comma-separated statuses, e.g. `paid,invoiced`');

const OrderListQuery = PaginationQuery.extend({
  status: StatusList.optional(),
  from: DateTimeInput.optional().describe('Created at or after (ISO 8601 with offset)'),
  to: DateTimeInput.optional().describe('Created before (ISO 8601 with offset)'),
  customerId: Id.optional(),
  contact: Text.max(100)
    .optional()
    .describe("The contact's name (ignoring case and accents) or phone (by its digits) contains this, e.g. `perez` or `5555 0000`"),
});

const StatusChange = z.strictObject({ to: OrderStatusSchema, note: Text.max(500).nullish() });
const Cancellation = z.strictObject({ reason: Text.max(500).nullish() });
const RangeQuery = z.strictObject({ from: DateTimeInput, to: DateTimeInput });

export function orderRoutes(routes: ApiRoutes, { useCases }: RouteDeps): void {
  const { orders } = useCases;

  routes.add({
    method: 'GET',
    url: '/api/v1/orders',
    access: 'read',
    summary: 'List orders, newest first',
    tags: ['orders'],
    query: OrderListQuery,
    responses: { 200: { description: 'A page of orders', schema: pageSchema(OrderDto) } },
    handler: async ({ actor, query }) => {
      const filter: OrderFilter = {
        ...(query.status ? { status: query.status as OrderStatus[] } : {}),
        ...(query.from ? { createdFrom: query.from } : {}),
        ...(query.to ? { createdTo: query.to } : {}),
        ...(query.customerId ? { customerId: query.customerId } : {}),
        ...(query.contact ? { contactQuery: query.contact } : {}),
      };
      return toPageDto(await orders.list(actor, filter, { offset: query.offset, limit: query.limit }), toOrderDto);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/orders/:id',
    access: 'read',
    summary: 'One order',
    tags: ['orders'],
    params: IdParams,
    responses: { 200: { description: 'The order', schema: OrderDto } },
    handler: async ({ actor, params }) => {
      const order = await orders.get(actor, params.id);
      if (!order) throw new NotFoundError('order', params.id);
      return toOrderDto(order);
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/orders/:id/status',
    access: 'orderStatus',
    summary: 'Move an order along its state machine',
    description:
      'placed → paid | cancelled | expired; paid → invoiced | shipped | refunded; invoiced → shipped; shipped → delivered. Anything else: 409 `ORDER.ILLEGAL_TRANSITION`.',
    tags: ['orders'],
    params: IdParams,
    body: StatusChange,
    responses: { 200: { description: 'The order', schema: OrderDto } },
    handler: async ({ actor, params, body }) => toOrderDto(await orders.changeStatus(actor, params.id, body.to, body.note ?? null)),
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/orders/:id/cancel',
    access: 'orderStatus',
    summary: 'Cancel a placed order (its reservation is released)',
    tags: ['orders'],
    params: IdParams,
    body: Cancellation.optional(),
    responses: { 200: { description: 'The order', schema: OrderDto } },
    handler: async ({ actor, params, body }) => toOrderDto(await orders.cancel(actor, params.id, body?.reason ?? null)),
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/reports/sales-summary',
    access: 'reports',
    summary: 'Orders and revenue in [from, to)',
    tags: ['reports'],
    query: RangeQuery,
    responses: { 200: { description: 'The summary', schema: SalesSummaryDto } },
    handler: async ({ actor, query }) => toSalesSummaryDto(await orders.salesSummary(actor, { from: query.from, to: query.to })),
  });
}
