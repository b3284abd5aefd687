import type { WebhookRequest } from './services.js';

/*
 * Inbound HTTP for adapters that are not the HTTP adapter (a channel's webhook, a payment
 * provider's notifications). An adapter binds its routes under `TOKENS.InboundRoute`; whatever
 * HTTP adapter the app composes mounts every bound route. No web framework appears here.
 */

export type InboundRouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What a route sees of a request: headers with lower-case names, the query, the parsed body (JSON
 * or form fields, text otherwise, null for binary or no body) and the exact bytes received, for
 * signature checks. The same shape `PaymentGateway.parseWebhook` takes.
 */
export type InboundRequest = WebhookRequest;

export interface InboundResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string or bytes are sent as they are; anything else as JSON. */
  readonly body?: unknown;
}

export interface InboundRoute {
  readonly method: InboundRouteMethod;
  /** An absolute literal path, e.g. `/webhooks/mercadopago`; no parameters or wildcards. */
  readonly path: string;
  /**
   * Answers the request. Never throws for a caller's mistake: a forged signature is a 401, a
   * malformed body a 400. A thrown error becomes a 500 and is logged by the HTTP adapter.
   */
  readonly handler: (request: InboundRequest) => Promise<InboundResponse>;
  /** Largest accepted body in bytes. Default 1 MiB. */
  readonly bodyLimit?: number;
  /** One line for the API description; a route without it is left out of the description. */
  readonly summary?: string;
}
