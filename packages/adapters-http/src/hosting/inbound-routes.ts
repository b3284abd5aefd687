import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpProblem } from '../problems/problem.js';
import type { ExternalRoute, MinimalRequest, MinimalResponse } from './route-registry.js';

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

export function toMinimalRequest(request: FastifyRequest): MinimalRequest {
  const raw = Buffer.isBuffer(request.body) ? request.body : null;
  return {
    headers: flatten(request.headers),
    query: flatten((request.query ?? {}) as Record<string, unknown>),
    body: parseBody(request.headers['content-type'], raw),
    rawBody: raw === null ? null : new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength),
  };
}

const isBytes = (body: unknown): body is Uint8Array => body instanceof Uint8Array;

/**
 * Serves other adapters' routes in their own scope, where every body is kept raw (webhook
 * signatures are computed over the exact bytes) and parsed for them afterwards.
 */
export function mountExternalRoutes(app: FastifyInstance, routes: readonly ExternalRoute[], defaultBodyLimit: number): void {
  if (routes.length === 0) return;
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    for (const route of routes) {
      scope.route({
        method: route.method,
        url: route.url,
        bodyLimit: route.bodyLimit ?? defaultBodyLimit,
        schema: route.summary ? { summary: route.summary, tags: ['integrations'] } : { hide: true },
        handler: async (request, reply) => {
          const response: MinimalResponse = await route.handler(toMinimalRequest(request));
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
