import { NotFoundError } from '@mostrador/core';
import { IdParams, PaginationQuery, pageSchema, toPageDto } from '../presenters/common.js';
import { TaxProfileSchema } from '../presenters/orders.js';
import { CustomerDto, toCustomerDto } from '../presenters/people.js';
import type { ApiRoutes } from '../routing/api-routes.js';
import { Text } from '../routing/request-schema.js';
import type { RouteDeps } from './route-deps.js';

const CustomerListQuery = PaginationQuery.extend({ q: Text.min(1).max(200).optional().describe('Name, phone or email contains') });

export function customerRoutes(routes: ApiRoutes, { useCases }: RouteDeps): void {
  const { customers } = useCases;

  routes.add({
    method: 'GET',
    url: '/api/v1/customers',
    access: 'read',
    summary: 'List or search customers',
    tags: ['customers'],
    query: CustomerListQuery,
    responses: { 200: { description: 'A page of customers', schema: pageSchema(CustomerDto) } },
    handler: async ({ actor, query }) => {
      const page = await customers.list(actor, query.q === undefined ? {} : { query: query.q }, {
        offset: query.offset,
        limit: query.limit,
      });
      return toPageDto(page, toCustomerDto);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/customers/:id',
    access: 'read',
    summary: 'One customer',
    tags: ['customers'],
    params: IdParams,
    responses: { 200: { description: 'The customer', schema: CustomerDto } },
    handler: async ({ params }) => {
      const customer = await customers.get(params.id);
      if (!customer) throw new NotFoundError('customer', params.id);
      return toCustomerDto(customer);
    },
  });

  routes.add({
    method: 'PUT',
    url: '/api/v1/customers/:id/tax-profile',
    access: 'customers',
    summary: "Set a customer's tax data (for identified invoices)",
    description: 'The document number is checked (CUIT/CUIL check digit) by the use case.',
    tags: ['customers'],
    params: IdParams,
    body: TaxProfileSchema,
    responses: { 200: { description: 'The customer', schema: CustomerDto } },
    handler: async ({ actor, params, body }) => toCustomerDto(await customers.update(actor, params.id, { taxProfile: body })),
  });

  routes.add({
    method: 'DELETE',
    url: '/api/v1/customers/:id/tax-profile',
    access: 'customers',
    summary: "Clear a customer's tax data (consumidor final)",
    tags: ['customers'],
    params: IdParams,
    responses: { 200: { description: 'The customer', schema: CustomerDto } },
    handler: async ({ actor, params }) => toCustomerDto(await customers.update(actor, params.id, { taxProfile: null })),
  });
}
