import type { TaxProfile } from '../customers/tax-profile.js';
import type { VoucherTotals, VoucherType } from '../invoicing/invoice.js';
import type { InvoiceDocument } from '../invoicing/invoice-document.js';
import type { Money } from '../money/money.js';
import type { Order } from '../ordering/order.js';
import type { PaymentStatus } from '../payments/payment.js';
import type { ReportDocument } from '../reporting/report.js';
import type { Locale } from '../shared/types.js';
import type { Role } from '../staff/staff-user.js';

/**
 * Structured logging for adapters and core's drivers. `fields` hold ids, codes and counts, never
 * secrets or what people wrote; the app backs it with its logger (pino) and redacts.
 */
export interface Logger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new unique id (UUID v7 style: time-ordered). */
  next(): string;
  /** A short random code of `length` characters from an unambiguous alphabet (link codes). */
  code(length: number): string;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
}

/**
 * Opaque bearer secrets (refresh tokens). Core has no randomness or hashing of its own, so both
 * come through this port. Only a secret's digest is stored: a leaked table signs nobody in, and a
 * presented secret is found again by its digest, so the digest must be deterministic (unsalted).
 * Example (Node): 32 bytes of `randomBytes` as base64url, digest SHA-256 hex.
 */
export interface SecretTokens {
  /** A new URL-safe secret with at least 256 bits of entropy. */
  generate(): string;
  /** The deterministic, one-way digest stored in place of `secret`. */
  digest(secret: string): Promise<string>;
}

/**
 * What an access token says. `roles` are those at issue time, for clients to shape their UI; the
 * API itself checks the account's current roles and activation on every request.
 */
export interface AccessTokenClaims {
  readonly sub: string;
  readonly roles: readonly Role[];
}

/** Issues and verifies signed access tokens. Verification failures throw `AUTH.TOKEN_INVALID` / `AUTH.TOKEN_EXPIRED`. */
export interface TokenIssuer {
  issue(claims: AccessTokenClaims): Promise<{ token: string; expiresIn: number }>;
  verify(token: string): Promise<AccessTokenClaims>;
}

/** Stores catalog images (and other blobs) by id. */
export interface ImageStore {
  put(bytes: Uint8Array, mimeType: string): Promise<string>;
  /**
   * Stores the image under `id`, chosen by the caller (e.g. derived from the bytes), unless that
   * id is already stored: then nothing changes and it returns false. Image writes do not join a
   * UnitOfWork transaction; with content-derived ids a writer can repeat them safely after a crash.
   * Ids are 1-128 letters, digits, "_", "-" or "." (`IMAGE.ID_INVALID` otherwise, see `assertImageId`).
   */
  putIfAbsent(id: string, bytes: Uint8Array, mimeType: string): Promise<boolean>;
  get(id: string): Promise<{ bytes: Uint8Array; mimeType: string } | null>;
}

// ---- payments ----
//
// A payment provider in four calls. How an order is paid, end to end:
//
//   const session = await gateway.createCheckout({ order, ..., idempotencyKey: `checkout:${order.id}:1` });
//   // the customer opens session.paymentUrl and pays; the provider notifies the shop's webhook route:
//   const outcome = await gateway.parseWebhook(request);       // authentic? which payment?
//   if (outcome.kind === 'payment') {
//     const payment = await gateway.fetchPayment(outcome.providerPaymentId);   // what is true now
//     await useCases.orders.applyPayment(gateway.provider, payment, outcome.eventId);
//   }
//
// The order id travels through the provider: `CheckoutRequest.order.id` comes back as
// `ProviderPayment.orderId` of every payment made through that checkout (Mercado Pago carries it
// as `external_reference`). Amounts are Money in integer centavos, never floats. Failures are
// DomainErrors (usually AdapterError) with stable codes:
//   PAYMENT.SIGNATURE_INVALID      a webhook that is forged, altered, unsigned or stale
//   PAYMENT.WEBHOOK_MALFORMED      an authentic webhook whose content cannot be read
//   PAYMENT.NOT_FOUND              no such payment at the provider
//   PAYMENT.NOT_REFUNDABLE         the payment was never approved (or is fully refunded)
//   PAYMENT.REFUND_EXCEEDS_REMAINING  more than what is left to refund
//   PAYMENT.REFUND_AMOUNT_INVALID  zero, negative or another currency
// `packages/testkit`'s `paymentGatewayContract` pins these rules for any gateway.

export interface CheckoutRequest {
  /** The order to pay: its `id` comes back as `ProviderPayment.orderId`; its `total` is what is charged. */
  readonly order: Order;
  readonly payerEmail: string | null;
  /** Where the provider sends webhooks for this checkout, when the provider takes it per checkout. */
  readonly notificationUrl: string | null;
  /** Where the payer's browser returns after paying. */
  readonly backUrl: string | null;
  /** After this the session takes no payments (aligned with the order's stock reservation). */
  readonly expiresAt: Date;
  /**
   * Sent to the provider so a retried create is not duplicated: the same key returns the same
   * session. A new attempt for the same order (e.g. after the previous session expired) uses a
   * new key and gets a new session.
   */
  readonly idempotencyKey: string;
}

export interface CheckoutSession {
  /** The provider's id of this checkout (Mercado Pago: the preference id). */
  readonly providerReference: string;
  /** Where the payer pays: a URL button in the chat (a link on channels without buttons). */
  readonly paymentUrl: string;
}

/** Raw webhook as received: adapters never see the web framework. */
export interface WebhookRequest {
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** The parsed body (JSON or form fields, text otherwise, null for none). */
  readonly body: unknown;
  /** The exact bytes received: what a signature is computed over. Null when there was no body. */
  readonly rawBody: Uint8Array | null;
}

/**
 * What an authentic webhook is about. `eventId` identifies the notification: a redelivery of the
 * same notification carries the same id (so applying it twice is a no-op), and every new state
 * change of a payment a new one.
 */
export type WebhookOutcome =
  | { readonly kind: 'payment'; readonly providerPaymentId: string; readonly eventId: string }
  /** Authentic, but nothing the shop acts on (another topic, a test ping): answered 200 and dropped. */
  | { readonly kind: 'ignored'; readonly reason: string };

/**
 * A payment as the provider knows it now. A partial refund keeps `status` (e.g. `approved`) and
 * raises `refundedAmount`; refunding all of it makes the status `refunded`.
 */
export interface ProviderPayment {
  readonly providerPaymentId: string;
  /** The `CheckoutRequest.order.id` of the checkout it was paid through. */
  readonly orderId: string;
  readonly status: PaymentStatus;
  /** The provider's reason, e.g. `accredited`, `cc_rejected_insufficient_amount`. */
  readonly statusDetail: string | null;
  /** What the payer paid (what was charged, before refunds). */
  readonly amount: Money;
  /** How much of `amount` has been refunded so far; zero in `amount`'s currency when none. */
  readonly refundedAmount: Money;
}

/**
 * A payment provider (Mercado Pago, a fake for examples). Register one per provider name; the
 * provider's webhook route (see `InboundRoute`) hands requests to `parseWebhook`.
 *
 * Example, a refund of $ 1.000,00 of a $ 5.000,00 payment, then the rest:
 *   refund('pay-1', money(1_000_00), 'refund:pay-1:1') → { status: 'approved', refundedAmount: $ 1.000,00, ... }
 *   refund('pay-1', money(1_000_00), 'refund:pay-1:1') → the same answer; nothing more is refunded
 *   refund('pay-1', money(9_000_00), 'refund:pay-1:2') → throws PAYMENT.REFUND_EXCEEDS_REMAINING
 *   refund('pay-1', null, 'refund:pay-1:3')            → { status: 'refunded', refundedAmount: $ 5.000,00, ... }
 */
export interface PaymentGateway {
  /** The provider's name, stored with every payment (`Payment.provider`), e.g. `mercadopago`. */
  readonly provider: string;
  /** How the chat names it on the pay button ("Pagar con Mercado Pago"); default: `provider`. */
  readonly displayName?: string;
  /**
   * Optional: every payment made for the order (through any of its checkouts), as `fetchPayment`
   * reads them. Reconciliation uses it to find payments whose webhook never arrived; a gateway
   * without it is reconciled only by its webhooks.
   */
  paymentsForOrder?(orderId: string): Promise<ProviderPayment[]>;
  /** A place for the payer to pay `order.total`; the same `idempotencyKey` returns the same session. */
  createCheckout(request: CheckoutRequest): Promise<CheckoutSession>;
  /**
   * Verifies authenticity, then says which payment the notification concerns. Throws
   * `PAYMENT.SIGNATURE_INVALID` for a forged, altered, unsigned or stale notification (older than
   * the provider's tolerance, e.g. 5 minutes: a replay), `PAYMENT.WEBHOOK_MALFORMED` for an
   * authentic one it cannot read; returns `ignored` for an authentic one about something else.
   * It does not say what the payment's status is: ask `fetchPayment`.
   */
  parseWebhook(request: WebhookRequest): Promise<WebhookOutcome>;
  /** The source of truth: always re-read after a webhook. `PAYMENT.NOT_FOUND` for an unknown id. */
  fetchPayment(providerPaymentId: string): Promise<ProviderPayment>;
  /**
   * Refunds `amount` of an approved payment, or everything not yet refunded when `amount` is null,
   * and returns the payment as it is afterwards. More than what remains is refused
   * (`PAYMENT.REFUND_EXCEEDS_REMAINING`), as is a payment that was never approved
   * (`PAYMENT.NOT_REFUNDABLE`). The same `idempotencyKey` never refunds twice: a repeat returns
   * the payment as it is.
   */
  refund(providerPaymentId: string, amount: Money | null, idempotencyKey: string): Promise<ProviderPayment>;
}

// ---- AI ----
//
// The assistant answers what a catalog search cannot ("¿hacen envíos a Córdoba?", "¿qué taladro me
// conviene para hormigón?", "¿dónde está mi pedido?") by calling read-only tools bound to the asking
// customer. It never changes anything: what it proposes comes back as product ids the engine turns
// into buttons. A turn, end to end:
//
//   const answer = await assistant.answer('¿cuánto sale el taladro percutor?', {
//     locale: 'es', tools: assistantToolsFor(useCases, customer, 'es'),
//     customerId: customer.id, chatId: 'chat:5550001',
//   });
//   // → { text: 'El Taladro percutor 750 W sale $ 89.990,00 y hay 4 disponibles.', suggestedProductIds: ['p-1'] }
//
// Rules every Assistant keeps (`assistantContract` in the testkit pins them):
//   - every price, discount and stock figure in `text` comes from a tool result of that same turn
//     (`ungroundedFigures` in core tells; an answer that fails it is replaced by `templatedAnswer`);
//   - `suggestedProductIds` only name products a tool returned in that turn;
//   - it answers in `context.locale`, and only with this customer's data (the tools are bound to them);
//   - when it cannot answer (provider down, slow, refusing the key, over the customer's rate limit
//     or token budget) it throws `AssistantUnavailableError` (`ASSISTANT.UNAVAILABLE`, with a
//     `reason`): the engine then falls back (local assistant or search) and logs the reason; the
//     customer never sees an error. Any other error is a bug.

/** A product as a tool shows it: `price` is the effective price formatted for the customer's locale ("$ 45.000,00"). */
export interface AssistantProduct {
  readonly id: string;
  readonly name: string;
  readonly price: string;
  /** Units that can be ordered now (on hand minus reserved). */
  readonly available: number;
}

/** A product on offer: `price` is what it costs now, `was` its list price, `discountPercent` the rounded difference. */
export interface AssistantOffer {
  readonly id: string;
  readonly name: string;
  readonly price: string;
  readonly was: string;
  readonly discountPercent?: number;
}

/** One of the asking customer's orders; `status` is already in the customer's language. */
export interface AssistantOrder {
  readonly number: number;
  readonly status: string;
  readonly total: string;
}

/** How many units of one product can be ordered now. */
export interface AssistantStock {
  readonly id: string;
  readonly name: string;
  readonly available: number;
}

/**
 * What the shop says about itself, from configuration; a field the shop did not configure is
 * null (the assistant then says it does not know, never guesses).
 * Example: `{ name: 'Ferretería Mostrador', hours: 'Lunes a viernes de 9 a 18', shipping: 'Envíos a todo el país por correo', paymentMethods: 'Mercado Pago, transferencia, efectivo' }`.
 */
export interface ShopInformation {
  readonly name: string;
  readonly hours: string | null;
  readonly shipping: string | null;
  readonly paymentMethods: string | null;
}

/**
 * Read-only tools the assistant may call; the engine supplies them bound to the asking customer
 * (core's `assistantToolsFor`). Nothing here changes state, and `myOrders` only ever returns
 * the asking customer's orders, whatever the question says.
 */
export interface AssistantTools {
  /** Active products matching `text`, best first (at most 8). */
  searchProducts(text: string): Promise<readonly AssistantProduct[]>;
  /** One active product with its description and attributes; null when unknown or inactive. */
  productDetail(id: string): Promise<Record<string, unknown> | null>;
  /** Products on offer now (at most 10). */
  offers(): Promise<readonly AssistantOffer[]>;
  /** The asking customer's latest orders (at most 10). */
  myOrders(): Promise<readonly AssistantOrder[]>;
  /** Units available of one active product; null when unknown or inactive. */
  stock(productId: string): Promise<AssistantStock | null>;
  /** Hours, shipping and payment methods, as configured. */
  shopInfo(): Promise<ShopInformation>;
}

/** The names of the tools, as an assistant's tool calls and a templated answer refer to them. */
export type AssistantToolName = keyof AssistantTools;

export interface AssistantAnswer {
  readonly text: string;
  /** Products the answer proposes; the engine renders them as buttons the user may press. */
  readonly suggestedProductIds: readonly string[];
}

export interface AssistantContext {
  readonly locale: Locale;
  readonly tools: AssistantTools;
  /** The asking customer: the key of per-customer rate limits and token budgets. Optional for callers that have none. */
  readonly customerId?: string;
  /** The chat (e.g. `chat:5550001`): the key of the short per-chat memory. Defaults to `customerId`. */
  readonly chatId?: string;
  /**
   * The product the customer is looking at (the open product card) or was last shown alone (an
   * answer with one product), from the chat's state: what a follow-up that names no product
   * ("¿y cuánto sale?", "is it in stock?", "¿tenés en otro color?") is about. Only its id: every
   * figure is still looked up with the tools.
   */
  readonly focusProductId?: string | null;
  /**
   * Every product the customer was last shown, when that was a list (an answer with several
   * products): what a price or stock follow-up that names no product ("¿y tienen stock?") is
   * about when no single product is in focus. Only ids; figures are looked up with the tools.
   */
  readonly focusProductIds?: readonly string[];
}

export interface Assistant {
  /** Throws `AssistantUnavailableError` when it cannot answer; see the rules above. */
  answer(question: string, context: AssistantContext): Promise<AssistantAnswer>;
}

/**
 * What an image shows, as structured attributes that drive a catalog search (core's
 * `photoQueries`): `labels` are search words, most specific first (the kind of product and the
 * brand among them). Example for a photo of a drill:
 * `{ labels: ['taladro percutor', 'Bosch'], kind: 'taladro percutor', brand: 'Bosch', colors: ['azul'], text: 'GSB 13 RE' }`.
 */
export interface ImageDescription {
  readonly labels: readonly string[];
  /** Text read in the image (a label, a model number), or null. */
  readonly text: string | null;
  readonly colors: readonly string[];
  /** The kind of product, in the customer's words ("taladro percutor"), when recognised. */
  readonly kind?: string | null;
  /** The brand, when one is visible or recognised. */
  readonly brand?: string | null;
}

/**
 * Reads a photo. `describe` throws `IMAGE.UNSUPPORTED` for bytes that are not an image it can read
 * and `IMAGE.TOO_LARGE` above its size limit (both ValidationErrors: the customer is told
 * politely); a provider that is down or slow throws an `AdapterError` with `retryable: true`.
 * `fingerprint` is a perceptual hash: the same picture cropped a little, slightly rotated,
 * lighter or darker keeps a close fingerprint (a versioned string, e.g. `ph2:…`); only the
 * adapter that made two fingerprints can say how close they are.
 */
export interface ImageAnalyzer {
  /** `IMAGE.UNSUPPORTED` when the bytes are not an image it can read. */
  describe(bytes: Uint8Array, mimeType: string): Promise<ImageDescription>;
  fingerprint(bytes: Uint8Array, mimeType: string): Promise<string>;
}

/** A catalog product whose image looks like a photo: `similarity` 1 is the same picture, 0 nothing alike. */
export interface ImageMatch {
  readonly productId: string;
  readonly imageId: string;
  readonly similarity: number;
}

/**
 * Finds catalog products in a customer's photo without any AI service, by comparing perceptual
 * fingerprints of the catalog's images (computed when an image is uploaded or seeded, see
 * `index`). A photo of a catalog item (cropped, slightly rotated, lighter or darker) finds it
 * first; a photo of something else finds nothing, so the bot can say "no encontré" honestly.
 *
 *   await matcher.index({ imageId: 'img-1', productId: 'p-1', bytes, mimeType: 'image/png' });
 *   await matcher.match(photoOfIt, 'image/jpeg')     // → [{ productId: 'p-1', imageId: 'img-1', similarity: 0.93 }]
 *   await matcher.match(photoOfACat, 'image/jpeg')   // → []
 *
 * Throws `IMAGE.UNSUPPORTED` for bytes it cannot decode and `IMAGE.TOO_LARGE` above its limits.
 */
export interface ProductImageMatcher {
  /** Products whose images match, best first, at most `limit` (default 5); empty when none is close enough. */
  match(bytes: Uint8Array, mimeType: string, options?: { readonly limit?: number }): Promise<readonly ImageMatch[]>;
  /** Fingerprints a catalog image and stores it; indexing the same image id again replaces it. */
  index(image: {
    readonly imageId: string;
    readonly productId: string;
    readonly bytes: Uint8Array;
    readonly mimeType: string;
  }): Promise<void>;
  /** Forgets the fingerprints of these images (a product's image replaced or deleted). */
  forget(imageIds: readonly string[]): Promise<void>;
}

// ---- invoicing ----

export interface VoucherRequest {
  readonly pointOfSale: number;
  readonly voucherType: VoucherType;
  readonly number: number;
  readonly issueDate: Date;
  readonly buyer: TaxProfile | null;
  readonly totals: VoucherTotals;
  readonly associated?: { readonly voucherType: VoucherType; readonly pointOfSale: number; readonly number: number };
}

export type AuthorizationResult =
  | {
      readonly status: 'approved';
      readonly cae: string;
      readonly caeDueDate: Date;
      readonly observations: readonly { code: string; message: string }[];
    }
  | { readonly status: 'rejected'; readonly errors: readonly { code: string; message: string }[] };

export interface AuthorizedVoucher {
  readonly number: number;
  readonly cae: string;
  readonly caeDueDate: Date;
  readonly total: Money;
  readonly issueDate: Date;
  /** What ARCA stored, for comparing with the voucher we meant to authorize (reconciliation). */
  readonly net?: Money;
  readonly vat?: Money;
  readonly docType?: number;
  readonly docNumber?: string;
}

/**
 * ARCA's voucher authorization (WSFEv1) for the issuer the adapter is configured with.
 * testkit's `invoiceAuthorizerContract` pins these rules against the ARCA emulator.
 *
 * - `authorize` is **not idempotent**: ARCA numbers vouchers per (CUIT, point of sale, type) and
 *   accepts only the next number; re-sending an approved voucher is rejected with code `10016`
 *   while `lookup` shows it approved. Callers serialize per sequence and reconcile (below).
 * - An expected refusal is a value: `{ status: 'rejected', errors: [{ code: '10048', message }] }`
 *   with ARCA's codes as strings (request-level `Errors` and the voucher's `Observaciones`).
 *   Observations of an approved voucher (e.g. 10217) come in `observations`.
 * - A throw is an `AdapterError`: `INVOICING.OUTCOME_UNKNOWN` (retryable: the request may have
 *   reached ARCA and no answer came: timeout, connection cut) — the caller must reconcile with
 *   `lastAuthorizedNumber` + `lookup` before sending again, never blindly retry;
 *   `INVOICING.UNAVAILABLE` (retryable: 501, network down before sending, maintenance);
 *   `INVOICING.AUTH_FAILED` (WSAA refused the certificate; not retryable without a fix);
 *   `INVOICING.TICKET_UNAVAILABLE` (retryable: ARCA holds a ticket this app lost).
 *   Expired tickets (600) are renewed inside the adapter, once.
 * - `lastAuthorizedNumber` is 0 for a sequence with no voucher; `lookup` is null for an unknown
 *   number (602).
 *
 * Example: with nothing issued, `lastAuthorizedNumber(1, 'FACTURA_B')` → 0;
 * `authorize({ pointOfSale: 1, voucherType: 'FACTURA_B', number: 1, … })` →
 * `{ status: 'approved', cae: '7…' (14 digits), caeDueDate: issue date + 10 days, observations: [] }`;
 * the same request again → `{ status: 'rejected', errors: [{ code: '10016', … }] }`.
 */
export interface InvoiceAuthorizer {
  lastAuthorizedNumber(pointOfSale: number, voucherType: VoucherType): Promise<number>;
  authorize(request: VoucherRequest): Promise<AuthorizationResult>;
  /** null when ARCA has no such voucher (602). */
  lookup(pointOfSale: number, voucherType: VoucherType, number: number): Promise<AuthorizedVoucher | null>;
}

/**
 * Renders documents to PDF from data: core hands over what to show (an `InvoiceDocument`, a
 * `ReportDocument`), the renderer owns templates, wording, number and date formats for the
 * document's `locale`, fonts and the shop's logo. testkit's `documentRendererContract` pins it.
 *
 * Example: `renderInvoice(invoiceDocumentOf(invoice, order, settings, 'es'))` → the bytes of a PDF
 * (`%PDF-…%%EOF`) with the letter box, the CAE and the RG 4892 QR code.
 */
export interface DocumentRenderer {
  renderInvoice(document: InvoiceDocument): Promise<Uint8Array>;
  /** A PDF of the report, charts drawn as vector graphics. */
  renderReport(report: ReportDocument): Promise<Uint8Array>;
}

// ---- jobs ----
//
// Queues of jobs, delivered at least once: a handler may run again for the same job (a worker died
// mid-job, a retry after an error), so handlers are idempotent (the job id, stable per piece of
// work, is the usual key). How campaigns use it:
//
//   queue.consume('campaign.chat', sendOne, { concurrency: 4, rateLimit: { key: 'channel:chat', perSecond: 30 } });
//   for (const customer of audience)
//     await queue.enqueue('campaign.chat', { campaignId, customerId: customer.id },
//       { jobId: `campaign:${campaignId}:${customer.id}`, attempts: 5 });   // a second enqueue is a no-op
//
// A handler that meets a rate limit throws `RetryLaterError` (or lets the channel's
// `CHANNEL.RATE_LIMITED` AdapterError with `details.retryAfterSeconds` through): the job runs again
// after that wait without using an attempt, and every consumer sharing its rate limit pauses too.
// Any other error uses an attempt; after the last one the job is kept as a dead letter.
// `packages/testkit`'s `jobQueueContract` pins these rules for every queue.

export interface JobOptions {
  readonly delayMs?: number;
  /**
   * A job with an id already queued, running or done (within the queue's retention, at least a
   * day) is not added again: `enqueue` returns the id and changes nothing. Ids are per queue.
   */
  readonly jobId?: string;
  /** Attempts in all (default 3); failures wait `backoffMs` × 2^(attempt − 1) before the next one. */
  readonly attempts?: number;
  /** First wait after a failed attempt (default 1,000 ms), doubling each time. */
  readonly backoffMs?: number;
}

/**
 * A rate shared by every consumer (any queue, any worker, any process) naming the same `key`,
 * e.g. `channel:<name>` for everything sent through one channel's bot. Starts are spaced evenly
 * (1000 / perSecond ms apart), never bunched at the start of a window.
 */
export interface RateLimit {
  readonly key: string;
  readonly perSecond: number;
}

export interface ConsumeOptions {
  /** Jobs of this queue running at once in this process (default 1). */
  readonly concurrency?: number;
  /** Caps this queue alone across all workers (the same as `rateLimit: { key: <queue>, perSecond }`). */
  readonly ratePerSecond?: number;
  /** A rate shared with other queues naming the same key; takes precedence over `ratePerSecond`. */
  readonly rateLimit?: RateLimit;
}

export interface JobMeta {
  /** 1 for the first run; a rate-limited postponement does not count. */
  readonly attempt: number;
  readonly jobId: string;
  /** Attempts in all, as enqueued. */
  readonly maxAttempts?: number;
  /** The queue the job came from. */
  readonly queue?: string;
}

export type JobHandler<T> = (payload: T, meta: JobMeta) => Promise<void>;

/** A job that failed every attempt, kept for inspection (and a manual retry by enqueueing it again under another id). */
export interface DeadLetter {
  readonly queue: string;
  readonly jobId: string;
  readonly payload: unknown;
  readonly attempts: number;
  /** The last error's message (never a stack, never the payload). */
  readonly error: string;
  readonly failedAt: Date;
}

export interface JobQueue {
  enqueue<T>(queue: string, payload: T, options?: JobOptions): Promise<string>;
  /** Registers the consumer of a queue (one per queue per process); see `ConsumeOptions`. */
  consume<T>(queue: string, handler: JobHandler<T>, options?: ConsumeOptions): void;
  start(): Promise<void>;
  /** Stops taking jobs and waits for running handlers to finish. */
  stop(): Promise<void>;
  /** The newest dead letters of a queue (most recent first). Optional for queues that keep none. */
  listDeadLetters?(queue: string, limit?: number): Promise<readonly DeadLetter[]>;
}
