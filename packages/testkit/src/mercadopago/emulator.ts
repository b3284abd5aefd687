import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type MpErrorBody,
  type MpItem,
  type MpMerchantOrder,
  type MpNotificationBody,
  type MpPayment,
  type MpPreference,
  type MpRefund,
  mpError,
  toCentavos,
  toDecimal,
} from './api-shapes.js';
import { checkoutPageHtml, errorPageHtml, paymentResultHtml } from './checkout-page.js';
import { signMercadoPagoNotification } from './signature.js';

export interface MercadoPagoEmulatorOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  /** Access tokens the API accepts (`Authorization: Bearer …`). Default: one generated `TEST-…` token (see `accessToken`). */
  readonly accessTokens?: readonly string[];
  /** The application's webhook secret notifications are signed with. Default: generated (see `webhookSecret`). */
  readonly webhookSecret?: string;
  /** Webhook delivery: `http` POSTs to the notification_url (default); `record` only records (for harnesses). */
  readonly webhookMode?: 'http' | 'record';
  /** Delivery attempts of one notification while the receiver answers non-2xx or is unreachable. Default 3. */
  readonly webhookAttempts?: number;
  /** Pause between attempts. Default 100 ms (Mercado Pago waits minutes; tests cannot). */
  readonly webhookRetryDelayMs?: number;
  /** The seller's user id. Default 1234567890. */
  readonly collectorId?: number;
  /** The clock of the API and of signatures. Default: the system clock. */
  readonly now?: () => Date;
}

/** What the emulator sent (or would have sent) to a notification_url. */
export interface SentNotification {
  readonly id: number;
  readonly url: string;
  readonly topic: string;
  readonly dataId: string;
  /** As a receiver sees it: header names lower case, the query of the URL, the parsed and the raw body. */
  readonly request: {
    readonly headers: Readonly<Record<string, string>>;
    readonly query: Readonly<Record<string, string>>;
    readonly body: MpNotificationBody;
    readonly rawBody: Uint8Array;
  };
  /** `delivered` (a 2xx came back), `failed` (attempts ran out), `lost` (dropped on purpose), `held`, `recorded` (record mode). */
  fate: 'pending' | 'delivered' | 'failed' | 'lost' | 'held' | 'recorded';
  /** HTTP status of each attempt, or 0 when the receiver could not be reached. */
  readonly attempts: number[];
}

/** A fault to inject into the next webhook(s). */
export type WebhookFault =
  /** Never delivered (recorded as lost). */
  | { readonly kind: 'lose' }
  /** Delivered `copies` times at once, identical (same id, request id and signature). */
  | { readonly kind: 'duplicate'; readonly copies: number }
  /** Signed with a secret that is not the application's. */
  | { readonly kind: 'forge' };

interface PreferenceRecord {
  readonly body: MpPreference;
  readonly totalCentavos: number;
  readonly currency: string;
  readonly expiresAt: Date | null;
  merchantOrderId: number | null;
}

interface PaymentRecord {
  readonly id: number;
  readonly preferenceId: string;
  readonly merchantOrderId: number;
  readonly externalReference: string;
  readonly amountCentavos: number;
  readonly currency: string;
  readonly payerEmail: string;
  readonly paymentMethodId: string;
  readonly paymentTypeId: string;
  readonly createdAt: Date;
  status: string;
  statusDetail: string;
  approvedAt: Date | null;
  updatedAt: Date;
  refunds: MpRefund[];
}

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

const DECISIONS = {
  approve: { status: 'approved', detail: 'accredited', method: 'visa', type: 'credit_card' },
  reject: { status: 'rejected', detail: 'cc_rejected_other_reason', method: 'visa', type: 'credit_card' },
  pending: { status: 'pending', detail: 'pending_waiting_payment', method: 'rapipago', type: 'ticket' },
} as const;
export type CheckoutDecision = keyof typeof DECISIONS;

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({ status, body, headers });
const notFound = (message: string): Answer =>
  json(404, mpError(404, 'not_found', message, [{ code: 2000, description: message, data: null }]));
const badRequest = (error: string, message: string, code: number | string = error): Answer =>
  json(400, mpError(400, error, message, [{ code, description: message, data: null }]));

/**
 * A local Mercado Pago for tests and the demo: the REST API the official `mercadopago` SDK talks to
 * (point its base URL at `baseUrl`), a sandbox checkout page at each preference's `init_point`,
 * and webhooks signed as Mercado Pago signs them, POSTed to the preference's `notification_url`.
 *
 * API: `POST /checkout/preferences`, `GET /checkout/preferences/{id}`, `GET /v1/payments/{id}`,
 * `GET /v1/payments/search?external_reference=…`, `POST|GET /v1/payments/{id}/refunds`,
 * `GET /merchant_orders/{id}`. Writes honour `X-Idempotency-Key` (the same key answers the same
 * response again). Errors have Mercado Pago's body `{ message, error, status, cause[] }`.
 *
 * The checkout page (`GET /checkout/v1/redirect?pref_id=…`) has approve / reject / leave-pending
 * buttons; tests press them over HTTP: `POST /checkout/v1/redirect/pay` with `pref_id` and
 * `decision`, `Accept: application/json` for a JSON answer. A pending payment is settled later with
 * `settle(paymentId, 'approved')` (or `POST /__emulator/payments/{id}/settle`).
 *
 * On demand: `injectWebhookFault` (lose, duplicate, forge the next notifications), `holdWebhooks` /
 * `releaseWebhooks({ reverse: true })` (out of order), `failNextRequests` (429 / 5xx answers).
 */
export class MercadoPagoEmulator {
  /** The access token the API accepts (the first of `accessTokens`). */
  readonly accessToken: string;
  /** The application's webhook secret. */
  readonly webhookSecret: string;
  private readonly accessTokens: ReadonlySet<string>;
  private readonly collectorId: number;
  private readonly now: () => Date;
  private server: Server | undefined;
  private origin_: string | undefined;

  private readonly preferences = new Map<string, PreferenceRecord>();
  private readonly payments = new Map<number, PaymentRecord>();
  private readonly merchantOrders = new Map<number, { id: number; preferenceId: string; createdAt: Date }>();
  private readonly idempotent = new Map<string, Answer>();
  private readonly sent: SentNotification[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly webhookFaults: WebhookFault[] = [];
  private readonly requestFaults: { status: number; remaining: number; path: string | null }[] = [];
  private holding = false;
  private held: SentNotification[] = [];
  private nextPaymentId = 1_320_000_001;
  private nextRefundId = 2_100_000_001;
  private nextNotificationId = 12_000_000_001;
  private nextMerchantOrderId = 31_000_000_001;
  /** Every request the API received: method, path, idempotency key (for assertions). */
  readonly requests: { method: string; path: string; idempotencyKey: string | null; status: number }[] = [];

  constructor(private readonly options: MercadoPagoEmulatorOptions = {}) {
    const tokens = options.accessTokens?.length
      ? options.accessTokens
      : [`TEST-${Math.floor(Math.random() * 1e16)}-${randomUUID().replace(/-/g, '').slice(0, 24)}`];
    this.accessTokens = new Set(tokens);
    this.accessToken = tokens[0] as string;
    this.webhookSecret = options.webhookSecret ?? randomUUID().replace(/-/g, '');
    this.collectorId = options.collectorId ?? 1_234_567_890;
    this.now = options.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify(mpError(500, 'internal_server_error', error instanceof Error ? error.message : 'error')));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.origin_ = `http://${host}:${address.port}`;
  }

  async stop(): Promise<void> {
    await this.settled();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Where the API is served: the SDK's base URL (`MP_API_BASE_URL`). */
  get baseUrl(): string {
    if (!this.origin_) throw new Error('MercadoPagoEmulator is not started: await emulator.start() first');
    return this.origin_;
  }

  // ---- driving it from tests ----

  /** Presses a button of the checkout page over HTTP, as a browser would; returns the new payment's id and status. */
  async pay(
    initPoint: string,
    decision: CheckoutDecision,
    email = 'test_user_123@testuser.com',
  ): Promise<{ paymentId: number; status: string }> {
    const prefId = new URL(initPoint).searchParams.get('pref_id') ?? '';
    const response = await fetch(`${this.baseUrl}/checkout/v1/redirect/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ pref_id: prefId, decision, email }).toString(),
    });
    const body = (await response.json()) as { payment_id?: number; status?: string; message?: string };
    if (!response.ok || body.payment_id === undefined)
      throw new Error(`the checkout page refused to pay: ${body.message ?? response.status}`);
    return { paymentId: body.payment_id, status: body.status ?? '' };
  }

  /** A pending or in-process payment is decided (cash paid at the counter, a review finished), with a webhook. */
  settle(paymentId: number, status: 'approved' | 'rejected' | 'cancelled'): MpPayment {
    const payment = this.payments.get(paymentId);
    if (!payment) throw new Error(`no payment ${paymentId}`);
    if (payment.status !== 'pending' && payment.status !== 'in_process')
      throw new Error(`payment ${paymentId} is ${payment.status}, not pending`);
    const at = this.now();
    payment.status = status;
    payment.statusDetail = status === 'approved' ? 'accredited' : status === 'rejected' ? 'cc_rejected_other_reason' : 'expired';
    if (status === 'approved') payment.approvedAt = at;
    payment.updatedAt = at;
    this.notifyPayment(payment, 'payment.updated');
    return this.paymentBody(payment);
  }

  /** The next notifications get these faults, one each, in order. */
  injectWebhookFault(...faults: WebhookFault[]): void {
    this.webhookFaults.push(...faults);
  }

  /** Notifications are queued instead of sent, until `releaseWebhooks`. */
  holdWebhooks(): void {
    this.holding = true;
  }

  /** Sends what was held, in the order they happened or reversed (out of order), and stops holding. */
  async releaseWebhooks(options: { reverse?: boolean } = {}): Promise<void> {
    this.holding = false;
    const held = options.reverse ? [...this.held].reverse() : this.held;
    this.held = [];
    for (const notification of held) {
      notification.fate = 'pending';
      await this.deliver(notification, 1);
    }
  }

  /** The next `count` API requests (under `path` when given) are answered with `status` (429, 500, 503…). */
  failNextRequests(status: number, count = 1, path: string | null = null): void {
    this.requestFaults.push({ status, remaining: count, path });
  }

  /** Every notification made so far, oldest first. */
  notifications(filter: { dataId?: string | number; topic?: string } = {}): readonly SentNotification[] {
    return this.sent.filter(
      (notification) =>
        (filter.dataId === undefined || notification.dataId === String(filter.dataId)) &&
        (filter.topic === undefined || notification.topic === filter.topic),
    );
  }

  /** Resolves when every delivery under way (retries included) has ended. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Sends a notification again, exactly as it was (a replay: same id, request id, timestamp and signature). */
  async redeliver(notification: SentNotification): Promise<number> {
    return this.post(notification);
  }

  /**
   * A notification signed as Mercado Pago would sign it, without sending it: `secret` (default the
   * application's) and `ts` (default now) let a test forge one or make it old.
   */
  buildNotification(input: {
    topic: string;
    action: string;
    dataId: string;
    url: string;
    secret?: string;
    ts?: number;
    id?: number;
    requestId?: string;
  }): SentNotification {
    const at = this.now();
    const id = input.id ?? this.nextNotificationId++;
    const body: MpNotificationBody = {
      id,
      live_mode: false,
      type: input.topic,
      date_created: at.toISOString(),
      user_id: String(this.collectorId),
      api_version: 'v1',
      action: input.action,
      data: { id: input.dataId },
    };
    const requestId = input.requestId ?? randomUUID();
    const ts = input.ts ?? Math.floor(at.getTime() / 1000);
    const query = { 'data.id': input.dataId, type: input.topic };
    const url = new URL(input.url);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const rawBody = new TextEncoder().encode(JSON.stringify(body));
    return {
      id,
      url: url.toString(),
      topic: input.topic,
      dataId: input.dataId,
      request: {
        headers: {
          'content-type': 'application/json',
          'x-request-id': requestId,
          'x-signature': signMercadoPagoNotification({ dataId: input.dataId, requestId, ts }, input.secret ?? this.webhookSecret),
        },
        query: Object.fromEntries(url.searchParams),
        body,
        rawBody,
      },
      fate: 'recorded',
      attempts: [],
    };
  }

  // ---- HTTP ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');

    if (path === '/checkout/v1/redirect' && method === 'GET')
      return this.sendHtml(res, ...this.checkoutPage(url.searchParams.get('pref_id')));
    if (path === '/checkout/v1/redirect/pay' && method === 'POST') {
      const form = new URLSearchParams(raw);
      const answer = this.payFromPage(form.get('pref_id') ?? '', form.get('decision') ?? '', form.get('email') ?? '');
      if ((req.headers.accept ?? '').includes('application/json')) return this.sendJson(res, answer);
      const body = answer.body as { payment_id?: number; status?: string; back_url?: string | null; message?: string };
      return this.sendHtml(
        res,
        answer.status,
        body.payment_id === undefined
          ? errorPageHtml(body.message ?? 'error')
          : paymentResultHtml(body.status ?? '', body.payment_id, body.back_url ?? null),
      );
    }
    const settle = /^\/__emulator\/payments\/(\d+)\/settle$/.exec(path);
    if (settle && method === 'POST') {
      try {
        const status = (JSON.parse(raw || '{}') as { status?: 'approved' | 'rejected' | 'cancelled' }).status ?? 'approved';
        return this.sendJson(res, json(200, this.settle(Number(settle[1]), status)));
      } catch (error) {
        return this.sendJson(res, badRequest('bad_request', error instanceof Error ? error.message : 'cannot settle'));
      }
    }

    const idempotencyKey = typeof req.headers['x-idempotency-key'] === 'string' ? req.headers['x-idempotency-key'] : null;
    const answer = this.api(method, path, url.searchParams, raw, req.headers.authorization, idempotencyKey);
    this.requests.push({ method, path, idempotencyKey, status: answer.status });
    this.sendJson(res, answer);
  }

  /** The REST API; synchronous, so concurrent requests never interleave inside one. */
  private api(
    method: string,
    path: string,
    query: URLSearchParams,
    raw: string,
    authorization: string | undefined,
    key: string | null,
  ): Answer {
    const fault = this.requestFaults.find(
      (candidate) => candidate.remaining > 0 && (candidate.path === null || path.startsWith(candidate.path)),
    );
    if (fault) {
      fault.remaining -= 1;
      return fault.status === 429
        ? json(429, mpError(429, 'too_many_requests', 'Too Many Requests'), { 'retry-after': '1' })
        : json(fault.status, mpError(fault.status, 'internal_server_error', 'Internal server error'));
    }
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (!token || !this.accessTokens.has(token)) return json(401, mpError(401, 'unauthorized', 'invalid access token'));

    if (method === 'POST' && key) {
      const seen = this.idempotent.get(`${path} ${key}`);
      if (seen) return seen;
    }
    const answer = this.route(method, path, query, raw);
    // Only what was done is remembered: a refused request may be sent again with the same key.
    if (method === 'POST' && key && answer.status < 300) this.idempotent.set(`${path} ${key}`, answer);
    return answer;
  }

  private route(method: string, path: string, query: URLSearchParams, raw: string): Answer {
    let body: unknown = null;
    if (method === 'POST' && raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return badRequest('bad_request', 'Malformed JSON body');
      }
    }
    if (path === '/checkout/preferences' && method === 'POST') return this.createPreference(body);
    const preference = /^\/checkout\/preferences\/([^/]+)$/.exec(path);
    if (preference && method === 'GET') {
      const record = this.preferences.get(decodeURIComponent(preference[1] ?? ''));
      return record ? json(200, record.body) : notFound('preference not found');
    }
    if (path === '/v1/payments/search' && method === 'GET') return this.searchPayments(query);
    const payment = /^\/v1\/payments\/([^/]+)$/.exec(path);
    if (payment && method === 'GET') {
      const record = this.payments.get(Number(payment[1]));
      return record ? json(200, this.paymentBody(record)) : notFound('Payment not found');
    }
    const refunds = /^\/v1\/payments\/([^/]+)\/refunds$/.exec(path);
    if (refunds && method === 'POST') return this.refund(Number(refunds[1]), body);
    if (refunds && method === 'GET') {
      const record = this.payments.get(Number(refunds[1]));
      return record ? json(200, record.refunds) : notFound('Payment not found');
    }
    const merchantOrder = /^\/merchant_orders\/(\d+)$/.exec(path);
    if (merchantOrder && method === 'GET') {
      const record = this.merchantOrders.get(Number(merchantOrder[1]));
      return record ? json(200, this.merchantOrderBody(record.id)) : notFound('Merchant Order not found');
    }
    return json(404, mpError(404, 'not_found', `resource ${method} ${path} not found`));
  }

  private createPreference(input: unknown): Answer {
    const body = (input ?? {}) as Record<string, unknown>;
    const items = body.items;
    if (!Array.isArray(items) || items.length === 0) return badRequest('invalid_items', 'items needed', 'items');
    const parsed: MpItem[] = [];
    let total = 0;
    let currency: string | null = null;
    for (const [index, raw] of items.entries()) {
      const item = (raw ?? {}) as Record<string, unknown>;
      const price = toCentavos(item.unit_price);
      if (typeof item.title !== 'string' || item.title.trim() === '')
        return badRequest('invalid_items', `items[${index}].title needed`, 'title');
      if (!Number.isInteger(item.quantity) || (item.quantity as number) < 1)
        return badRequest('invalid_items', `items[${index}].quantity invalid`, 'quantity');
      if (price === null) return badRequest('invalid_items', `items[${index}].unit_price invalid`, 'unit_price');
      const itemCurrency = typeof item.currency_id === 'string' ? item.currency_id : 'ARS';
      if (itemCurrency !== 'ARS')
        return badRequest('invalid_items', `items[${index}].currency_id invalid: the site MLA takes ARS`, 'currency_id');
      currency ??= itemCurrency;
      total += price * (item.quantity as number);
      parsed.push({
        ...(typeof item.id === 'string' ? { id: item.id } : {}),
        title: item.title,
        ...(typeof item.description === 'string' ? { description: item.description } : {}),
        quantity: item.quantity as number,
        unit_price: toDecimal(price),
        currency_id: itemCurrency,
      });
    }
    const backUrls = (body.back_urls ?? {}) as Record<string, unknown>;
    const autoReturn = typeof body.auto_return === 'string' ? body.auto_return : '';
    if (autoReturn && typeof backUrls.success !== 'string')
      return badRequest('invalid_auto_return', 'auto_return invalid. back_url.success must be defined', 'auto_return');
    const expires = body.expires === true;
    const to = typeof body.expiration_date_to === 'string' ? new Date(body.expiration_date_to) : null;
    if (to && Number.isNaN(to.getTime()))
      return badRequest('invalid_expiration_date_to', 'expiration_date_to invalid', 'expiration_date_to');
    const notificationUrl = typeof body.notification_url === 'string' ? body.notification_url : null;
    if (notificationUrl !== null && !/^https?:\/\//.test(notificationUrl))
      return badRequest('invalid_notification_url', 'notification_url attribute must be url valid', 'notification_url');

    const id = `${this.collectorId}-${randomUUID()}`;
    const initPoint = `${this.baseUrl}/checkout/v1/redirect?pref_id=${id}`;
    const at = this.now();
    const preference: MpPreference = {
      id,
      collector_id: this.collectorId,
      client_id: '6295877106812064',
      operation_type: 'regular_payment',
      items: parsed,
      payer: {
        email:
          typeof (body.payer as Record<string, unknown> | undefined)?.email === 'string'
            ? ((body.payer as Record<string, string>).email ?? '')
            : '',
      },
      back_urls: {
        success: typeof backUrls.success === 'string' ? backUrls.success : '',
        failure: typeof backUrls.failure === 'string' ? backUrls.failure : '',
        pending: typeof backUrls.pending === 'string' ? backUrls.pending : '',
      },
      auto_return: autoReturn,
      notification_url: notificationUrl,
      external_reference: typeof body.external_reference === 'string' ? body.external_reference : '',
      metadata: (body.metadata ?? {}) as Record<string, unknown>,
      expires,
      expiration_date_from: typeof body.expiration_date_from === 'string' ? body.expiration_date_from : null,
      expiration_date_to: to ? to.toISOString() : null,
      date_created: at.toISOString(),
      init_point: initPoint,
      sandbox_init_point: initPoint,
    };
    this.preferences.set(id, {
      body: preference,
      totalCentavos: total,
      currency: currency ?? 'ARS',
      expiresAt: expires && to ? to : null,
      merchantOrderId: null,
    });
    return json(201, preference);
  }

  private searchPayments(query: URLSearchParams): Answer {
    const reference = query.get('external_reference');
    const limit = Math.min(Number(query.get('limit') ?? 30) || 30, 1000);
    const offset = Number(query.get('offset') ?? 0) || 0;
    const descending = (query.get('criteria') ?? 'desc') === 'desc';
    const found = [...this.payments.values()]
      .filter((payment) => reference === null || payment.externalReference === reference)
      .sort((a, b) => (descending ? b.id - a.id : a.id - b.id));
    return json(200, {
      paging: { total: found.length, limit, offset },
      results: found.slice(offset, offset + limit).map((p) => this.paymentBody(p)),
    });
  }

  private refund(paymentId: number, input: unknown): Answer {
    const payment = this.payments.get(paymentId);
    if (!payment) return notFound('Payment not found');
    if (payment.status !== 'approved')
      return badRequest('invalid_payment_status', `Payment ${paymentId} cannot be refunded: it is ${payment.status}`, 2063);
    const refunded = payment.refunds.reduce((sum, refund) => sum + Math.round(refund.amount * 100), 0);
    const remaining = payment.amountCentavos - refunded;
    const body = (input ?? {}) as Record<string, unknown>;
    let amount = remaining;
    if (body.amount !== undefined && body.amount !== null) {
      const asked = toCentavos(body.amount);
      if (asked === null) return badRequest('invalid_refund_amount', 'The refund amount must be a positive number with two decimals', 4);
      if (asked > remaining)
        return badRequest('amount_exceeded', `The refund amount exceeds the available balance (${toDecimal(remaining)})`, 2065);
      amount = asked;
    }
    const at = this.now();
    const refund: MpRefund = {
      id: this.nextRefundId++,
      payment_id: paymentId,
      amount: toDecimal(amount),
      metadata: {},
      source: { id: String(this.collectorId), name: 'Emulated seller', type: 'collector' },
      date_created: at.toISOString(),
      unique_sequence_number: null,
      refund_mode: 'standard',
      adjustment_amount: 0,
      status: 'approved',
      reason: null,
      labels: [],
      amount_refunded_to_payer: toDecimal(amount),
    };
    payment.refunds.push(refund);
    if (refunded + amount === payment.amountCentavos) {
      payment.status = 'refunded';
      payment.statusDetail = 'refunded';
    } else {
      payment.statusDetail = 'partially_refunded';
    }
    payment.updatedAt = at;
    this.notifyPayment(payment, 'payment.updated');
    return json(201, refund);
  }

  private checkoutPage(prefId: string | null): [number, string] {
    const record = prefId ? this.preferences.get(prefId) : undefined;
    if (!record) return [404, errorPageHtml('Este link de pago no existe.')];
    if (record.expiresAt && record.expiresAt.getTime() < this.now().getTime()) return [410, errorPageHtml('Este link de pago venció.')];
    return [200, checkoutPageHtml(record.body, `${this.baseUrl}/checkout/v1/redirect/pay`)];
  }

  private payFromPage(prefId: string, decision: string, email: string): Answer {
    const record = this.preferences.get(prefId);
    if (!record) return badRequest('not_found', 'preference not found');
    if (record.expiresAt && record.expiresAt.getTime() < this.now().getTime())
      return json(410, mpError(410, 'expired', 'the preference expired'));
    if (!(decision in DECISIONS)) return badRequest('invalid_decision', 'decision must be approve, reject or pending');
    const outcome = DECISIONS[decision as CheckoutDecision];
    const at = this.now();
    if (record.merchantOrderId === null) {
      record.merchantOrderId = this.nextMerchantOrderId++;
      this.merchantOrders.set(record.merchantOrderId, { id: record.merchantOrderId, preferenceId: prefId, createdAt: at });
    }
    const payment: PaymentRecord = {
      id: this.nextPaymentId++,
      preferenceId: prefId,
      merchantOrderId: record.merchantOrderId,
      externalReference: record.body.external_reference,
      amountCentavos: record.totalCentavos,
      currency: record.currency,
      payerEmail: email || 'test_user_123@testuser.com',
      paymentMethodId: outcome.method,
      paymentTypeId: outcome.type,
      createdAt: at,
      status: outcome.status,
      statusDetail: outcome.detail,
      approvedAt: outcome.status === 'approved' ? at : null,
      updatedAt: at,
      refunds: [],
    };
    this.payments.set(payment.id, payment);
    this.notifyPayment(payment, 'payment.created');
    const backs = record.body.back_urls;
    const back = outcome.status === 'approved' ? backs.success : outcome.status === 'rejected' ? backs.failure : backs.pending;
    let backUrl: string | null = null;
    if (back) {
      const url = new URL(back);
      url.searchParams.set('collection_id', String(payment.id));
      url.searchParams.set('collection_status', payment.status);
      url.searchParams.set('payment_id', String(payment.id));
      url.searchParams.set('status', payment.status);
      url.searchParams.set('external_reference', payment.externalReference);
      url.searchParams.set('preference_id', prefId);
      url.searchParams.set('merchant_order_id', String(payment.merchantOrderId));
      backUrl = url.toString();
    }
    return json(201, { payment_id: payment.id, status: payment.status, status_detail: payment.statusDetail, back_url: backUrl });
  }

  // ---- shapes ----

  private paymentBody(payment: PaymentRecord): MpPayment {
    const refunded = payment.refunds.reduce((sum, refund) => sum + Math.round(refund.amount * 100), 0);
    const preference = this.preferences.get(payment.preferenceId);
    return {
      id: payment.id,
      date_created: payment.createdAt.toISOString(),
      date_approved: payment.approvedAt?.toISOString() ?? null,
      date_last_updated: payment.updatedAt.toISOString(),
      money_release_date: payment.approvedAt?.toISOString() ?? null,
      operation_type: 'regular_payment',
      payment_method_id: payment.paymentMethodId,
      payment_type_id: payment.paymentTypeId,
      status: payment.status,
      status_detail: payment.statusDetail,
      currency_id: payment.currency,
      description: preference?.body.items[0]?.title ?? '',
      live_mode: false,
      collector_id: this.collectorId,
      payer: { id: String(1_000_000 + (payment.id % 1000)), email: payment.payerEmail, type: 'guest' },
      metadata: preference?.body.metadata ?? {},
      order: { id: String(payment.merchantOrderId), type: 'mercadopago' },
      external_reference: payment.externalReference,
      transaction_amount: toDecimal(payment.amountCentavos),
      transaction_amount_refunded: toDecimal(refunded),
      installments: 1,
      transaction_details: {
        total_paid_amount: toDecimal(payment.amountCentavos),
        net_received_amount: toDecimal(Math.round(payment.amountCentavos * 0.9239)),
        installment_amount: toDecimal(payment.amountCentavos),
        overpaid_amount: 0,
      },
      refunds: [...payment.refunds],
      captured: true,
      binary_mode: false,
    };
  }

  private merchantOrderBody(id: number): MpMerchantOrder {
    const order = this.merchantOrders.get(id);
    const preference = order ? this.preferences.get(order.preferenceId) : undefined;
    const payments = [...this.payments.values()].filter((payment) => payment.merchantOrderId === id);
    const paid = payments.filter((p) => p.status === 'approved' || p.status === 'refunded').reduce((sum, p) => sum + p.amountCentavos, 0);
    const refunded = payments.reduce((sum, p) => sum + p.refunds.reduce((s, r) => s + Math.round(r.amount * 100), 0), 0);
    const total = preference?.totalCentavos ?? 0;
    const orderStatus: MpMerchantOrder['order_status'] =
      refunded > 0 && refunded >= paid
        ? 'reverted'
        : refunded > 0
          ? 'partially_reverted'
          : paid >= total && total > 0
            ? 'paid'
            : paid > 0
              ? 'partially_paid'
              : payments.some((p) => p.status === 'pending' || p.status === 'in_process')
                ? 'payment_in_process'
                : 'payment_required';
    const last = payments.reduce((latest, p) => Math.max(latest, p.updatedAt.getTime()), order?.createdAt.getTime() ?? 0);
    return {
      id,
      status: orderStatus === 'paid' ? 'closed' : 'opened',
      external_reference: preference?.body.external_reference ?? '',
      preference_id: order?.preferenceId ?? '',
      payments: payments.map((p) => ({
        id: p.id,
        transaction_amount: toDecimal(p.amountCentavos),
        total_paid_amount: toDecimal(p.amountCentavos),
        status: p.status,
        status_detail: p.statusDetail,
        currency_id: p.currency,
        date_approved: p.approvedAt?.toISOString() ?? null,
        amount_refunded: toDecimal(p.refunds.reduce((s, r) => s + Math.round(r.amount * 100), 0)),
      })),
      collector: { id: this.collectorId },
      items: preference?.body.items ?? [],
      total_amount: toDecimal(total),
      paid_amount: toDecimal(paid),
      refunded_amount: toDecimal(refunded),
      order_status: orderStatus,
      notification_url: preference?.body.notification_url ?? null,
      date_created: (order?.createdAt ?? new Date(0)).toISOString(),
      last_updated: new Date(last).toISOString(),
    };
  }

  // ---- webhooks ----

  private notifyPayment(payment: PaymentRecord, action: string): void {
    const url = this.preferences.get(payment.preferenceId)?.body.notification_url;
    if (!url) return;
    const fault = this.webhookFaults.shift();
    const notification = this.buildNotification({
      topic: 'payment',
      action,
      dataId: String(payment.id),
      url,
      ...(fault?.kind === 'forge' ? { secret: `${this.webhookSecret}-not` } : {}),
    });
    this.sent.push(notification);
    if (fault?.kind === 'lose') {
      notification.fate = 'lost';
      return;
    }
    if (this.options.webhookMode === 'record') return;
    if (this.holding) {
      notification.fate = 'held';
      this.held.push(notification);
      return;
    }
    notification.fate = 'pending';
    const copies = fault?.kind === 'duplicate' ? fault.copies : 1;
    const delivery = this.deliver(notification, copies).finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }

  private async deliver(notification: SentNotification, copies: number): Promise<void> {
    const attempts = this.options.webhookAttempts ?? 3;
    const delay = this.options.webhookRetryDelayMs ?? 100;
    for (let attempt = 1; ; attempt += 1) {
      const statuses = await Promise.all(Array.from({ length: copies }, () => this.post(notification)));
      if (statuses.some((status) => status >= 200 && status < 300)) {
        notification.fate = 'delivered';
        return;
      }
      if (attempt >= attempts) {
        notification.fate = 'failed';
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  private async post(notification: SentNotification): Promise<number> {
    let status = 0;
    try {
      const response = await fetch(notification.url, {
        method: 'POST',
        headers: notification.request.headers,
        body: notification.request.rawBody,
        signal: AbortSignal.timeout(22_000),
      });
      await response.arrayBuffer();
      status = response.status;
    } catch {
      status = 0;
    }
    notification.attempts.push(status);
    return status;
  }

  private sendJson(res: ServerResponse, answer: Answer): void {
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  }

  private sendHtml(res: ServerResponse, status: number, html: string): void {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  }
}

export type { MpErrorBody };
