// Core's tests drive the use cases through testkit's in-memory adapters. They are imported by
// path (not as a package) so core does not depend on testkit, which depends on core.
import {
  createInMemoryPersistence,
  FakePasswordHasher,
  FakeSecretTokens,
  FixedClock,
  SequentialIdGenerator,
} from '../../../testkit/src/memory/index.js';
import { aCustomer, aProduct } from '../../../testkit/src/mothers/index.js';
import {
  type Actor,
  type Customer,
  createUseCases,
  DEFAULT_SHOP_SETTINGS,
  type Order,
  type PlaceOrderInput,
  type Product,
  type ShopSettings,
} from '../../src/index.js';

export const START = '2025-03-10T12:00:00.000Z';

export const OWNER: Actor = { kind: 'staff', userId: 'staff-owner', roles: ['owner'] };
export const MANAGER: Actor = { kind: 'staff', userId: 'staff-manager', roles: ['manager'] };
export const CLERK: Actor = { kind: 'staff', userId: 'staff-clerk', roles: ['clerk'] };
export const VIEWER: Actor = { kind: 'staff', userId: 'staff-viewer', roles: ['viewer'] };
export const SYSTEM: Actor = { kind: 'system' };

/** A shop with in-memory adapters, a fixed clock, predictable ids and helpers to seed and buy. */
export const aShop = (settings: Partial<ShopSettings> = {}) => {
  const clock = new FixedClock(START);
  const ids = new SequentialIdGenerator();
  const passwords = new FakePasswordHasher();
  const { uow, search } = createInMemoryPersistence({ clock });
  const shopSettings: ShopSettings = { ...DEFAULT_SHOP_SETTINGS, ...settings };
  const secrets = new FakeSecretTokens();
  const dependencies = { uow, search, clock, ids, passwords, secrets, settings: shopSettings };
  const useCases = createUseCases(dependencies);
  const repositories = uow.repositories;

  const seedProduct = async (overrides: Partial<Product> = {}): Promise<Product> => {
    const product = aProduct(overrides);
    await repositories.products.save(product);
    return product;
  };

  const seedCustomer = async (overrides: Partial<Customer> = {}): Promise<Customer> => {
    const customer = aCustomer(overrides);
    await repositories.customers.save(customer);
    return customer;
  };

  const checkout = (customer: Customer, overrides: Partial<PlaceOrderInput> = {}): PlaceOrderInput => ({
    customerId: customer.id,
    channel: 'telegram',
    contact: { name: customer.name, phone: '+5491155550000' },
    delivery: { method: 'pickup', address: null },
    billing: null,
    ...overrides,
  });

  /** Fills the customer's telegram cart and places the order. */
  const placeOrder = async (
    customer: Customer,
    items: readonly (readonly [Product, number])[],
    overrides: Partial<PlaceOrderInput> = {},
  ): Promise<Order> => {
    for (const [product, quantity] of items) await useCases.cart.add(customer.id, 'telegram', product.id, quantity);
    return useCases.orders.place(checkout(customer, overrides));
  };

  const approvedPayment = (order: Order, overrides: { id?: string; amount?: number } = {}) => ({
    providerPaymentId: overrides.id ?? `mp-${order.number}`,
    orderId: order.id,
    status: 'approved' as const,
    statusDetail: 'accredited',
    amount: { amount: overrides.amount ?? order.total.amount, currency: order.total.currency },
    refundedAmount: { amount: 0, currency: order.total.currency },
  });

  const outboxTypes = async (): Promise<string[]> => (await repositories.outbox.pending(1000)).map((record) => record.event.type);

  return {
    /** What `useCases` was built from, to build another set over a wrapped port. */
    dependencies,
    clock,
    ids,
    passwords,
    secrets,
    uow,
    search,
    useCases,
    repositories,
    settings: shopSettings,
    seedProduct,
    seedCustomer,
    checkout,
    placeOrder,
    approvedPayment,
    outboxTypes,
  };
};

export type Shop = ReturnType<typeof aShop>;
