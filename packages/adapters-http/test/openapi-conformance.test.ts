import type { InboundRoute } from '@mostrador/core';
import { anInvoice } from '@mostrador/testkit/mothers';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { problemStatusesOf } from '../src/routing/api-routes.js';
import { pngBytes } from './support/image-bytes.js';
import { MinimalPdfRenderer } from './support/minimal-pdf-renderer.js';
import { HTTP_METHODS, type ObservedResponse, OpenApiConformance, type OpenApiDocument, observe } from './support/openapi-conformance.js';
import { PASSWORD, startTestApp, type TestApp } from './support/test-app.js';

/**
 * The OpenAPI document at /docs/json against what the server really does: the document is valid
 * OpenAPI 3.1, and every operation in it is called for real — a success, the problems a client
 * meets, and for every secured operation a call without a token — each response checked for a
 * declared status, a declared content type and a body that satisfies the declared schema.
 */

/** Small enough that the 413 of an upload costs nothing to provoke. */
const IMAGE_BYTES = 4096;

/** Another adapter's route (a payment gateway's notifications), mounted as TOKENS.InboundRoute routes are. */
const GATEWAY_WEBHOOK: InboundRoute = {
  method: 'POST',
  path: '/webhooks/test-gateway',
  summary: 'Payment notifications of a test gateway',
  bodyLimit: 256,
  handler: async (request) =>
    request.headers['x-signature'] === 'good'
      ? { status: 200, body: { received: true } }
      : { status: 401, headers: { 'content-type': 'text/plain' }, body: 'bad signature' },
};

interface Probe {
  /** The operation, as the document names it: `GET /api/v1/products/{id}`. */
  readonly operation: string;
  /** The concrete path, query string included. */
  readonly path: string;
  readonly status: number;
  readonly token?: string;
  readonly json?: unknown;
  readonly body?: RequestInit['body'];
  readonly headers?: Record<string, string>;
}

interface Fixtures {
  readonly owner: string;
  /** A cash payment of $ 1,00 on the second order. */
  readonly paymentId: string;
  readonly viewer: string;
  readonly ownerEmail: string;
  /** Signed in only to be refreshed, reused, signed out. */
  readonly refreshTokens: readonly [string, string];
  /** A clerk who changes their own password. */
  readonly clerkToken: string;
  readonly clerkId: string;
  readonly categoryId: string;
  readonly spareCategoryId: string;
  readonly productId: string;
  readonly spareProductId: string;
  readonly imageIds: readonly [string, string];
  readonly customerId: string;
  readonly orderIds: readonly [string, string];
  readonly campaignIds: readonly [string, string];
}

const MISSING = 'no-such-id';
const csvFile = (text: string): FormData => {
  const form = new FormData();
  form.append('file', new Blob([text], { type: 'text/csv' }), 'products.csv');
  return form;
};
const imageFile = (bytes: Uint8Array, type: string): FormData => {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), 'photo');
  return form;
};
const TAX_PROFILE = {
  documentType: 'CUIT',
  documentNumber: '20-11111111-2',
  ivaCondition: 'RESPONSABLE_INSCRIPTO',
  legalName: 'Ana Pérez SRL',
  address: 'Av. Corrientes 1234',
};
const RANGE = `from=${encodeURIComponent('2025-03-10T00:00:00-03:00')}&to=${encodeURIComponent('2025-03-11T00:00:00-03:00')}`;

/** Calls for every operation of the document, in an order where each finds what it needs. */
const probesOf = (f: Fixtures): Probe[] => [
  { operation: 'GET /healthz', path: '/healthz', status: 200 },
  { operation: 'GET /healthz', path: '/healthz?verbose=1', status: 400 },
  { operation: 'GET /readyz', path: '/readyz', status: 200 },
  { operation: 'GET /.well-known/jwks.json', path: '/.well-known/jwks.json', status: 200 },

  { operation: 'POST /api/v1/auth/login', path: '/api/v1/auth/login', json: { email: f.ownerEmail, password: PASSWORD }, status: 200 },
  {
    operation: 'POST /api/v1/auth/login',
    path: '/api/v1/auth/login',
    json: { email: f.ownerEmail, password: 'not it at all' },
    status: 401,
  },
  { operation: 'POST /api/v1/auth/login', path: '/api/v1/auth/login', json: { email: f.ownerEmail }, status: 400 },
  { operation: 'POST /api/v1/auth/login', path: '/api/v1/auth/login', json: { email: `a\u0000b`, password: 'x' }, status: 422 },
  {
    operation: 'POST /api/v1/auth/login',
    path: '/api/v1/auth/login',
    body: '<login/>',
    headers: { 'content-type': 'application/xml' },
    status: 415,
  },
  { operation: 'POST /api/v1/auth/refresh', path: '/api/v1/auth/refresh', json: { refreshToken: f.refreshTokens[0] }, status: 200 },
  { operation: 'POST /api/v1/auth/refresh', path: '/api/v1/auth/refresh', json: { refreshToken: f.refreshTokens[0] }, status: 401 },
  { operation: 'POST /api/v1/auth/logout', path: '/api/v1/auth/logout', json: { refreshToken: f.refreshTokens[1] }, status: 204 },
  {
    operation: 'POST /api/v1/auth/password',
    path: '/api/v1/auth/password',
    token: f.clerkToken,
    json: { currentPassword: 'not the password', newPassword: 'another long passphrase' },
    status: 422,
  },
  {
    operation: 'POST /api/v1/auth/password',
    path: '/api/v1/auth/password',
    token: f.clerkToken,
    json: { currentPassword: PASSWORD, newPassword: 'another long passphrase' },
    status: 200,
  },
  { operation: 'GET /api/v1/auth/me', path: '/api/v1/auth/me', token: f.owner, status: 200 },
  { operation: 'GET /api/v1/auth/me', path: '/api/v1/auth/me', token: 'not-a-jwt', status: 401 },

  { operation: 'GET /api/v1/staff/users', path: '/api/v1/staff/users', token: f.owner, status: 200 },
  { operation: 'GET /api/v1/staff/users', path: '/api/v1/staff/users', token: f.viewer, status: 403 },
  {
    operation: 'POST /api/v1/staff/users',
    path: '/api/v1/staff/users',
    token: f.owner,
    json: { email: 'nueva@shop.test', name: 'Nueva', password: PASSWORD, roles: ['clerk'] },
    status: 201,
  },
  {
    operation: 'POST /api/v1/staff/users',
    path: '/api/v1/staff/users',
    token: f.owner,
    json: { email: 'nueva@shop.test', name: 'Otra', password: PASSWORD, roles: ['clerk'] },
    status: 409,
  },
  {
    operation: 'PATCH /api/v1/staff/users/{id}',
    path: `/api/v1/staff/users/${f.clerkId}`,
    token: f.owner,
    json: { name: 'Clara' },
    status: 200,
  },
  {
    operation: 'PATCH /api/v1/staff/users/{id}',
    path: `/api/v1/staff/users/${f.clerkId}`,
    token: f.viewer,
    json: { name: 'Clara' },
    status: 403,
  },
  {
    operation: 'PATCH /api/v1/staff/users/{id}',
    path: `/api/v1/staff/users/${MISSING}`,
    token: f.owner,
    json: { name: 'Nadie' },
    status: 404,
  },
  {
    operation: 'POST /api/v1/staff/users/{id}/password-reset',
    path: `/api/v1/staff/users/${f.clerkId}/password-reset`,
    token: f.owner,
    json: { newPassword: 'a reset passphrase' },
    status: 200,
  },
  { operation: 'POST /api/v1/staff/me/chat-link-code', path: '/api/v1/staff/me/chat-link-code', token: f.owner, status: 201 },

  { operation: 'GET /api/v1/products', path: '/api/v1/products?limit=5', token: f.owner, status: 200 },
  { operation: 'GET /api/v1/products', path: '/api/v1/products?limit=500', token: f.owner, status: 400 },
  {
    operation: 'POST /api/v1/products',
    path: '/api/v1/products',
    token: f.owner,
    json: { sku: 'MATE-2', name: 'Mate de calabaza', price: { amount: 1_200_000, currency: 'ARS' }, vatRate: 2100, stockOnHand: 3 },
    status: 201,
  },
  {
    operation: 'POST /api/v1/products',
    path: '/api/v1/products',
    token: f.owner,
    json: { sku: 'MATE-3', name: 'Mate\u0000', price: { amount: 100, currency: 'ARS' }, vatRate: 2100, stockOnHand: 3 },
    status: 422,
  },
  {
    operation: 'POST /api/v1/products',
    path: '/api/v1/products',
    token: f.viewer,
    json: { sku: 'MATE-4', name: 'Mate', price: { amount: 100, currency: 'ARS' }, vatRate: 2100, stockOnHand: 3 },
    status: 403,
  },
  { operation: 'GET /api/v1/products/{id}', path: `/api/v1/products/${f.productId}`, token: f.viewer, status: 200 },
  { operation: 'GET /api/v1/products/{id}', path: `/api/v1/products/${MISSING}`, token: f.viewer, status: 404 },
  { operation: 'GET /api/v1/products/{id}', path: `/api/v1/products/${'x'.repeat(200)}`, token: f.viewer, status: 414 },
  {
    operation: 'PATCH /api/v1/products/{id}',
    path: `/api/v1/products/${f.productId}`,
    token: f.owner,
    json: { description: 'Yerba con palo' },
    status: 200,
  },
  { operation: 'DELETE /api/v1/products/{id}', path: `/api/v1/products/${f.spareProductId}`, token: f.owner, status: 204 },
  {
    operation: 'POST /api/v1/products/{id}/stock-adjustments',
    path: `/api/v1/products/${f.productId}/stock-adjustments`,
    token: f.owner,
    json: { delta: -1, note: 'rotura' },
    status: 200,
  },
  {
    operation: 'POST /api/v1/products/{id}/stock-adjustments',
    path: `/api/v1/products/${f.productId}/stock-adjustments`,
    token: f.owner,
    json: { delta: -1000, note: 'demasiado' },
    status: 409,
  },
  {
    operation: 'GET /api/v1/products/{id}/stock-movements',
    path: `/api/v1/products/${f.productId}/stock-movements`,
    token: f.viewer,
    status: 200,
  },
  {
    operation: 'PUT /api/v1/products/{id}/discount',
    path: `/api/v1/products/${f.productId}/discount`,
    token: f.owner,
    json: { kind: 'percent', basisPoints: 1000 },
    status: 200,
  },
  { operation: 'DELETE /api/v1/products/{id}/discount', path: `/api/v1/products/${f.productId}/discount`, token: f.owner, status: 200 },
  {
    operation: 'POST /api/v1/products/import',
    path: '/api/v1/products/import',
    token: f.owner,
    body: 'sku,name,price,vat_rate,stock\nTE-1,Té verde,"1.500,00",21,4\n',
    headers: { 'content-type': 'text/csv' },
    status: 200,
  },
  {
    operation: 'POST /api/v1/products/import',
    path: '/api/v1/products/import',
    token: f.owner,
    body: csvFile('sku,name,price,vat_rate,stock\nTE-2,Té negro,900.00,21,2\n'),
    status: 200,
  },
  {
    operation: 'POST /api/v1/products/import',
    path: '/api/v1/products/import',
    token: f.owner,
    body: 'sku,name,price,vat_rate,stock\nTE-3,,cheap,21,-4\n',
    headers: { 'content-type': 'text/csv' },
    status: 422,
  },
  {
    operation: 'POST /api/v1/products/import',
    path: '/api/v1/products/import',
    token: f.owner,
    body: '{}',
    headers: { 'content-type': 'application/vnd.ms-excel' },
    status: 415,
  },
  { operation: 'GET /api/v1/products/export.csv', path: '/api/v1/products/export.csv', token: f.viewer, status: 200 },
  {
    operation: 'POST /api/v1/products/{id}/images',
    path: `/api/v1/products/${f.productId}/images`,
    token: f.owner,
    body: imageFile(pngBytes(32, 32), 'image/png'),
    status: 201,
  },
  {
    operation: 'POST /api/v1/products/{id}/images',
    path: `/api/v1/products/${f.productId}/images`,
    token: f.owner,
    body: imageFile(new TextEncoder().encode('just text, not an image'), 'image/png'),
    status: 415,
  },
  {
    operation: 'POST /api/v1/products/{id}/images',
    path: `/api/v1/products/${f.productId}/images`,
    token: f.owner,
    body: imageFile(new Uint8Array([0xff, 0xd8, 0xff]), 'image/jpeg'),
    status: 422,
  },
  {
    operation: 'POST /api/v1/products/{id}/images',
    path: `/api/v1/products/${f.productId}/images`,
    token: f.owner,
    body: imageFile(pngBytes(32, 32, IMAGE_BYTES * 2), 'image/png'),
    status: 413,
  },
  {
    operation: 'POST /api/v1/products/{id}/images',
    path: `/api/v1/products/${MISSING}/images`,
    token: f.owner,
    body: imageFile(pngBytes(32, 32), 'image/png'),
    status: 404,
  },
  {
    operation: 'DELETE /api/v1/products/{id}/images/{imageId}',
    path: `/api/v1/products/${f.productId}/images/${f.imageIds[1]}`,
    token: f.owner,
    status: 200,
  },
  { operation: 'GET /api/v1/images/{id}', path: `/api/v1/images/${f.imageIds[0]}`, status: 200 },
  {
    operation: 'GET /api/v1/images/{id}',
    path: `/api/v1/images/${f.imageIds[0]}`,
    headers: { 'if-none-match': `"${f.imageIds[0]}"` },
    status: 304,
  },
  { operation: 'GET /api/v1/images/{id}', path: `/api/v1/images/${MISSING}`, status: 404 },
  { operation: 'GET /api/v1/images/{id}', path: `/api/v1/images/${'x'.repeat(200)}`, status: 414 },

  { operation: 'GET /api/v1/categories', path: '/api/v1/categories', token: f.viewer, status: 200 },
  {
    operation: 'POST /api/v1/categories',
    path: '/api/v1/categories',
    token: f.owner,
    json: { slug: 'bombillas', name: 'Bombillas' },
    status: 201,
  },
  {
    operation: 'POST /api/v1/categories',
    path: '/api/v1/categories',
    token: f.owner,
    json: { slug: 'bombillas', name: 'Bombillas otra vez' },
    status: 409,
  },
  {
    operation: 'PUT /api/v1/categories/{id}',
    path: `/api/v1/categories/${f.categoryId}`,
    token: f.owner,
    json: { slug: 'yerbas', name: 'Yerbas y hierbas' },
    status: 200,
  },
  { operation: 'DELETE /api/v1/categories/{id}', path: `/api/v1/categories/${f.spareCategoryId}`, token: f.owner, status: 204 },

  { operation: 'GET /api/v1/customers', path: '/api/v1/customers?q=ana', token: f.viewer, status: 200 },
  { operation: 'GET /api/v1/customers/{id}', path: `/api/v1/customers/${f.customerId}`, token: f.viewer, status: 200 },
  { operation: 'GET /api/v1/customers/{id}', path: `/api/v1/customers/${MISSING}`, token: f.viewer, status: 404 },
  {
    operation: 'PUT /api/v1/customers/{id}/tax-profile',
    path: `/api/v1/customers/${f.customerId}/tax-profile`,
    token: f.owner,
    json: TAX_PROFILE,
    status: 200,
  },
  {
    operation: 'PUT /api/v1/customers/{id}/tax-profile',
    path: `/api/v1/customers/${f.customerId}/tax-profile`,
    token: f.owner,
    json: { ...TAX_PROFILE, documentNumber: '20111111113' },
    status: 422,
  },
  {
    operation: 'DELETE /api/v1/customers/{id}/tax-profile',
    path: `/api/v1/customers/${f.customerId}/tax-profile`,
    token: f.owner,
    status: 200,
  },

  { operation: 'GET /api/v1/orders', path: '/api/v1/orders', token: f.viewer, status: 200 },
  { operation: 'GET /api/v1/orders/{id}', path: `/api/v1/orders/${f.orderIds[0]}`, token: f.viewer, status: 200 },
  {
    operation: 'POST /api/v1/orders/{id}/status',
    path: `/api/v1/orders/${f.orderIds[0]}/status`,
    token: f.owner,
    json: { to: 'paid' },
    status: 200,
  },
  {
    operation: 'POST /api/v1/orders/{id}/status',
    path: `/api/v1/orders/${f.orderIds[0]}/status`,
    token: f.owner,
    json: { to: 'placed' },
    status: 409,
  },
  { operation: 'POST /api/v1/orders/{id}/cancel', path: `/api/v1/orders/${f.orderIds[1]}/cancel`, token: f.owner, status: 200 },
  { operation: 'GET /api/v1/orders/{id}/payments', path: `/api/v1/orders/${f.orderIds[1]}/payments`, token: f.viewer, status: 200 },
  {
    operation: 'POST /api/v1/orders/{id}/payments',
    path: `/api/v1/orders/${f.orderIds[0]}/payments`,
    token: f.owner,
    json: { method: 'cash', amount: { amount: 100, currency: 'ARS' } },
    status: 201,
  },
  {
    operation: 'POST /api/v1/orders/{id}/payments',
    path: `/api/v1/orders/${f.orderIds[0]}/payments`,
    token: f.owner,
    json: { method: 'barter', amount: { amount: 100, currency: 'ARS' } },
    status: 400,
  },
  {
    operation: 'POST /api/v1/orders/{id}/payments/{paymentId}/refunds',
    path: `/api/v1/orders/${f.orderIds[1]}/payments/${f.paymentId}/refunds`,
    token: f.owner,
    json: { amount: { amount: 50, currency: 'ARS' } },
    status: 200,
  },
  {
    operation: 'POST /api/v1/orders/{id}/payments/{paymentId}/refunds',
    path: `/api/v1/orders/${f.orderIds[1]}/payments/${f.paymentId}/refunds`,
    token: f.owner,
    json: { amount: { amount: 5_000, currency: 'ARS' } },
    status: 409,
  },
  {
    operation: 'POST /api/v1/orders',
    path: '/api/v1/orders',
    token: f.owner,
    json: { lines: [{ productId: f.productId, quantity: 1 }], payment: { method: 'cash' } },
    status: 201,
  },
  {
    operation: 'POST /api/v1/orders',
    path: '/api/v1/orders',
    token: f.owner,
    json: { lines: [{ productId: f.productId, quantity: 999 }], payment: { method: 'cash' } },
    status: 409,
  },
  {
    operation: 'POST /api/v1/orders/{id}/invoice/retry',
    path: `/api/v1/orders/${f.orderIds[0]}/invoice/retry`,
    token: f.owner,
    status: 200,
  },
  { operation: 'GET /api/v1/orders/{id}/invoice', path: `/api/v1/orders/${f.orderIds[0]}/invoice`, token: f.viewer, status: 200 },
  { operation: 'GET /api/v1/orders/{id}/invoice', path: `/api/v1/orders/${MISSING}/invoice`, token: f.viewer, status: 404 },
  { operation: 'GET /api/v1/reports/sales-summary', path: `/api/v1/reports/sales-summary?${RANGE}`, token: f.owner, status: 200 },
  { operation: 'GET /api/v1/reports/sales-summary', path: '/api/v1/reports/sales-summary', token: f.owner, status: 400 },
  {
    operation: 'GET /api/v1/reports/{name}',
    path: '/api/v1/reports/sales-by-day?from=2025-03-01&to=2025-03-31',
    token: f.owner,
    status: 200,
  },
  { operation: 'GET /api/v1/reports/{name}', path: '/api/v1/reports/inventory', token: f.owner, status: 200 },
  { operation: 'GET /api/v1/reports/{name}', path: '/api/v1/reports/sales-by-day', token: f.owner, status: 422 },
  {
    operation: 'GET /api/v1/reports/{name}',
    path: '/api/v1/reports/sales-by-day?from=2025-13-01&to=2025-03-31',
    token: f.owner,
    status: 400,
  },
  { operation: 'GET /api/v1/reports/{name}', path: '/api/v1/reports/inventory', token: f.viewer, status: 403 },
  { operation: 'GET /api/v1/orders/{id}/invoice.pdf', path: `/api/v1/orders/${f.orderIds[1]}/invoice.pdf`, token: f.viewer, status: 200 },
  { operation: 'GET /api/v1/orders/{id}/invoice.pdf', path: `/api/v1/orders/${MISSING}/invoice.pdf`, token: f.viewer, status: 404 },
  {
    operation: 'GET /api/v1/orders/{id}/invoice.pdf',
    path: `/api/v1/orders/${f.orderIds[0]}/invoice.pdf?lang=fr`,
    token: f.viewer,
    status: 400,
  },

  {
    operation: 'POST /api/v1/campaigns',
    path: '/api/v1/campaigns',
    token: f.owner,
    json: { name: 'Hot Sale', text: '*Hot Sale*', productIds: [f.productId], segment: { kind: 'category', categoryId: f.categoryId } },
    status: 201,
  },
  {
    operation: 'POST /api/v1/campaigns',
    path: '/api/v1/campaigns',
    token: f.owner,
    json: { name: 'X', segment: { kind: 'all' } },
    status: 400,
  },
  {
    operation: 'POST /api/v1/campaigns',
    path: '/api/v1/campaigns',
    token: f.owner,
    json: { name: 'X', text: 'Y', segment: { kind: 'category', categoryId: MISSING } },
    status: 422,
  },
  { operation: 'GET /api/v1/campaigns', path: '/api/v1/campaigns', token: f.viewer, status: 200 },
  { operation: 'GET /api/v1/campaigns/{id}', path: `/api/v1/campaigns/${f.campaignIds[0]}`, token: f.viewer, status: 200 },
  { operation: 'GET /api/v1/campaigns/{id}', path: `/api/v1/campaigns/${MISSING}`, token: f.viewer, status: 404 },
  { operation: 'POST /api/v1/campaigns/{id}/pause', path: `/api/v1/campaigns/${f.campaignIds[0]}/pause`, token: f.owner, status: 200 },
  { operation: 'POST /api/v1/campaigns/{id}/pause', path: `/api/v1/campaigns/${f.campaignIds[0]}/pause`, token: f.owner, status: 409 },
  { operation: 'POST /api/v1/campaigns/{id}/resume', path: `/api/v1/campaigns/${f.campaignIds[0]}/resume`, token: f.owner, status: 200 },
  { operation: 'POST /api/v1/campaigns/{id}/cancel', path: `/api/v1/campaigns/${f.campaignIds[1]}/cancel`, token: f.owner, status: 200 },

  {
    operation: 'POST /webhooks/test-gateway',
    path: '/webhooks/test-gateway',
    json: { payment: 'p-1' },
    headers: { 'x-signature': 'good' },
    status: 200,
  },
  { operation: 'POST /webhooks/test-gateway', path: '/webhooks/test-gateway', json: { payment: 'p-1' }, status: 401 },
  {
    operation: 'POST /webhooks/test-gateway',
    path: '/webhooks/test-gateway',
    json: { payment: 'p'.repeat(1000) },
    headers: { 'x-signature': 'good' },
    status: 413,
  },
];

let t: TestApp;
let document: OpenApiDocument;
let conformance: OpenApiConformance;

const operationsOf = (doc: OpenApiDocument): string[] =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => (HTTP_METHODS as readonly string[]).includes(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );

const send = (probe: Probe, token: string | undefined): Promise<Response> => {
  const method = probe.operation.split(' ')[0]!;
  return t.call(method, probe.path, {
    ...(token ? { token } : {}),
    ...(probe.json !== undefined ? { json: probe.json } : {}),
    ...(probe.body !== undefined ? { body: probe.body } : {}),
    ...(probe.headers ? { headers: probe.headers } : {}),
  });
};

const checkProbe = (probe: Probe, observed: ObservedResponse): string[] => {
  const [method, template] = probe.operation.split(' ') as [string, string];
  const problems = conformance.check(method, template, observed);
  if (observed.status !== probe.status) {
    problems.unshift(
      `${probe.operation} (${probe.path}): expected ${probe.status}, got ${observed.status} ${new TextDecoder().decode(observed.body).slice(0, 300)}`,
    );
  }
  return problems;
};

async function seed(app: TestApp): Promise<Fixtures> {
  const ownerEmail = await app.addStaff(['owner']);
  const owner = (await app.login(ownerEmail)).accessToken;
  const viewer = await app.tokenFor(['viewer']);
  const refreshTokens = [(await app.login(ownerEmail)).refreshToken, (await app.login(ownerEmail)).refreshToken] as const;
  const clerkEmail = await app.addStaff(['clerk']);
  const clerkToken = (await app.login(clerkEmail)).accessToken;
  const clerkId = ((await (await app.call('GET', '/api/v1/auth/me', { token: clerkToken })).json()) as { id: string }).id;

  const json = async (response: Response): Promise<{ id: string; images?: { id: string }[] }> => {
    if (response.status >= 300) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as never;
  };
  const categoryId = (await json(await app.call('POST', '/api/v1/categories', { token: owner, json: { slug: 'yerbas', name: 'Yerbas' } })))
    .id;
  const spareCategoryId = (
    await json(await app.call('POST', '/api/v1/categories', { token: owner, json: { slug: 'sobrante', name: 'Sobrante' } }))
  ).id;
  const product = (sku: string) =>
    app.call('POST', '/api/v1/products', {
      token: owner,
      json: { sku, name: `Producto ${sku}`, price: { amount: 250_000, currency: 'ARS' }, vatRate: 2100, stockOnHand: 10, categoryId },
    });
  const productId = (await json(await product('YERBA-1'))).id;
  const spareProductId = (await json(await product('YERBA-2'))).id;
  const upload = () =>
    app.call('POST', `/api/v1/products/${productId}/images`, { token: owner, body: imageFile(pngBytes(16, 16), 'image/png') });
  await json(await upload());
  const images = (await json(await upload())).images!;

  const customerId = (
    await app.useCases.customers.identify({ channel: 'telegram', userId: '4242' }, { displayName: 'Ana Pérez', language: 'es' })
  ).id;
  const placeOrder = async () => {
    await app.useCases.cart.add(customerId, 'telegram', productId, 1);
    const order = await app.useCases.orders.place({
      customerId,
      channel: 'telegram',
      contact: { name: 'Ana Pérez', phone: '+5491155550000' },
      delivery: { method: 'pickup', address: null },
      billing: null,
    });
    return order.id;
  };
  const orderIds = [await placeOrder(), await placeOrder()] as const;
  const campaign = async () =>
    (await app.useCases.marketing.createCampaign({ kind: 'system' }, { name: 'Promo', text: 'Promo', segment: { kind: 'all' } })).campaign
      .id;
  const campaignIds = [await campaign(), await campaign()] as const;
  // A small cash payment on the second order: recorded and flagged, the order stays placed.
  const { payment } = await app.useCases.payments.recordManual({ kind: 'system' }, orderIds[1], {
    method: 'cash',
    amount: { amount: 100, currency: 'ARS' },
    reference: null,
    idempotencyKey: null,
  });
  // The second order's authorized voucher, for its PDF.
  await t.uow.repositories.invoices.save(
    anInvoice({
      orderId: orderIds[1],
      pointOfSale: 9,
      status: 'authorized',
      cae: '71234567890123',
      caeDueDate: new Date('2025-03-20T03:00:00Z'),
    }),
  );
  return {
    paymentId: payment.id,
    owner,
    viewer,
    ownerEmail,
    refreshTokens,
    clerkToken,
    clerkId,
    categoryId,
    spareCategoryId,
    productId,
    spareProductId,
    imageIds: [images[0]!.id, images[1]!.id],
    customerId,
    orderIds,
    campaignIds,
  };
}

beforeAll(async () => {
  t = await startTestApp({ limits: { imageBytes: IMAGE_BYTES }, routes: [GATEWAY_WEBHOOK], renderer: new MinimalPdfRenderer() });
  const response = await t.call('GET', '/docs/json');
  expect(response.status).toBe(200);
  document = (await response.json()) as OpenApiDocument;
  conformance = new OpenApiConformance(document);
});
afterAll(async () => {
  await t.close();
});

describe('the OpenAPI document', () => {
  test('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  test('declares problems as application/problem+json, no catch-all, no body on 204/304, files as files', () => {
    for (const operation of operationsOf(document)) {
      const [method, path] = operation.split(' ') as [string, string];
      const responses = conformance.operation(method, path)!.responses;
      expect(responses, operation).not.toHaveProperty('default');
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) >= 400)
          expect(response.content, `${operation} ${status}`).toEqual({
            'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
          });
        if (status === '204' || status === '304') expect(response.content, `${operation} ${status}`).toBeUndefined();
      }
    }
    const upload = document.paths['/api/v1/products/{id}/images']!.post as unknown as {
      requestBody: { content: Record<string, { schema: { required: string[]; properties: Record<string, { format: string }> } }> };
    };
    expect(upload.requestBody.content['multipart/form-data']!.schema).toMatchObject({
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    });
    const importing = document.paths['/api/v1/products/import']!.post as unknown as { requestBody: { content: Record<string, unknown> } };
    expect(Object.keys(importing.requestBody.content).sort()).toEqual(['multipart/form-data', 'text/csv']);
    expect(document.components?.schemas?.Problem).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['type', 'title', 'status', 'detail', 'code', 'instance', 'requestId']),
    });
    // Another adapter's route: its own answers, and problems from the HTTP layer.
    const webhook = document.paths['/webhooks/test-gateway']!.post!.responses;
    expect(Object.keys(webhook).sort()).toEqual(['2XX', '4XX', '5XX']);
    expect(webhook['4XX']!.content!['application/problem+json']!.schema).toEqual({ $ref: '#/components/schemas/Problem' });
    const bodyRequired = (path: string) =>
      (document.paths[path]!.post as unknown as { requestBody: { required: boolean } }).requestBody.required;
    expect(bodyRequired('/api/v1/orders/{id}/cancel')).toBe(false);
    expect(bodyRequired('/api/v1/auth/login')).toBe(true);
    const jwks = document.paths['/.well-known/jwks.json']!.get!.responses['200']!.content!['application/jwk-set+json']!.schema!;
    expect(jwks).toMatchObject({ type: 'object', required: ['keys'] });
  });

  test('the check refuses what the document does not declare', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    const response = (
      status: number,
      contentType: string | null,
      body: string,
      headers: Record<string, string> = {},
    ): ObservedResponse => ({
      status,
      contentType,
      headers: new Headers({ 'x-request-id': 'r', ...(contentType ? { 'content-type': contentType } : {}), ...headers }),
      body: bytes(body),
    });
    const problem = JSON.stringify({
      type: 'urn:mostrador:problem:x',
      title: 'Not found',
      status: 404,
      detail: 'd',
      code: 'X',
      instance: '/healthz',
      requestId: 'r',
    });
    // A status the route never declared.
    expect(conformance.check('GET', '/healthz', response(418, 'application/problem+json', problem))).not.toEqual([]);
    // A declared status with the wrong media type (a problem sent as plain JSON).
    expect(conformance.check('GET', '/api/v1/products/{id}', response(404, 'application/json', problem))).not.toEqual([]);
    // A problem without its requestId (the Problem component is really applied).
    const { requestId: _requestId, ...withoutRequestId } = JSON.parse(problem) as Record<string, unknown>;
    expect(
      conformance.check('GET', '/api/v1/products/{id}', response(404, 'application/problem+json', JSON.stringify(withoutRequestId))),
    ).not.toEqual([]);
    // A body missing a required member.
    expect(conformance.check('GET', '/healthz', response(200, 'application/json', '{}'))).not.toEqual([]);
    // A body on a response declared without one.
    expect(conformance.check('POST', '/api/v1/auth/logout', response(204, 'application/json', '{}'))).not.toEqual([]);
    // An answer without the x-request-id every answer declares.
    expect(
      conformance.check('GET', '/healthz', { ...response(200, 'application/json', '{"status":"ok"}'), headers: new Headers() }),
    ).not.toEqual([]);
    // A 401 without its declared WWW-Authenticate header.
    expect(
      conformance.check('GET', '/api/v1/auth/me', response(401, 'application/problem+json', problem.replace('404', '401'))),
    ).not.toEqual([]);
    // And the same shapes done right pass.
    expect(conformance.check('GET', '/healthz', response(200, 'application/json; charset=utf-8', '{"status":"ok"}'))).toEqual([]);
    expect(conformance.check('GET', '/api/v1/products/{id}', response(404, 'application/problem+json', problem))).toEqual([]);
  });
});

describe('every operation answers as the document says', () => {
  test('a success, its problems, and 401 without a token, for every path and method', async () => {
    const fixtures = await seed(t);
    const probes = probesOf(fixtures);
    const operations = operationsOf(document);
    // Every operation is probed, and nothing is probed that the document does not know.
    expect([...new Set(probes.map((probe) => probe.operation))].sort()).toEqual([...operations].sort());

    const violations: string[] = [];
    const seen = new Map<string, Set<number>>();
    for (const probe of probes) {
      const observed = await observe(await send(probe, probe.token));
      violations.push(...checkProbe(probe, observed));
      seen.set(probe.operation, new Set([...(seen.get(probe.operation) ?? []), observed.status]));
    }
    // A secured operation called without a token, with the body of its first probe.
    for (const operation of operations) {
      const [method, path] = operation.split(' ') as [string, string];
      if (!conformance.operation(method, path)!.security) continue;
      const first = probes.find((probe) => probe.operation === operation)!;
      const observed = await observe(await send({ ...first, status: 401 }, undefined));
      violations.push(...checkProbe({ ...first, status: 401 }, observed));
      seen.get(operation)!.add(observed.status);
    }
    expect(violations).toEqual([]);
    for (const operation of operations) {
      const statuses = [...seen.get(operation)!];
      expect(
        statuses.some((status) => status < 300),
        `${operation} answered ${statuses.join(', ')}`,
      ).toBe(true);
    }
  });
});

describe('problem statuses derived from a route’s shape', () => {
  const body = z.strictObject({ name: z.string() });
  test('a public read without input: only the malformed request and the failures', () => {
    expect(problemStatusesOf({ method: 'GET', url: '/healthz', access: 'public', usesServices: false })).toEqual([400, 500]);
    expect(problemStatusesOf({ method: 'GET', url: '/readyz', access: 'public' })).toEqual([400, 500, 502, 503]);
  });
  test('a signed-in read of one record: 401, 403 for a capability, 404 and 414 for its id, 422 for input', () => {
    expect(problemStatusesOf({ method: 'GET', url: '/x/:id', access: 'read', params: body })).toEqual([
      400, 401, 403, 404, 414, 422, 500, 502, 503,
    ]);
    expect(problemStatusesOf({ method: 'GET', url: '/me', access: 'authenticated' })).toEqual([400, 401, 500, 502, 503]);
  });
  test('a write: body size and type, conflicts, refusals; a public write names no record and has no state to conflict with', () => {
    expect(problemStatusesOf({ method: 'POST', url: '/x', access: 'catalog', body })).toEqual([
      400, 401, 403, 404, 409, 413, 415, 422, 500, 502, 503,
    ]);
    expect(problemStatusesOf({ method: 'POST', url: '/login', access: 'public', body })).toEqual([400, 413, 415, 422, 500, 502, 503]);
  });
});
