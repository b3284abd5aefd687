import type { SalesSummary } from '../application/use-cases.js';
import type { TaxProfile } from '../customers/tax-profile.js';
import type { Invoice, VoucherTotals, VoucherType } from '../invoicing/invoice.js';
import type { Money } from '../money/money.js';
import type { Order } from '../ordering/order.js';
import type { PaymentStatus } from '../payments/payment.js';
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

export interface CheckoutRequest {
  readonly order: Order;
  readonly payerEmail: string | null;
  readonly notificationUrl: string | null;
  readonly backUrl: string | null;
  readonly expiresAt: Date;
  /** Sent to the provider so a retried create is not duplicated. */
  readonly idempotencyKey: string;
}

export interface CheckoutSession {
  readonly providerReference: string;
  readonly paymentUrl: string;
}

/** Raw webhook as received: adapters never see the web framework. */
export interface WebhookRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
  readonly rawBody: Uint8Array | null;
}

export type WebhookOutcome =
  | { readonly kind: 'payment'; readonly providerPaymentId: string; readonly eventId: string }
  | { readonly kind: 'ignored'; readonly reason: string };

export interface ProviderPayment {
  readonly providerPaymentId: string;
  readonly orderId: string;
  readonly status: PaymentStatus;
  readonly statusDetail: string | null;
  readonly amount: Money;
  readonly refundedAmount: Money;
}

export interface PaymentGateway {
  readonly provider: string;
  createCheckout(request: CheckoutRequest): Promise<CheckoutSession>;
  /** Verifies authenticity (throws `PAYMENT.SIGNATURE_INVALID`) and says which payment it concerns. */
  parseWebhook(request: WebhookRequest): Promise<WebhookOutcome>;
  /** The source of truth: always re-read after a webhook. */
  fetchPayment(providerPaymentId: string): Promise<ProviderPayment>;
  refund(providerPaymentId: string, amount: Money | null, idempotencyKey: string): Promise<ProviderPayment>;
}

// ---- AI ----

/** Read-only tools the assistant may call; the engine supplies them bound to the asking customer. */
export interface AssistantTools {
  searchProducts(text: string): Promise<readonly { id: string; name: string; price: string; available: number }[]>;
  productDetail(id: string): Promise<Record<string, unknown> | null>;
  offers(): Promise<readonly { id: string; name: string; price: string; was: string }[]>;
  myOrders(): Promise<readonly { number: number; status: string; total: string }[]>;
}

export interface AssistantAnswer {
  readonly text: string;
  /** Products the answer proposes; the engine renders them as buttons the user may press. */
  readonly suggestedProductIds: readonly string[];
}

export interface Assistant {
  answer(question: string, context: { locale: Locale; tools: AssistantTools }): Promise<AssistantAnswer>;
}

export interface ImageDescription {
  readonly labels: readonly string[];
  readonly text: string | null;
  readonly colors: readonly string[];
}

export interface ImageAnalyzer {
  /** `IMAGE.UNSUPPORTED` when the bytes are not an image it can read. */
  describe(bytes: Uint8Array, mimeType: string): Promise<ImageDescription>;
  fingerprint(bytes: Uint8Array, mimeType: string): Promise<string>;
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
}

export interface InvoiceAuthorizer {
  lastAuthorizedNumber(pointOfSale: number, voucherType: VoucherType): Promise<number>;
  authorize(request: VoucherRequest): Promise<AuthorizationResult>;
  /** null when ARCA has no such voucher (602). */
  lookup(pointOfSale: number, voucherType: VoucherType, number: number): Promise<AuthorizedVoucher | null>;
}

/**
 * A report as data: the renderer owns its template (layout, wording of the labels, number and date
 * formats for `locale`). `title` is already in the report's language.
 */
export interface SalesReport {
  readonly kind: 'sales';
  readonly title: string;
  readonly locale: Locale;
  /** The shop's name, for the heading. */
  readonly shop: string;
  /** The period covered, `from` inclusive, `to` exclusive. */
  readonly period: { readonly from: Date; readonly to: Date };
  readonly summary: SalesSummary;
}

/** Every report a renderer may be asked for; `kind` tells them apart. */
export type ReportDocument = SalesReport;

export interface DocumentRenderer {
  renderInvoice(invoice: Invoice, order: Order, locale: Locale): Promise<Uint8Array>;
  /** A PDF of the report. */
  renderReport(report: ReportDocument): Promise<Uint8Array>;
}

// ---- jobs ----

export interface JobOptions {
  readonly delayMs?: number;
  /** A job with an id already queued or done is not added again. */
  readonly jobId?: string;
  readonly attempts?: number;
}

export type JobHandler<T> = (payload: T, meta: { attempt: number; jobId: string }) => Promise<void>;

export interface JobQueue {
  enqueue<T>(queue: string, payload: T, options?: JobOptions): Promise<string>;
  /** Registers the consumer of a queue; `ratePerSecond` caps consumption across all workers. */
  consume<T>(queue: string, handler: JobHandler<T>, options?: { concurrency?: number; ratePerSecond?: number }): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}
