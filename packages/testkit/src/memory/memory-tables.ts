import type {
  Cart,
  Category,
  Customer,
  Invoice,
  Order,
  OutboxRecord,
  Payment,
  PaymentCheckout,
  Product,
  RefreshTokenRecord,
  StaffUser,
  StockMovement,
} from '@mostrador/core';
import { copyNotifyTables, emptyNotifyTables, type NotifyTables } from './in-memory-marketing.js';

/**
 * Everything the in-memory store holds. Entities are stored as private copies (cloned on the way
 * in and out), so a transaction can work on shallow copies of these maps and commit by swapping.
 * Map insertion order doubles as insertion time where a port asks for "oldest first".
 */
export interface MemoryTables {
  readonly products: Map<string, Product>;
  readonly categories: Map<string, Category>;
  readonly customers: Map<string, Customer>;
  readonly carts: Map<string, Cart>;
  readonly orders: Map<string, Order>;
  readonly payments: Map<string, Payment>;
  readonly paymentCheckouts: Map<string, PaymentCheckout>;
  readonly invoices: Map<string, Invoice>;
  readonly staff: Map<string, StaffUser>;
  readonly refreshTokens: Map<string, RefreshTokenRecord>;
  readonly stockMovements: Map<string, StockMovement>;
  readonly outbox: Map<string, OutboxRecord>;
  /** JSON text, as a database would store it. */
  readonly settings: Map<string, string>;
  readonly conversations: Map<string, string>;
  readonly processedUpdates: Map<string, Date>;
  /** Campaigns, their recipients, back-in-stock subscriptions and the notification log. */
  readonly notify: NotifyTables;
}

export const emptyTables = (): MemoryTables => ({
  products: new Map(),
  categories: new Map(),
  customers: new Map(),
  carts: new Map(),
  orders: new Map(),
  payments: new Map(),
  paymentCheckouts: new Map(),
  invoices: new Map(),
  staff: new Map(),
  refreshTokens: new Map(),
  stockMovements: new Map(),
  outbox: new Map(),
  settings: new Map(),
  conversations: new Map(),
  processedUpdates: new Map(),
  notify: emptyNotifyTables(),
});

/** A transaction's working copy: new maps holding the same (never mutated) entity copies. */
export const copyTables = (tables: MemoryTables): MemoryTables => ({
  products: new Map(tables.products),
  categories: new Map(tables.categories),
  customers: new Map(tables.customers),
  carts: new Map(tables.carts),
  orders: new Map(tables.orders),
  payments: new Map(tables.payments),
  paymentCheckouts: new Map(tables.paymentCheckouts),
  invoices: new Map(tables.invoices),
  staff: new Map(tables.staff),
  refreshTokens: new Map(tables.refreshTokens),
  stockMovements: new Map(tables.stockMovements),
  outbox: new Map(tables.outbox),
  settings: new Map(tables.settings),
  conversations: new Map(tables.conversations),
  processedUpdates: new Map(tables.processedUpdates),
  notify: copyNotifyTables(tables.notify),
});

/** How repositories reach the tables: a transaction's draft, or the committed state with auto-commit writes. */
export interface TableAccess {
  read(): MemoryTables;
  /** Applies a synchronous change atomically (all of it or, when it throws, none of it). */
  write<T>(change: (tables: MemoryTables) => T): Promise<T>;
}

/** Counters that, like database sequences, are not rolled back with a transaction. */
export interface MemorySequences {
  orderNumber: number;
}

export const copyOf = <T>(value: T): T => structuredClone(value);
