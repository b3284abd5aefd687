import type { Category, Product } from '../catalog/product.js';
import type { Customer } from '../customers/customer.js';
import type { Invoice, VoucherType } from '../invoicing/invoice.js';
import type {
  AudienceSegment,
  Campaign,
  CampaignProgress,
  CampaignRecipient,
  CampaignStatus,
  RecipientStatus,
} from '../marketing/campaign.js';
import type { DomainEvent, OutboxRecord } from '../notifications/domain-event.js';
import type { Cart } from '../ordering/cart.js';
import type { Order, OrderStatus } from '../ordering/order.js';
import type { StockMovement } from '../ordering/stock-movement.js';
import type { PaymentCheckout } from '../payments/checkout.js';
import type { Payment } from '../payments/payment.js';
import type { ChannelIdentity, Locale, Page, PageRequest } from '../shared/types.js';
import type { RefreshTokenRecord, StaffUser } from '../staff/staff-user.js';
import type { ReportQueries } from './report-queries.js';

/**
 * Repository conventions (pinned by the contract suites in testkit):
 * - `get*` returns `null` when absent; `require*`-style checks belong to use cases.
 * - `save` inserts or replaces the whole aggregate.
 * - Stock changes are single conditional statements so they are atomic without locks.
 */
export interface ProductRepository {
  get(id: string): Promise<Product | null>;
  getBySku(sku: string): Promise<Product | null>;
  getMany(ids: readonly string[]): Promise<Product[]>;
  /**
   * The products holding these SKUs (case-sensitive; unknown SKUs skipped; any order), in one read.
   * `lock: true` (inside a transaction) keeps them from changing until it ends (`FOR UPDATE`), so a
   * whole-row `saveMany` of them cannot overwrite a reservation made meanwhile.
   */
  findBySkus(skus: readonly string[], options?: { readonly lock?: boolean }): Promise<Product[]>;
  list(filter: { categoryId?: string; activeOnly?: boolean; onOffer?: boolean; at?: Date }, page: PageRequest): Promise<Page<Product>>;
  /** Throws ConflictError `PRODUCT.SKU_TAKEN` when another product holds the SKU (case-sensitive). */
  save(product: Product): Promise<void>;
  /** `save` for many products in few statements (a bulk import); same conflict rule. */
  saveMany(products: readonly Product[]): Promise<void>;
  /** Adds `quantity` to reserved only if that many units are available. Returns false (and changes nothing) otherwise, also for an unknown product. */
  reserve(productId: string, quantity: number): Promise<boolean>;
  /** Returns reserved units to availability (cancel, expiry). Never drives reserved below zero. */
  release(productId: string, quantity: number): Promise<void>;
  /** Reserved units leave the shop (payment): stock on hand and reserved both drop. */
  commit(productId: string, quantity: number): Promise<void>;
  /** Changes stock on hand by `delta`; refuses (returns false) when on hand would fall below reserved, or the product is unknown. */
  adjust(productId: string, delta: number): Promise<boolean>;
  /** Active products whose available stock (on hand − reserved) is ≤ `threshold`, least available first. */
  lowStock(threshold: number, limit: number): Promise<Product[]>;
}

export interface CategoryRepository {
  get(id: string): Promise<Category | null>;
  getBySlug(slug: string): Promise<Category | null>;
  list(): Promise<Category[]>;
  /** Throws ConflictError `CATEGORY.SLUG_TAKEN` when another category holds the slug. */
  save(category: Category): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface CustomerRepository {
  get(id: string): Promise<Customer | null>;
  findByIdentity(identity: ChannelIdentity): Promise<Customer | null>;
  list(filter: { query?: string; marketingConsent?: boolean }, page: PageRequest): Promise<Page<Customer>>;
  /** Throws ConflictError `CUSTOMER.IDENTITY_DUPLICATE` when the customer lists the same identity twice. */
  save(customer: Customer): Promise<void>;
}

export interface CartRepository {
  get(customerId: string, channel: string): Promise<Cart | null>;
  /** One cart per (customer, channel): saving another cart id for the pair replaces the old cart (never a conflict). */
  save(cart: Cart): Promise<void>;
  delete(cartId: string): Promise<void>;
}

export interface OrderFilter {
  readonly customerId?: string;
  readonly status?: readonly OrderStatus[];
  /** Inclusive. */
  readonly createdFrom?: Date;
  /** Exclusive: `[createdFrom, createdTo)`. */
  readonly createdTo?: Date;
  /**
   * The contact's name or phone contains this text: a name ignoring case and accents ("jose"
   * finds "José Pérez"), a phone by its digits ("4555 6677" finds "+541145556677"). Blank: no filter.
   */
  readonly contactQuery?: string;
}

export interface OrderRepository {
  /**
   * `lock: true` (inside a transaction) holds the order row until the transaction ends
   * (`FOR UPDATE`): concurrent writers about the same order (two webhooks of one payment) take turns.
   */
  get(id: string, options?: { readonly lock?: boolean }): Promise<Order | null>;
  getByNumber(number: number): Promise<Order | null>;
  /** Newest first. */
  list(filter: OrderFilter, page: PageRequest): Promise<Page<Order>>;
  /** Placed orders whose reservation lapsed before `at` (`reservationExpiresAt < at`), oldest first. */
  listExpired(at: Date, limit: number): Promise<Order[]>;
  nextNumber(): Promise<number>;
  /**
   * Inserts (version 1) or updates the order. An update succeeds only if the stored version is
   * `order.version - 1`; otherwise it throws a ConflictError with code `ORDER.CONCURRENT_UPDATE`.
   * A number held by another order throws ConflictError `ORDER.NUMBER_TAKEN`.
   */
  save(order: Order): Promise<void>;
}

export interface PaymentRepository {
  get(id: string): Promise<Payment | null>;
  getByProviderId(provider: string, providerPaymentId: string): Promise<Payment | null>;
  listByOrder(orderId: string): Promise<Payment[]>;
  /** Throws ConflictError `PAYMENT.DUPLICATE` when another payment holds the (provider, providerPaymentId). */
  save(payment: Payment): Promise<void>;
}

/**
 * Checkout sessions opened at payment providers, one per (order, provider, attempt). Example:
 * `insertIfAbsent(a)` stores `a` and returns it; a concurrent `insertIfAbsent(b)` of the same
 * (order, provider, attempt) stores nothing and returns `a`.
 */
export interface PaymentCheckoutRepository {
  /** The order's checkouts, oldest attempt first. */
  listByOrder(orderId: string): Promise<PaymentCheckout[]>;
  /** Stores the checkout unless one holds its (orderId, provider, attempt); returns the stored one. */
  insertIfAbsent(checkout: PaymentCheckout): Promise<PaymentCheckout>;
  /** Marks an open checkout `expired` or `closed`; no-op for an unknown or already closed one. */
  close(id: string, status: 'expired' | 'closed', at: Date): Promise<void>;
  /** Open checkouts, oldest expiry first, `expiresAt < before` when given. */
  listOpen(limit: number, before?: Date): Promise<PaymentCheckout[]>;
}

export interface InvoiceRepository {
  get(id: string): Promise<Invoice | null>;
  listByOrder(orderId: string): Promise<Invoice[]>;
  /** Highest number stored for the sequence, or 0. */
  lastNumber(issuerCuit: string, pointOfSale: number, voucherType: VoucherType): Promise<number>;
  /**
   * Throws ConflictError `INVOICE.NUMBER_TAKEN` when a pending or authorized invoice holds the
   * (cuit, point of sale, type, number). A rejected invoice holds no number: ARCA never used it.
   */
  save(invoice: Invoice): Promise<void>;
  /** Invoices in `status`, oldest first (e.g. `pending` ones left by a crash, for reconciliation). */
  listByStatus(status: Invoice['status'], limit: number): Promise<Invoice[]>;
}

export interface StaffUserRepository {
  get(id: string): Promise<StaffUser | null>;
  getByEmail(email: string): Promise<StaffUser | null>;
  findByChatIdentity(identity: ChannelIdentity): Promise<StaffUser | null>;
  list(): Promise<StaffUser[]>;
  /** Throws ConflictError `STAFF.EMAIL_TAKEN` on a duplicate email (case-insensitive). */
  save(user: StaffUser): Promise<void>;
}

export interface RefreshTokenRepository {
  getByHash(tokenHash: string): Promise<RefreshTokenRecord | null>;
  /** Throws ConflictError `AUTH.REFRESH_TOKEN_DUPLICATE` when another record holds the token hash. */
  save(record: RefreshTokenRecord): Promise<void>;
  /** Marks a token used only if it was unused; false when someone used it first. */
  markUsed(id: string, at: Date): Promise<boolean>;
  revokeFamily(familyId: string, at: Date): Promise<void>;
  revokeAllForUser(userId: string, at: Date): Promise<void>;
}

export interface StockMovementRepository {
  add(movement: StockMovement): Promise<void>;
  /** `add` for many movements in few statements (a bulk import). */
  addMany(movements: readonly StockMovement[]): Promise<void>;
  /** Newest first. */
  listByProduct(productId: string, page: PageRequest): Promise<Page<StockMovement>>;
}

export interface OutboxRepository {
  add(events: readonly DomainEvent[]): Promise<void>;
  /** Oldest undispatched first. */
  pending(limit: number): Promise<OutboxRecord[]>;
  markDispatched(ids: readonly string[], at: Date): Promise<void>;
}

/** Small key/value settings (generated signing keys, link codes, counters), JSON values. */
export interface SettingsRepository {
  get<T>(key: string): Promise<T | null>;
  set<T>(key: string, value: T): Promise<void>;
  /** Inserts only when absent; returns the stored value (the given one or the existing one). */
  setIfAbsent<T>(key: string, value: T): Promise<T>;
  delete(key: string): Promise<void>;
}

/** What `ConversationStore.begin` answers. */
export type ConversationStart =
  /** The update is new: it is now recorded as seen, and `state` is the chat's saved state (null for a new chat). */
  | { readonly fresh: true; readonly state: unknown | null }
  /** The update was seen before (a redelivery): nothing was recorded or read. */
  | { readonly fresh: false };

/** What `ConversationStore.beginWithSender` answers: `begin`'s answer, and for a fresh update the sender's customer. */
export type ConversationStartWithSender =
  /** As `begin`'s fresh answer; `sender` is the customer holding the sender's identity, null when nobody does yet. */
  { readonly fresh: true; readonly state: unknown | null; readonly sender: Customer | null } | { readonly fresh: false };

/**
 * Conversation state per (channel, chat), stored as JSON so any instance can serve a chat's next
 * update, and the record of channel update ids already handled. See conversation/state.ts.
 *
 * Both are keyed per channel: update '9001' of one channel and of another are two updates, chat
 * '42' of one channel and of another two chats. `begin` and `markProcessed` share one record of
 * seen updates, and neither changes a chat's state. Chats are independent: concurrent saves of
 * different chats never overwrite each other. testkit's `conversationStoreContract` pins these rules.
 *
 * Example: `begin('chat-app', '42', '9001', now)` → `{ fresh: true, state: null }` the first time,
 * `{ fresh: false }` for a second delivery of update 9001, whatever the chat; after
 * `save('chat-app', '42', { screen: 'cart' })`, `begin('chat-app', '42', '9002', now)` →
 * `{ fresh: true, state: { screen: 'cart' } }`.
 */
export interface ConversationStore {
  /**
   * Starts handling one update in a single step: records `updateKey` of `channel` as seen and
   * returns the chat's state. Exactly one of several concurrent calls with the same key is `fresh`.
   * An update is recorded before it is handled: a crash while handling it loses its reply, never
   * repeats its effects (the person taps or writes again).
   */
  begin(channel: string, chatId: string, updateKey: string, at: Date): Promise<ConversationStart>;
  /**
   * Optional: `begin`, and in the same round trip the customer holding `sender` (as
   * `CustomerRepository.findByIdentity` answers), read only when the update is fresh. It creates
   * no customer. A store that cannot do both in one step leaves it out; core's chat driver then
   * looks the sender up beside `begin`.
   */
  beginWithSender?(
    channel: string,
    chatId: string,
    updateKey: string,
    at: Date,
    sender: ChannelIdentity,
  ): Promise<ConversationStartWithSender>;
  /** The chat's saved state, or null. */
  load(channel: string, chatId: string): Promise<unknown | null>;
  /** Replaces the chat's whole state (JSON-serializable; what `load` returns is equal to it, not the same object). */
  save(channel: string, chatId: string, state: unknown): Promise<void>;
  /** True the first time a channel update id is seen, false on a redelivery. */
  markProcessed(channel: string, updateKey: string, at: Date): Promise<boolean>;
}

// ---- notifications and campaigns ----

/** Who a campaign reaches: a consenting customer, where and in which language. */
export interface AudienceMember {
  readonly customerId: string;
  readonly channel: string;
  /** The chat to send to: the customer's first identity on that channel (private chats: the user id). */
  readonly chatId: string;
  readonly locale: Locale;
}

/**
 * Campaigns and their recipients. Recipient rows are the delivery ledger: `claimRecipient` moves
 * one from queued to sending in a single conditional statement, so of several workers handed the
 * same recipient (a redelivered job, a resumed campaign) exactly one sends.
 */
export interface CampaignRepository {
  get(id: string): Promise<Campaign | null>;
  /** Newest first. */
  list(page: PageRequest): Promise<Page<Campaign>>;
  /** Inserts or replaces the campaign (not its recipients). */
  save(campaign: Campaign): Promise<void>;
  /**
   * Sets `status` only if the stored status is one of `from` (one conditional update); returns the
   * campaign as stored afterwards, or null when it was not in one of `from` (or is unknown).
   */
  transition(
    id: string,
    from: readonly CampaignStatus[],
    to: CampaignStatus,
    at: Date,
    changes?: { startedAt?: Date; finishedAt?: Date; resumes?: number },
  ): Promise<Campaign | null>;
  /**
   * Consenting customers of `segment` with an identity, ordered by customer id, after `afterCustomerId`
   * (keyset paging). A customer with several channels is reached on their first identity.
   */
  audience(segment: AudienceSegment, afterCustomerId: string | null, limit: number): Promise<AudienceMember[]>;
  /** Adds recipients as queued; ones already there are left as they are. Returns how many were new. */
  addRecipients(campaignId: string, members: readonly AudienceMember[], at: Date): Promise<number>;
  getRecipient(campaignId: string, customerId: string): Promise<CampaignRecipient | null>;
  /** queued → sending, atomically; null when the recipient is not queued (already claimed, done or unknown). */
  claimRecipient(campaignId: string, customerId: string, at: Date): Promise<CampaignRecipient | null>;
  /**
   * Records a recipient's outcome. `queued` gives a claim back (the channel answered that nothing
   * was delivered). With `from`, only when the stored status is one of them (one conditional
   * statement: of concurrent callers one wins). True when the row changed.
   */
  finishRecipient(
    campaignId: string,
    customerId: string,
    status: RecipientStatus,
    at: Date,
    error?: string | null,
    from?: readonly RecipientStatus[],
  ): Promise<boolean>;
  /** Queued recipients' customer ids, ordered, after `afterCustomerId` (keyset paging). */
  queuedRecipients(campaignId: string, afterCustomerId: string | null, limit: number): Promise<string[]>;
  /** Marks every still-queued recipient skipped (a cancelled campaign); returns how many. */
  skipQueued(campaignId: string, at: Date): Promise<number>;
  progress(campaignId: string): Promise<CampaignProgress>;
}

/** "Tell me when it is back": one subscription per (product, customer). */
export interface StockAlertRepository {
  /** Returns false when the customer already waits for the product. */
  subscribe(productId: string, customerId: string, at: Date): Promise<boolean>;
  /** Customer ids waiting for the product, oldest subscription first. */
  subscribers(productId: string, limit: number): Promise<string[]>;
  isSubscribed(productId: string, customerId: string): Promise<boolean>;
  remove(productId: string, customerId: string): Promise<void>;
}

/**
 * Which notifications went out, by key (`<event key>|<recipient>`): `claim` inserts the key once
 * (true for exactly one of concurrent callers); `release` gives a claim back when the send failed
 * and will be retried.
 */
export interface NotificationLogRepository {
  claim(key: string, at: Date): Promise<boolean>;
  release(key: string): Promise<void>;
}

export interface Repositories {
  readonly products: ProductRepository;
  readonly categories: CategoryRepository;
  readonly customers: CustomerRepository;
  readonly carts: CartRepository;
  readonly orders: OrderRepository;
  readonly payments: PaymentRepository;
  readonly paymentCheckouts: PaymentCheckoutRepository;
  readonly invoices: InvoiceRepository;
  readonly staff: StaffUserRepository;
  readonly refreshTokens: RefreshTokenRepository;
  readonly stockMovements: StockMovementRepository;
  readonly outbox: OutboxRepository;
  readonly settings: SettingsRepository;
  readonly conversations: ConversationStore;
  readonly campaigns: CampaignRepository;
  readonly stockAlerts: StockAlertRepository;
  readonly notificationLog: NotificationLogRepository;
  /** Aggregates for reports (read-only). */
  readonly reports: ReportQueries;
}

export interface UnitOfWork {
  /**
   * Runs `work` in one transaction with repositories bound to it: commits when it resolves,
   * rolls back when it throws. Work must not keep the repositories after it returns.
   */
  transaction<T>(work: (repositories: Repositories) => Promise<T>): Promise<T>;
  /** Repositories outside any transaction: reads and single-statement writes. */
  readonly repositories: Repositories;
  /**
   * The most rows one transaction of a bulk write (a catalog import) should write, when the
   * database serves one transaction at a time (embedded PGlite) and a longer one would hold up
   * every other request; undefined when transactions run side by side (PostgreSQL): then a bulk
   * write is one transaction.
   */
  readonly bulkWriteRows?: number;
  /**
   * With `bulkWriteRows`: awaited between the slices of a bulk write. Resolves once the work
   * waiting for the database (requests, jobs) has had its turn, or after a short bound so the bulk
   * write keeps moving under constant traffic. Absent: a timer turn is enough.
   */
  yieldBetweenSlices?(): Promise<void>;
  /**
   * Runs a bulk write (every read and slice of a catalog import). On a database that serves one
   * borrower at a time, background work (jobs, the outbox dispatch) waits while it runs — at most a
   * bound, so it is never starved — instead of taking turns with its slices and the requests
   * answered between them. Absent: the work just runs.
   */
  runBulk?<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Runs background work (the outbox dispatch): on a database that serves one borrower at a time,
   * its statements go after waiting foreground work and bulk writes, within that bound. Absent: the
   * work just runs.
   */
  runInBackground?<T>(work: () => Promise<T>): Promise<T>;
}
