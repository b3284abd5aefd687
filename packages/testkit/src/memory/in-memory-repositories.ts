import { randomUUID } from 'node:crypto';
import {
  availableStock,
  type Cart,
  type CartRepository,
  type Category,
  type CategoryRepository,
  type ChannelIdentity,
  ConflictError,
  type ConversationStart,
  type ConversationStore,
  type Customer,
  type CustomerRepository,
  type DomainEvent,
  type Invoice,
  type InvoiceRepository,
  isDiscountActive,
  type Order,
  type OrderFilter,
  type OrderRepository,
  type OutboxRecord,
  type OutboxRepository,
  type Page,
  type PageRequest,
  type Payment,
  type PaymentCheckout,
  type PaymentCheckoutRepository,
  type PaymentRepository,
  type Product,
  type ProductRepository,
  type RefreshTokenRecord,
  type RefreshTokenRepository,
  type Repositories,
  type SettingsRepository,
  type StaffUser,
  type StaffUserRepository,
  type StockMovement,
  type StockMovementRepository,
  ValidationError,
  type VoucherType,
} from '@mostrador/core';
import { InMemoryCampaignRepository, InMemoryNotificationLog, InMemoryStockAlertRepository } from './in-memory-marketing.js';
import { InMemoryReportQueries } from './in-memory-report-queries.js';
import { copyOf, type MemorySequences, type TableAccess } from './memory-tables.js';
import { foldText } from './text-matching.js';

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const pageOf = <T>(items: readonly T[], page: PageRequest): Page<T> => ({
  items: items.slice(page.offset, page.offset + page.limit).map(copyOf),
  total: items.length,
  offset: page.offset,
  limit: page.limit,
});

const maybe = <T>(value: T | undefined): T | null => (value === undefined ? null : copyOf(value));

/**
 * Stores a copy of `entity` in `table` unless another row (not `entity` itself) holds the same
 * unique key, as a unique index would refuse it: then `conflict(holder)` is thrown before anything
 * changes, so the tables (and a transaction's draft) stay as they were and a transaction can go on.
 */
const putUnique = <T extends { readonly id: string }>(
  table: Map<string, T>,
  entity: T,
  sameKey: (other: T) => boolean,
  conflict: (holder: T) => ConflictError,
): void => {
  for (const other of table.values()) if (other.id !== entity.id && sameKey(other)) throw conflict(other);
  table.set(entity.id, copyOf(entity));
};

const assertPositiveQuantity = (quantity: number): void => {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    throw new ValidationError('STOCK.QUANTITY_INVALID', `stock quantity must be a positive whole number, got ${quantity}`, { quantity });
  }
};

/** Products: listed by name, then id. */
export class InMemoryProductRepository implements ProductRepository {
  constructor(private readonly access: TableAccess) {}

  async get(id: string): Promise<Product | null> {
    return maybe(this.access.read().products.get(id));
  }

  async getBySku(sku: string): Promise<Product | null> {
    return maybe([...this.access.read().products.values()].find((product) => product.sku === sku));
  }

  async getMany(ids: readonly string[]): Promise<Product[]> {
    const products = this.access.read().products;
    return [...new Set(ids)].flatMap((id) => {
      const product = products.get(id);
      return product ? [copyOf(product)] : [];
    });
  }

  /** `lock` changes nothing here: a memory transaction already runs alone. */
  async findBySkus(skus: readonly string[], _options?: { readonly lock?: boolean }): Promise<Product[]> {
    const wanted = new Set(skus);
    return [...this.access.read().products.values()].filter((product) => wanted.has(product.sku)).map(copyOf);
  }

  async list(
    filter: { categoryId?: string; activeOnly?: boolean; onOffer?: boolean; at?: Date },
    page: PageRequest,
  ): Promise<Page<Product>> {
    const at = filter.at ?? new Date();
    const matching = [...this.access.read().products.values()]
      .filter((product) => filter.categoryId === undefined || product.categoryId === filter.categoryId)
      .filter((product) => !filter.activeOnly || product.active)
      .filter((product) => !filter.onOffer || isDiscountActive(product.discount, at))
      .sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
    return pageOf(matching, page);
  }

  /** ConflictError `PRODUCT.SKU_TAKEN` when another product holds the SKU (like the SQL unique index, case-sensitive). */
  async save(product: Product): Promise<void> {
    await this.access.write((tables) => {
      putUnique(
        tables.products,
        product,
        (other) => other.sku === product.sku,
        (holder) =>
          new ConflictError('PRODUCT.SKU_TAKEN', `sku ${product.sku} is already used by another product`, {
            sku: product.sku,
            productId: holder.id,
          }),
      );
    });
  }

  async saveMany(products: readonly Product[]): Promise<void> {
    for (const product of products) await this.save(product);
  }

  async reserve(productId: string, quantity: number): Promise<boolean> {
    assertPositiveQuantity(quantity);
    return this.access.write((tables) => {
      const product = tables.products.get(productId);
      if (!product || availableStock(product) < quantity) return false;
      tables.products.set(productId, { ...product, reserved: product.reserved + quantity });
      return true;
    });
  }

  async release(productId: string, quantity: number): Promise<void> {
    assertPositiveQuantity(quantity);
    await this.access.write((tables) => {
      const product = tables.products.get(productId);
      if (product) tables.products.set(productId, { ...product, reserved: Math.max(0, product.reserved - quantity) });
    });
  }

  async commit(productId: string, quantity: number): Promise<void> {
    assertPositiveQuantity(quantity);
    await this.access.write((tables) => {
      const product = tables.products.get(productId);
      if (product) {
        tables.products.set(productId, {
          ...product,
          stockOnHand: product.stockOnHand - quantity,
          reserved: Math.max(0, product.reserved - quantity),
        });
      }
    });
  }

  async adjust(productId: string, delta: number): Promise<boolean> {
    if (!Number.isSafeInteger(delta))
      throw new ValidationError('STOCK.QUANTITY_INVALID', `stock delta must be a whole number, got ${delta}`, { delta });
    return this.access.write((tables) => {
      const product = tables.products.get(productId);
      if (!product || product.stockOnHand + delta < product.reserved) return false;
      tables.products.set(productId, { ...product, stockOnHand: product.stockOnHand + delta });
      return true;
    });
  }

  /** Active products with available ≤ threshold, least available first, then by name and id. */
  async lowStock(threshold: number, limit: number): Promise<Product[]> {
    return [...this.access.read().products.values()]
      .filter((product) => product.active && availableStock(product) <= threshold)
      .sort((a, b) => availableStock(a) - availableStock(b) || compareText(a.name, b.name) || compareText(a.id, b.id))
      .slice(0, limit)
      .map(copyOf);
  }
}

/** Categories: listed by position, then name, then id. */
export class InMemoryCategoryRepository implements CategoryRepository {
  constructor(private readonly access: TableAccess) {}

  async get(id: string): Promise<Category | null> {
    return maybe(this.access.read().categories.get(id));
  }

  async getBySlug(slug: string): Promise<Category | null> {
    return maybe([...this.access.read().categories.values()].find((category) => category.slug === slug));
  }

  async list(): Promise<Category[]> {
    return [...this.access.read().categories.values()]
      .sort((a, b) => a.position - b.position || compareText(a.name, b.name) || compareText(a.id, b.id))
      .map(copyOf);
  }

  /** ConflictError `CATEGORY.SLUG_TAKEN` when another category holds the slug (case-sensitive). */
  async save(category: Category): Promise<void> {
    await this.access.write((tables) => {
      putUnique(
        tables.categories,
        category,
        (other) => other.slug === category.slug,
        (holder) =>
          new ConflictError('CATEGORY.SLUG_TAKEN', `slug ${category.slug} is already used`, { slug: category.slug, categoryId: holder.id }),
      );
    });
  }

  async delete(id: string): Promise<void> {
    await this.access.write((tables) => tables.categories.delete(id));
  }
}

const sameIdentity = (a: ChannelIdentity, b: ChannelIdentity): boolean => a.channel === b.channel && a.userId === b.userId;

/** Customers: listed by name, then id; `query` matches name, phone or email, ignoring case and accents. */
export class InMemoryCustomerRepository implements CustomerRepository {
  constructor(private readonly access: TableAccess) {}

  async get(id: string): Promise<Customer | null> {
    return maybe(this.access.read().customers.get(id));
  }

  async findByIdentity(identity: ChannelIdentity): Promise<Customer | null> {
    return maybe(
      [...this.access.read().customers.values()].find((customer) => customer.identities.some((known) => sameIdentity(known, identity))),
    );
  }

  async list(filter: { query?: string; marketingConsent?: boolean }, page: PageRequest): Promise<Page<Customer>> {
    const query = foldText(filter.query?.trim() ?? '');
    const matching = [...this.access.read().customers.values()]
      .filter((customer) => filter.marketingConsent === undefined || customer.marketingConsent === filter.marketingConsent)
      .filter(
        (customer) =>
          query === '' || [customer.name, customer.phone ?? '', customer.email ?? ''].some((field) => foldText(field).includes(query)),
      )
      .sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
    return pageOf(matching, page);
  }

  /** ConflictError `CUSTOMER.IDENTITY_DUPLICATE` when the customer lists one channel identity twice. */
  async save(customer: Customer): Promise<void> {
    await this.access.write((tables) => {
      const repeated = customer.identities.find((identity, index) =>
        customer.identities.slice(0, index).some((earlier) => sameIdentity(earlier, identity)),
      );
      if (repeated) {
        throw new ConflictError('CUSTOMER.IDENTITY_DUPLICATE', `the customer lists ${repeated.channel} user ${repeated.userId} twice`, {
          customerId: customer.id,
          channel: repeated.channel,
          userId: repeated.userId,
        });
      }
      tables.customers.set(customer.id, copyOf(customer));
    });
  }
}

/** One cart per (customer, channel): saving a new cart id for the same pair replaces the old cart. */
export class InMemoryCartRepository implements CartRepository {
  constructor(private readonly access: TableAccess) {}

  async get(customerId: string, channel: string): Promise<Cart | null> {
    return maybe([...this.access.read().carts.values()].find((cart) => cart.customerId === customerId && cart.channel === channel));
  }

  async save(cart: Cart): Promise<void> {
    await this.access.write((tables) => {
      for (const other of tables.carts.values()) {
        if (other.id !== cart.id && other.customerId === cart.customerId && other.channel === cart.channel) tables.carts.delete(other.id);
      }
      tables.carts.set(cart.id, copyOf(cart));
    });
  }

  async delete(cartId: string): Promise<void> {
    await this.access.write((tables) => tables.carts.delete(cartId));
  }
}

const newestFirst = (a: Order, b: Order): number => b.createdAt.getTime() - a.createdAt.getTime() || b.number - a.number;

/** Orders with optimistic versions; `nextNumber` is a sequence that a rollback does not rewind. */
/** OrderFilter.contactQuery: the name ignoring case and accents, or the phone by its digits. */
const contactMatches = (order: Order, query: string | undefined): boolean => {
  const text = foldText(query?.trim() ?? '');
  if (text === '') return true;
  if (foldText(order.contact.name).includes(text)) return true;
  const digits = text.replace(/\D/g, '');
  return (
    digits.length >= 3 && digits.length === text.replace(/[\s().+-]/g, '').length && order.contact.phone.replace(/\D/g, '').includes(digits)
  );
};

export class InMemoryOrderRepository implements OrderRepository {
  constructor(
    private readonly access: TableAccess,
    private readonly sequences: MemorySequences,
  ) {}

  async get(id: string): Promise<Order | null> {
    return maybe(this.access.read().orders.get(id));
  }

  async getByNumber(number: number): Promise<Order | null> {
    return maybe([...this.access.read().orders.values()].find((order) => order.number === number));
  }

  async list(filter: OrderFilter, page: PageRequest): Promise<Page<Order>> {
    const matching = [...this.access.read().orders.values()]
      .filter((order) => filter.customerId === undefined || order.customerId === filter.customerId)
      .filter((order) => filter.status === undefined || filter.status.includes(order.status))
      .filter((order) => filter.createdFrom === undefined || order.createdAt.getTime() >= filter.createdFrom.getTime())
      .filter((order) => filter.createdTo === undefined || order.createdAt.getTime() < filter.createdTo.getTime())
      .filter((order) => contactMatches(order, filter.contactQuery))
      .sort(newestFirst);
    return pageOf(matching, page);
  }

  async listExpired(at: Date, limit: number): Promise<Order[]> {
    return [...this.access.read().orders.values()]
      .filter((order) => order.status === 'placed' && order.reservationExpiresAt.getTime() < at.getTime())
      .sort((a, b) => a.reservationExpiresAt.getTime() - b.reservationExpiresAt.getTime() || a.number - b.number)
      .slice(0, limit)
      .map(copyOf);
  }

  async nextNumber(): Promise<number> {
    const highest = Math.max(0, ...[...this.access.read().orders.values()].map((order) => order.number));
    this.sequences.orderNumber = Math.max(this.sequences.orderNumber, highest) + 1;
    return this.sequences.orderNumber;
  }

  async save(order: Order): Promise<void> {
    await this.access.write((tables) => {
      const stored = tables.orders.get(order.id);
      const expected = stored ? stored.version + 1 : 1;
      if (order.version !== expected) {
        throw new ConflictError('ORDER.CONCURRENT_UPDATE', `order ${order.number} was changed by someone else`, {
          orderId: order.id,
          storedVersion: stored?.version ?? null,
          version: order.version,
        });
      }
      putUnique(
        tables.orders,
        order,
        (other) => other.number === order.number,
        (holder) =>
          new ConflictError('ORDER.NUMBER_TAKEN', `an order with number ${order.number} already exists`, {
            number: order.number,
            orderId: holder.id,
          }),
      );
    });
  }
}

/** Payments: listed per order oldest first. */
export class InMemoryPaymentRepository implements PaymentRepository {
  constructor(private readonly access: TableAccess) {}

  async get(id: string): Promise<Payment | null> {
    return maybe(this.access.read().payments.get(id));
  }

  async getByProviderId(provider: string, providerPaymentId: string): Promise<Payment | null> {
    return maybe(
      [...this.access.read().payments.values()].find(
        (payment) => payment.provider === provider && payment.providerPaymentId === providerPaymentId,
      ),
    );
  }

  async listByOrder(orderId: string): Promise<Payment[]> {
    return [...this.access.read().payments.values()]
      .filter((payment) => payment.orderId === orderId)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || compareText(a.id, b.id))
      .map(copyOf);
  }

  /** ConflictError `PAYMENT.DUPLICATE` when another payment holds the (provider, provider payment id). */
  async save(payment: Payment): Promise<void> {
    await this.access.write((tables) => {
      putUnique(
        tables.payments,
        payment,
        (other) => other.provider === payment.provider && other.providerPaymentId === payment.providerPaymentId,
        (holder) =>
          new ConflictError('PAYMENT.DUPLICATE', `${payment.provider} payment ${payment.providerPaymentId} is already recorded`, {
            provider: payment.provider,
            providerPaymentId: payment.providerPaymentId,
            paymentId: holder.id,
          }),
      );
    });
  }
}

/** Checkouts: one per (order, provider, attempt); the first stored wins. */
export class InMemoryPaymentCheckoutRepository implements PaymentCheckoutRepository {
  constructor(private readonly access: TableAccess) {}

  async listByOrder(orderId: string): Promise<PaymentCheckout[]> {
    return [...this.access.read().paymentCheckouts.values()]
      .filter((checkout) => checkout.orderId === orderId)
      .sort((a, b) => a.provider.localeCompare(b.provider) || a.attempt - b.attempt)
      .map(copyOf);
  }

  async insertIfAbsent(checkout: PaymentCheckout): Promise<PaymentCheckout> {
    return this.access.write((tables) => {
      const holder = [...tables.paymentCheckouts.values()].find(
        (other) => other.orderId === checkout.orderId && other.provider === checkout.provider && other.attempt === checkout.attempt,
      );
      if (holder) return copyOf(holder);
      tables.paymentCheckouts.set(checkout.id, copyOf(checkout));
      return copyOf(checkout);
    });
  }

  async close(id: string, status: 'expired' | 'closed', at: Date): Promise<void> {
    await this.access.write((tables) => {
      const checkout = tables.paymentCheckouts.get(id);
      if (checkout?.status === 'open') tables.paymentCheckouts.set(id, { ...checkout, status, updatedAt: new Date(at) });
    });
  }

  async listOpen(limit: number, before?: Date): Promise<PaymentCheckout[]> {
    return [...this.access.read().paymentCheckouts.values()]
      .filter((checkout) => checkout.status === 'open' && (!before || checkout.expiresAt.getTime() < before.getTime()))
      .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime() || compareText(a.id, b.id))
      .slice(0, limit)
      .map(copyOf);
  }
}

const sameSequence = (invoice: Invoice, cuit: string, pointOfSale: number, voucherType: VoucherType): boolean =>
  invoice.issuerCuit === cuit && invoice.pointOfSale === pointOfSale && invoice.voucherType === voucherType;

/** Invoices: a (cuit, point of sale, voucher type, number) is unique among pending and authorized ones. */
export class InMemoryInvoiceRepository implements InvoiceRepository {
  constructor(private readonly access: TableAccess) {}

  async get(id: string): Promise<Invoice | null> {
    return maybe(this.access.read().invoices.get(id));
  }

  async listByOrder(orderId: string): Promise<Invoice[]> {
    return [...this.access.read().invoices.values()]
      .filter((invoice) => invoice.orderId === orderId)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || compareText(a.id, b.id))
      .map(copyOf);
  }

  async listByStatus(status: Invoice['status'], limit: number): Promise<Invoice[]> {
    return [...this.access.read().invoices.values()]
      .filter((invoice) => invoice.status === status)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || compareText(a.id, b.id))
      .slice(0, limit)
      .map(copyOf);
  }

  async lastNumber(issuerCuit: string, pointOfSale: number, voucherType: VoucherType): Promise<number> {
    return Math.max(
      0,
      ...[...this.access.read().invoices.values()]
        .filter((invoice) => sameSequence(invoice, issuerCuit, pointOfSale, voucherType))
        .map((invoice) => invoice.number),
    );
  }

  async save(invoice: Invoice): Promise<void> {
    await this.access.write((tables) => {
      putUnique(
        tables.invoices,
        invoice,
        (other) =>
          invoice.status !== 'rejected' &&
          other.status !== 'rejected' &&
          other.number === invoice.number &&
          sameSequence(other, invoice.issuerCuit, invoice.pointOfSale, invoice.voucherType),
        () =>
          new ConflictError('INVOICE.NUMBER_TAKEN', `${invoice.voucherType} ${invoice.pointOfSale}-${invoice.number} already exists`, {
            issuerCuit: invoice.issuerCuit,
            pointOfSale: invoice.pointOfSale,
            voucherType: invoice.voucherType,
            number: invoice.number,
          }),
      );
    });
  }
}

/** Staff users: emails are unique ignoring case; listed by email, then id. */
export class InMemoryStaffUserRepository implements StaffUserRepository {
  constructor(private readonly access: TableAccess) {}

  async get(id: string): Promise<StaffUser | null> {
    return maybe(this.access.read().staff.get(id));
  }

  async getByEmail(email: string): Promise<StaffUser | null> {
    const wanted = email.toLowerCase();
    return maybe([...this.access.read().staff.values()].find((user) => user.email.toLowerCase() === wanted));
  }

  async findByChatIdentity(identity: ChannelIdentity): Promise<StaffUser | null> {
    return maybe(
      [...this.access.read().staff.values()].find((user) => user.chatIdentity !== null && sameIdentity(user.chatIdentity, identity)),
    );
  }

  async list(): Promise<StaffUser[]> {
    return [...this.access.read().staff.values()]
      .sort((a, b) => compareText(a.email.toLowerCase(), b.email.toLowerCase()) || compareText(a.id, b.id))
      .map(copyOf);
  }

  async save(user: StaffUser): Promise<void> {
    await this.access.write((tables) => {
      const email = user.email.toLowerCase();
      putUnique(
        tables.staff,
        user,
        (other) => other.email.toLowerCase() === email,
        () => new ConflictError('STAFF.EMAIL_TAKEN', `${user.email} already has an account`, { email: user.email }),
      );
    });
  }
}

export class InMemoryRefreshTokenRepository implements RefreshTokenRepository {
  constructor(private readonly access: TableAccess) {}

  async getByHash(tokenHash: string): Promise<RefreshTokenRecord | null> {
    return maybe([...this.access.read().refreshTokens.values()].find((record) => record.tokenHash === tokenHash));
  }

  /** ConflictError `AUTH.REFRESH_TOKEN_DUPLICATE` when another record holds the token hash. */
  async save(record: RefreshTokenRecord): Promise<void> {
    await this.access.write((tables) => {
      putUnique(
        tables.refreshTokens,
        record,
        (other) => other.tokenHash === record.tokenHash,
        () => new ConflictError('AUTH.REFRESH_TOKEN_DUPLICATE', 'this refresh token is already stored', { id: record.id }),
      );
    });
  }

  async markUsed(id: string, at: Date): Promise<boolean> {
    return this.access.write((tables) => {
      const record = tables.refreshTokens.get(id);
      if (!record || record.usedAt !== null) return false;
      tables.refreshTokens.set(id, { ...record, usedAt: new Date(at) });
      return true;
    });
  }

  async revokeFamily(familyId: string, at: Date): Promise<void> {
    await this.revokeWhere((record) => record.familyId === familyId, at);
  }

  async revokeAllForUser(userId: string, at: Date): Promise<void> {
    await this.revokeWhere((record) => record.userId === userId, at);
  }

  private async revokeWhere(matches: (record: RefreshTokenRecord) => boolean, at: Date): Promise<void> {
    await this.access.write((tables) => {
      for (const record of tables.refreshTokens.values()) {
        if (matches(record) && record.revokedAt === null) tables.refreshTokens.set(record.id, { ...record, revokedAt: new Date(at) });
      }
    });
  }
}

/** Stock movements: listed per product newest first (by time, then by insertion). */
export class InMemoryStockMovementRepository implements StockMovementRepository {
  constructor(private readonly access: TableAccess) {}

  async add(movement: StockMovement): Promise<void> {
    await this.access.write((tables) => tables.stockMovements.set(movement.id, copyOf(movement)));
  }

  async addMany(movements: readonly StockMovement[]): Promise<void> {
    await this.access.write((tables) => {
      for (const movement of movements) tables.stockMovements.set(movement.id, copyOf(movement));
    });
  }

  async listByProduct(productId: string, page: PageRequest): Promise<Page<StockMovement>> {
    const indexed = [...this.access.read().stockMovements.values()].map((movement, index) => ({ movement, index }));
    const matching = indexed
      .filter(({ movement }) => movement.productId === productId)
      .sort((a, b) => b.movement.at.getTime() - a.movement.at.getTime() || b.index - a.index)
      .map(({ movement }) => movement);
    return pageOf(matching, page);
  }
}

/** Outbox records keep insertion order; payloads go through JSON as they would in a database column. */
export class InMemoryOutboxRepository implements OutboxRepository {
  constructor(private readonly access: TableAccess) {}

  async add(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.access.write((tables) => {
      for (const event of events) {
        const record: OutboxRecord = {
          id: randomUUID(),
          event: {
            type: event.type,
            aggregateId: event.aggregateId,
            payload: JSON.parse(JSON.stringify(event.payload)),
            occurredAt: new Date(event.occurredAt),
          },
          createdAt: new Date(event.occurredAt),
          dispatchedAt: null,
          attempts: 0,
        };
        tables.outbox.set(record.id, record);
      }
    });
  }

  async pending(limit: number): Promise<OutboxRecord[]> {
    return [...this.access.read().outbox.values()]
      .filter((record) => record.dispatchedAt === null)
      .slice(0, limit)
      .map(copyOf);
  }

  async markDispatched(ids: readonly string[], at: Date): Promise<void> {
    await this.access.write((tables) => {
      for (const id of ids) {
        const record = tables.outbox.get(id);
        if (record && record.dispatchedAt === null) tables.outbox.set(id, { ...record, dispatchedAt: new Date(at) });
      }
    });
  }
}

/** Values are stored as JSON text: a Date comes back as its ISO string, as from a JSON column. */
export class InMemorySettingsRepository implements SettingsRepository {
  constructor(private readonly access: TableAccess) {}

  async get<T>(key: string): Promise<T | null> {
    const text = this.access.read().settings.get(key);
    return text === undefined ? null : (JSON.parse(text) as T);
  }

  async set<T>(key: string, value: T): Promise<void> {
    await this.access.write((tables) => tables.settings.set(key, JSON.stringify(value)));
  }

  async setIfAbsent<T>(key: string, value: T): Promise<T> {
    const text = await this.access.write((tables) => {
      const existing = tables.settings.get(key);
      if (existing !== undefined) return existing;
      const stored = JSON.stringify(value);
      tables.settings.set(key, stored);
      return stored;
    });
    return JSON.parse(text) as T;
  }

  async delete(key: string): Promise<void> {
    await this.access.write((tables) => tables.settings.delete(key));
  }
}

const chatKey = (channel: string, id: string): string => `${channel}\u0000${id}`;

export class InMemoryConversationStore implements ConversationStore {
  constructor(private readonly access: TableAccess) {}

  async load(channel: string, chatId: string): Promise<unknown | null> {
    const text = this.access.read().conversations.get(chatKey(channel, chatId));
    return text === undefined ? null : JSON.parse(text);
  }

  async save(channel: string, chatId: string, state: unknown): Promise<void> {
    await this.access.write((tables) => tables.conversations.set(chatKey(channel, chatId), JSON.stringify(state)));
  }

  async begin(channel: string, chatId: string, updateKey: string, at: Date): Promise<ConversationStart> {
    if (!(await this.markProcessed(channel, updateKey, at))) return { fresh: false };
    return { fresh: true, state: await this.load(channel, chatId) };
  }

  async markProcessed(channel: string, updateKey: string, at: Date): Promise<boolean> {
    return this.access.write((tables) => {
      const key = chatKey(channel, updateKey);
      if (tables.processedUpdates.has(key)) return false;
      tables.processedUpdates.set(key, new Date(at));
      return true;
    });
  }
}

/** Every repository, bound to one way of reaching the tables. */
export const createInMemoryRepositories = (access: TableAccess, sequences: MemorySequences): Repositories => ({
  products: new InMemoryProductRepository(access),
  categories: new InMemoryCategoryRepository(access),
  customers: new InMemoryCustomerRepository(access),
  carts: new InMemoryCartRepository(access),
  orders: new InMemoryOrderRepository(access, sequences),
  payments: new InMemoryPaymentRepository(access),
  paymentCheckouts: new InMemoryPaymentCheckoutRepository(access),
  invoices: new InMemoryInvoiceRepository(access),
  staff: new InMemoryStaffUserRepository(access),
  refreshTokens: new InMemoryRefreshTokenRepository(access),
  stockMovements: new InMemoryStockMovementRepository(access),
  outbox: new InMemoryOutboxRepository(access),
  settings: new InMemorySettingsRepository(access),
  conversations: new InMemoryConversationStore(access),
  campaigns: new InMemoryCampaignRepository(access),
  stockAlerts: new InMemoryStockAlertRepository(access),
  notificationLog: new InMemoryNotificationLog(access),
  reports: new InMemoryReportQueries(access),
});
