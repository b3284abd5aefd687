import type { InboundRequest, InboundResponse, InboundRoute } from '@mostrador/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpProblem } from '../problems/problem.js';

const flatten = (record: Readonly<Record<string, unknown>>): Record<string, string | undefined> => {
  const flat: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'string') flat[key] = value;
    else if (Array.isArray(value)) flat[key] = value.map(String).join(', ');
    else if (value !== undefined) flat[key] = String(value);
  }
  return flat;
};

/** The parsed body of a raw one: JSON, form fields or text; `null` for binary or no body. */
function parseBody(contentType: string | undefined, raw: Buffer | null): unknown {
  if (raw === null || raw.length === 0) return null;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return JSON.parse(raw.toString('utf8'));
    } catch {
      throw new HttpProblem(400, 'REQUEST.MALFORMED_JSON', 'the request body is not valid JSON');
    }
  }
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  if (type.startsWith('text/')) return raw.toString('utf8');
  return null;
}

export function toInboundRequest(request: FastifyRequest): InboundRequest {
  const raw = Buffer.isBuffer(request.body) ? request.body : null;
  return {
    headers: flatten(request.headers),
    query: flatten((request.query ?? {}) as Record<string, unknown>),
    body: parseBody(request.headers['content-type'], raw),
    rawBody: raw === null ? null : new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength),
  };
}

const isBytes = (body: unknown): body is Uint8Array => body instanceof Uint8Array;

const describeRoute = (route: InboundRoute): string => `${route.method} ${route.path}`;

/**
 * Checks the bound routes before anything listens: every path an absolute literal (Fastify's
 * `:param` and `*` are not part of the framework-free shape) and no method and path bound twice,
 * so two adapters claiming one webhook fail the start instead of one silently shadowing the other.
 */
export function checkInboundRoutes(routes: readonly InboundRoute[]): void {
  const seen = new Set<string>();
  for (const route of routes) {
    if (!route.path.startsWith('/') || route.path.includes(':') || route.path.includes('*')) {
      throw new TypeError(`inbound route ${describeRoute(route)}: the path must be an absolute literal path (no parameters or wildcards)`);
    }
    const key = describeRoute(route);
    if (seen.has(key)) throw new Error(`inbound route ${key} is bound twice (TOKENS.InboundRoute); each method and path may be bound once`);
    seen.add(key);
  }
}

/**
 * What an inbound route may answer, for the document: the adapter decides its own statuses and
 * bodies (a webhook's sender reads them, not an API client), and whatever the HTTP layer refuses
 * or a handler throws is a problem document. The problem schema becomes a reference to the
 * document's `Problem` (`ApiRoutes.finishDocument`).
 */
const INBOUND_RESPONSES = {
  '2XX': { description: 'Handled; the body, if any, is the integration’s own', content: { '*/*': { schema: {} } } },
  '4XX': {
    description: 'Refused by the integration (its own body, e.g. a wrong secret or signature) or by the HTTP layer (a problem)',
    content: { 'application/problem+json': { schema: { type: 'object' } }, '*/*': { schema: {} } },
  },
  '5XX': { description: 'The handler failed (a problem)', content: { 'application/problem+json': { schema: { type: 'object' } } } },
};

/**
 * Serves the routes other adapters bound under `TOKENS.InboundRoute` in their own scope, where
 * every body is kept raw (webhook signatures are computed over the exact bytes) and parsed for
 * them afterwards. Call `checkInboundRoutes` first.
 */
export function mountInboundRoutes(app: FastifyInstance, routes: readonly InboundRoute[], defaultBodyLimit: number): void {
  if (routes.length === 0) return;
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    for (const route of routes) {
      scope.route({
        method: route.method,
        url: route.path,
        bodyLimit: route.bodyLimit ?? defaultBodyLimit,
        schema: route.summary ? { summary: route.summary, tags: ['integrations'], response: INBOUND_RESPONSES } : { hide: true },
        handler: async (request, reply) => {
          const response: InboundResponse = await route.handler(toInboundRequest(request));
          for (const [name, value] of Object.entries(response.headers ?? {})) reply.header(name, value);
          reply.code(response.status);
          if (response.body === undefined || response.body === null) return reply.send();
          if (typeof response.body === 'string' || isBytes(response.body))
            return reply.send(isBytes(response.body) ? Buffer.from(response.body) : response.body);
          return reply.type('application/json; charset=utf-8').send(JSON.stringify(response.body));
        },
      });
    }
  });
}
