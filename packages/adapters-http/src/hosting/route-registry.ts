import type { WebhookRequest } from '@mostrador/core';

/**
 * What another adapter's route sees of a request: headers (lower-case names), query, the parsed
 * body (JSON or form fields; otherwise the text) and the raw bytes for signature checks. It is
 * core's `WebhookRequest`, so a payment gateway's `parseWebhook` takes it as is.
 */
export type MinimalRequest = WebhookRequest;

export interface MinimalResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string or bytes are sent as they are; anything else as JSON. */
  readonly body?: unknown;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ExternalRoute {
  readonly method: HttpMethod;
  /** An absolute path, e.g. `/webhooks/telegram/<secret path>`; Fastify's `:param` syntax is not offered. */
  readonly url: string;
  readonly handler: (request: MinimalRequest) => Promise<MinimalResponse>;
  /** Largest accepted body in bytes. Default 1 MiB. */
  readonly bodyLimit?: number;
  /** Short text for the API description; such routes are hidden from it unless given. */
  readonly summary?: string;
}

/**
 * Lets other adapters (the Telegram webhook, payment webhooks) serve HTTP without importing
 * Fastify. Routes must be registered before the HTTP server starts: resolve them in your
 * module's factory, not in your own `start()`.
 */
export interface HttpRouteRegistry {
  registerRoute(route: ExternalRoute): void;
}

/** The registry the HTTP module binds: collects routes until the server is built, then refuses more. */
export class HttpRouteCollection implements HttpRouteRegistry {
  readonly #routes: ExternalRoute[] = [];
  #frozen = false;

  registerRoute(route: ExternalRoute): void {
    if (this.#frozen)
      throw new Error(`route ${route.method} ${route.url} registered after the HTTP server was built; register routes before start`);
    if (!route.url.startsWith('/') || route.url.includes(':') || route.url.includes('*')) {
      throw new TypeError(`route url must be an absolute literal path, got "${route.url}"`);
    }
    if (this.#routes.some((r) => r.method === route.method && r.url === route.url)) {
      throw new Error(`route ${route.method} ${route.url} is already registered`);
    }
    this.#routes.push(route);
  }

  /** The routes so far; the collection is frozen afterwards. */
  drain(): readonly ExternalRoute[] {
    this.#frozen = true;
    return [...this.#routes];
  }
}
