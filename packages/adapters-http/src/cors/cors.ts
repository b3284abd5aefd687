import type { FastifyInstance, FastifyReply } from 'fastify';
import { HttpProblem } from '../problems/problem.js';

/**
 * Cross-origin access for browser pages on other origins (a shop's back office). Off unless
 * origins are given. Tokens travel in the Authorization header, never in cookies, so
 * `Access-Control-Allow-Credentials` is never sent.
 */
export interface CorsOptions {
  /**
   * Exact origins allowed to call `/api/v1` from a browser, serialized as browsers send them
   * (`https://admin.shop.example`, `http://localhost:5173`: lower case, no default port, no path),
   * or `'*'` for any origin. An empty list turns CORS off: no CORS header is ever sent.
   */
  readonly origins: '*' | readonly string[];
  /** How long a browser may reuse a preflight answer. Default 600 s. */
  readonly maxAgeSeconds?: number;
}

export const DEFAULT_CORS_MAX_AGE_SECONDS = 600;

/** What a browser page may send: the methods of the API and the headers it reads. */
export const CORS_ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
export const CORS_ALLOWED_HEADERS = 'Authorization, Content-Type, Accept-Language, X-Request-Id';
/** Response headers a page may read besides the safelisted ones (Content-Type, Cache-Control...). */
export const CORS_EXPOSED_HEADERS = 'X-Request-Id, Location, Retry-After, WWW-Authenticate, Content-Disposition';

const API_PREFIX = '/api/v1';
const JWKS_PATH = '/.well-known/jwks.json';

/** True when `value` is an http(s) origin exactly as a browser serializes it in the `Origin` header. */
export function isSerializedOrigin(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
}

interface CorsPolicy {
  /** `null`: any origin (`*`). */
  readonly origins: ReadonlySet<string> | null;
  readonly maxAgeSeconds: number;
}

function policyOf(options: CorsOptions | undefined): CorsPolicy | null {
  if (!options) return null;
  const maxAgeSeconds = options.maxAgeSeconds ?? DEFAULT_CORS_MAX_AGE_SECONDS;
  if (options.origins === '*') return { origins: null, maxAgeSeconds };
  if (options.origins.length === 0) return null;
  for (const origin of options.origins) {
    if (!isSerializedOrigin(origin))
      throw new TypeError(`CORS origin ${JSON.stringify(origin)} is not an origin as browsers send it (scheme://host[:port], no path)`);
  }
  return { origins: new Set(options.origins), maxAgeSeconds };
}

/**
 * Which policy a path falls under: the API follows the allow-list; the JWKS (public keys, no
 * credentials) may be read from any origin; health probes, `/docs` and other adapters' webhooks
 * are for servers, not browser pages, and get no CORS header.
 */
const scopeOf = (url: string): 'api' | 'public' | null => {
  const path = url.split('?')[0] ?? url;
  if (path === JWKS_PATH) return 'public';
  if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) return 'api';
  return null;
};

const addVary = (reply: FastifyReply, name: string): void => {
  const current = reply.getHeader('vary');
  const values =
    current === undefined
      ? []
      : String(current)
          .split(',')
          .map((v) => v.trim());
  if (values.includes('*') || values.some((v) => v.toLowerCase() === name.toLowerCase())) return;
  reply.header('vary', [...values.filter((v) => v !== ''), name].join(', '));
};

/**
 * Adds CORS to every response in scope, from an `onRequest` hook so that problems (401, 404, 429,
 * 500...) carry the headers too and a browser page can read them. Preflights are answered here:
 * 204 for an allowed origin; 403 problem without any `Access-Control-Allow-*` header for another one
 * (the browser blocks it either way; the status says why in the network panel and the logs).
 * Requests from other origins are served as before but without CORS headers: same-origin pages and
 * non-browser clients may send `Origin` too, and the browser keeps the answer from the foreign page.
 */
export function installCors(app: FastifyInstance, options: CorsOptions | undefined): void {
  const policy = policyOf(options);
  if (!policy) return;
  const maxAge = String(policy.maxAgeSeconds);

  app.addHook('onRequest', async (request, reply) => {
    const scope = scopeOf(request.url);
    if (!scope) return;
    const origin = request.headers.origin;
    const anyOrigin = scope === 'public' || policy.origins === null;
    // With an allow-list the answer depends on Origin: shared caches must keep one copy per origin.
    if (!anyOrigin) addVary(reply, 'Origin');
    const allowOrigin = anyOrigin ? '*' : origin !== undefined && policy.origins?.has(origin) ? origin : null;

    const preflight =
      request.method === 'OPTIONS' && origin !== undefined && request.headers['access-control-request-method'] !== undefined;
    if (preflight) {
      if (allowOrigin === null) {
        request.log.info({ origin }, 'CORS preflight refused: origin not allowed');
        throw new HttpProblem(403, 'CORS.ORIGIN_NOT_ALLOWED', 'this origin may not call the API from a browser (CORS)');
      }
      reply
        .header('access-control-allow-origin', allowOrigin)
        .header('access-control-allow-methods', scope === 'public' ? 'GET, HEAD' : CORS_ALLOWED_METHODS)
        .header('access-control-allow-headers', CORS_ALLOWED_HEADERS)
        .header('access-control-max-age', maxAge);
      return reply.code(204).send();
    }
    if (allowOrigin !== null) {
      reply.header('access-control-allow-origin', allowOrigin).header('access-control-expose-headers', CORS_EXPOSED_HEADERS);
    }
  });
}
