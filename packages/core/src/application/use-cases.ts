import type { Discount } from '../catalog/discount.js';
import type { Category, Product } from '../catalog/product.js';
import type { Customer } from '../customers/customer.js';
import type { TaxProfile } from '../customers/tax-profile.js';
import type { MarketingUseCases } from '../marketing/marketing-use-cases.js';
import type { Money } from '../money/money.js';
import type { VatRate } from '../money/vat.js';
import type { ContactDetails, DeliveryDetails, Order, OrderStatus } from '../ordering/order.js';
import type { StockMovement } from '../ordering/stock-movement.js';
import type { ProductSearchQuery } from '../ports/product-search.js';
import type { OrderFilter } from '../ports/repositories.js';
import type { ProviderPayment } from '../ports/services.js';
import type { DocumentUseCases, ReportUseCases } from '../reporting/report-use-cases.js';
import type { ChannelIdentity, ChannelName, Locale, Page, PageRequest, Translations } from '../shared/types.js';
import type { Role, StaffUser } from '../staff/staff-user.js';
import type { PaymentUseCases } from './payment-use-cases.js';

/** Who is acting: a staff user (roles checked by use cases too, not only by the HTTP layer), a customer, or the system. */
export type Actor =
  | { readonly kind: 'staff'; readonly userId: string; readonly roles: readonly Role[] }
  | { readonly kind: 'customer'; readonly customerId: string }
  | { readonly kind: 'system' };

/** A staff user acting, with the roles their account holds. */
export type StaffActor = Extract<Actor, { readonly kind: 'staff' }>;

/** A product as shown to people: with its effective price at a time and what can be bought. */
export interface ProductView {
  readonly product: Product;
  readonly effectivePrice: Money;
  /** True when a discount is active at the time asked. */
  readonly onOffer: boolean;
  readonly available: number;
}

export interface CartLineView {
  readonly product: ProductView;
  readonly quantity: number;
  readonly lineTotal: Money;
  /** The line asks for more than is available now. */
  readonly shortBy: number;
}

export interface CartView {
  readonly customerId: string;
  readonly channel: ChannelName;
  readonly lines: readonly CartLineView[];
  readonly total: Money;
  readonly itemCount: number;
}

export interface ProductInput {
  readonly sku: string;
  readonly name: string;
  readonly description?: string;
  readonly categoryId?: string | null;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly price: Money;
  readonly vatRate: VatRate;
  readonly stockOnHand?: number;
  readonly active?: boolean;
  readonly translations?: Translations;
  readonly discount?: Discount | null;
  readonly imageIds?: readonly { id: string; mimeType: string; width?: number; height?: number }[];
}

export interface ImportRowError {
  readonly row: number;
  readonly field: string | null;
  readonly code: string;
  readonly message: string;
}

export type ImportResult =
  | { readonly status: 'imported'; readonly created: number; readonly updated: number }
  | {
      readonly status: 'rejected';
      readonly errors: readonly ImportRowError[];
      /**
       * Rows already written when a later slice was refused (only when the unit of work writes in
       * slices, see `UnitOfWork.bulkWriteRows`, and an order reserved stock meanwhile). Sending
       * the same rows again completes the import: it is idempotent.
       */
      readonly applied?: { readonly created: number; readonly updated: number };
    };

export interface PlaceOrderInput {
  readonly customerId: string;
  readonly channel: ChannelName;
  readonly contact: ContactDetails;
  readonly delivery: DeliveryDetails;
  /** Buyer's tax data when they want an identified invoice. */
  readonly billing: TaxProfile | null;
}

export type PaymentUpdateOutcome =
  | { readonly status: 'order-paid'; readonly order: Order }
  | { readonly status: 'order-refunded'; readonly order: Order }
  | { readonly status: 'recorded'; readonly order: Order }
  | { readonly status: 'duplicate' }
  /** An approved payment whose amount or currency does not match the order: recorded, flagged for staff, the order untouched. */
  | { readonly status: 'flagged'; readonly order: Order; readonly reason: string }
  /** Money arrived for an order that can no longer take it (expired, cancelled): staff must refund. */
  | { readonly status: 'needs-refund'; readonly order: Order; readonly reason: string };

export interface SalesSummary {
  readonly from: Date;
  readonly to: Date;
  readonly ordersPlaced: number;
  readonly ordersPaid: number;
  readonly revenue: Money;
  readonly byStatus: Readonly<Partial<Record<OrderStatus, number>>>;
  readonly topProducts: readonly { productId: string; name: string; quantity: number; revenue: Money }[];
}

export interface CatalogUseCases {
  listCategories(): Promise<Category[]>;
  listProducts(filter: { categoryId?: string; includeInactive?: boolean }, page: PageRequest): Promise<Page<ProductView>>;
  getProduct(id: string): Promise<ProductView | null>;
  search(query: ProductSearchQuery, page: PageRequest): Promise<Page<ProductView>>;
  offers(page: PageRequest): Promise<Page<ProductView>>;
  createProduct(actor: Actor, input: ProductInput): Promise<Product>;
  updateProduct(actor: Actor, id: string, patch: Partial<ProductInput>): Promise<Product>;
  /** Sets on hand to a counted value or moves it by a delta, with a reason kept in the audit trail. */
  adjustStock(actor: Actor, productId: string, change: { delta: number; note: string }): Promise<Product>;
  stockMovements(productId: string, page: PageRequest): Promise<Page<StockMovement>>;
  setDiscount(actor: Actor, productId: string, discount: Discount | null): Promise<Product>;
  /** All rows valid → all applied in one transaction; any invalid → nothing applied, every error reported. */
  importProducts(actor: Actor, rows: readonly Readonly<Record<string, string>>[]): Promise<ImportResult>;
  saveCategory(
    actor: Actor,
    input: { id?: string; slug: string; name: string; parentId?: string | null; position?: number; translations?: Translations },
  ): Promise<Category>;
  deleteCategory(actor: Actor, id: string): Promise<void>;
  lowStock(threshold: number): Promise<Product[]>;
}

export interface CustomerUseCases {
  /** Finds the customer behind a channel identity, creating them on first contact. */
  identify(identity: ChannelIdentity, profile: { displayName: string; language: Locale }): Promise<Customer>;
  /** The customer behind a channel identity, or null; creates nothing (one read). */
  findByIdentity(identity: ChannelIdentity): Promise<Customer | null>;
  get(id: string): Promise<Customer | null>;
  list(actor: Actor, filter: { query?: string }, page: PageRequest): Promise<Page<Customer>>;
  update(
    actor: Actor,
    id: string,
    patch: {
      name?: string;
      language?: Locale;
      marketingConsent?: boolean;
      phone?: string | null;
      email?: string | null;
      taxProfile?: TaxProfile | null;
    },
  ): Promise<Customer>;
}

export interface CartUseCases {
  view(customerId: string, channel: ChannelName): Promise<CartView>;
  /** Adds to the line (or creates it); `STOCK.INSUFFICIENT` when the cart would exceed availability. */
  add(customerId: string, channel: ChannelName, productId: string, quantity: number): Promise<CartView>;
  /** 0 removes the line. */
  setQuantity(customerId: string, channel: ChannelName, productId: string, quantity: number): Promise<CartView>;
  remove(customerId: string, channel: ChannelName, productId: string): Promise<CartView>;
  empty(customerId: string, channel: ChannelName): Promise<CartView>;
}

export interface OrderUseCases {
  /** Turns the cart into a placed order, reserving stock atomically; `STOCK.INSUFFICIENT` names the short lines. */
  place(input: PlaceOrderInput): Promise<Order>;
  cancel(actor: Actor, orderId: string, reason: string | null): Promise<Order>;
  /** Releases lapsed reservations; returns how many orders expired. */
  expireReservations(): Promise<number>;
  /** Applies a provider payment (already re-read from the provider), idempotently by event id. */
  applyPayment(provider: string, payment: ProviderPayment, eventId: string): Promise<PaymentUpdateOutcome>;
  /** Staff move an order along the state machine (ship, deliver, ...). */
  changeStatus(actor: Actor, orderId: string, to: OrderStatus, note: string | null): Promise<Order>;
  get(actor: Actor, orderId: string): Promise<Order | null>;
  getByNumber(actor: Actor, number: number): Promise<Order | null>;
  list(actor: Actor, filter: OrderFilter, page: PageRequest): Promise<Page<Order>>;
  salesSummary(actor: Actor, range: { from: Date; to: Date }): Promise<SalesSummary>;
  /**
   * Staff send a note to the customer of an order: an `order.customer_message` event in the
   * outbox, which the notifications consumer delivers. `ORDER.MESSAGE_INVALID` outside 2–500 characters.
   */
  messageCustomer(actor: Actor, orderId: string, text: string): Promise<Order>;
}

export interface StaffUseCases {
  createUser(actor: Actor, input: { email: string; name: string; password: string; roles: readonly Role[] }): Promise<StaffUser>;
  updateUser(
    actor: Actor,
    id: string,
    patch: { name?: string; roles?: readonly Role[]; active?: boolean; password?: string; currentPassword?: string },
  ): Promise<StaffUser>;
  listUsers(actor: Actor): Promise<StaffUser[]>;
  /** `AUTH.INVALID_CREDENTIALS` for an unknown email, a wrong password or an inactive account alike. */
  authenticate(email: string, password: string): Promise<StaffUser>;
  /** A one-time code (valid 15 min) the staff user sends to the bot to link their chat. */
  createChatLinkCode(actor: Actor): Promise<{ code: string; expiresAt: Date }>;
  linkChat(code: string, identity: ChannelIdentity): Promise<StaffUser>;
  findByChat(identity: ChannelIdentity): Promise<StaffUser | null>;
}

/** A session just started or continued: the user as stored now and the refresh token to present next time. */
export interface SignedIn {
  readonly user: StaffUser;
  /** Opaque and single use; only its digest is stored. */
  readonly refreshToken: string;
}

export interface AuthUseCases {
  /**
   * Checks email and password and starts a session (a new refresh-token family).
   * `AUTH.INVALID_CREDENTIALS` for an unknown email, a wrong password and an inactive account
   * alike, at the same cost (one password verification each).
   */
  login(email: string, password: string): Promise<SignedIn>;
  /**
   * Spends `refreshToken` and returns its successor in the same family, with the user as stored
   * now. `AUTH.REFRESH_INVALID` (unknown token or inactive account), `AUTH.REFRESH_REVOKED`,
   * `AUTH.REFRESH_EXPIRED`, or `AUTH.REFRESH_REUSED` for a token already spent, which also
   * revokes its whole family.
   */
  refresh(refreshToken: string): Promise<SignedIn>;
  /** Revokes the family of `refreshToken` (sign-out); an unknown token is ignored. */
  logout(refreshToken: string): Promise<void>;
  /**
   * The actor behind a verified access token, with the account's current roles: a deactivated or
   * deleted account gets `AUTH.ACCOUNT_INACTIVE`, a demoted one acts with its new roles at once.
   */
  staffActor(userId: string): Promise<StaffActor>;
  /**
   * A staff user changes their own password, proving the current one (`STAFF.CURRENT_PASSWORD_REQUIRED`,
   * `STAFF.CURRENT_PASSWORD_WRONG`). Every session of the user is revoked and a new one is
   * returned, so the caller stays signed in and every other device is signed out.
   */
  changeOwnPassword(actor: Actor, change: { currentPassword?: string; newPassword: string }): Promise<SignedIn>;
  /**
   * An owner (or the system) sets another user's password without knowing the old one: revokes
   * that user's sessions and records `staff.password_reset` in the outbox (the audit trail).
   */
  resetPassword(actor: Actor, userId: string, newPassword: string): Promise<StaffUser>;
}

/** Everything driving adapters (HTTP, chat, jobs) may ask of the core. */
export interface UseCases {
  readonly catalog: CatalogUseCases;
  readonly customers: CustomerUseCases;
  readonly cart: CartUseCases;
  readonly orders: OrderUseCases;
  readonly staff: StaffUseCases;
  readonly auth: AuthUseCases;
  /** Offer campaigns, marketing consent and back-in-stock alerts. */
  readonly marketing: MarketingUseCases;
  /** Checkouts, provider webhooks, reconciliation, refunds and manual payments. */
  readonly payments: PaymentUseCases;
  /** Reports as data and rows (issue 14). */
  readonly reports: ReportUseCases;
  /** Printable documents as data: vouchers (issue 14). */
  readonly documents: DocumentUseCases;
}
