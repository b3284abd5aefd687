import { ConflictError, type Invoice, type Order, type Payment, type Repositories, type StaffUser } from '@mostrador/core';
import { describe, expect, it } from 'vitest';
import { aCart, aCategory, aCustomer, anInvoice, anOrder, aPayment, aProduct, aRefreshToken, aStaffUser } from '../mothers/index.js';
import { caught } from './lifecycle.js';
import type { ContractContext } from './persistence-under-test.js';

const AT = new Date('2025-03-10T12:00:00.000Z');

let invoiceNumbers = 0;
/** Invoices of one sequence with distinct numbers (the mother's default number is 1 for all). */
const aNumberedInvoice = () => anInvoice({ number: 500 + ++invoiceNumbers });

/**
 * One unique key a repository promises (ports/repositories.ts), described so that every case runs
 * the same checks. `stored` reads an entity back by its id; `findByKey` reads whoever holds an
 * entity's unique key.
 */
interface UniqueKey<T extends { readonly id: string }> {
  readonly name: string;
  readonly code: string;
  create(): T;
  /** A new entity (new id) with the unique key of `holder`. */
  duplicateOf(holder: T): T;
  /** The next save of `entity` with the unique key of `holder`. */
  rekeyed(entity: T, holder: T): T;
  /** The next save of `entity` under its own key, with other fields changed. */
  edited(entity: T): T;
  save(repositories: Repositories, entity: T): Promise<void>;
  /** The stored entity with this id, or null. */
  stored(repositories: Repositories, entity: T): Promise<T | null>;
  findByKey(repositories: Repositories, entity: T): Promise<T | null>;
}

/** Erases the entity type so cases of different aggregates fit in one list. */
const uniqueKey = <T extends { readonly id: string }>(key: UniqueKey<T>): UniqueKey<{ readonly id: string }> =>
  key as unknown as UniqueKey<{ readonly id: string }>;

const nextVersion = (order: Order, changes: Partial<Order> = {}): Order => ({ ...order, ...changes, version: order.version + 1 });

const UNIQUE_KEYS: readonly UniqueKey<{ readonly id: string }>[] = [
  uniqueKey({
    name: 'product SKU',
    code: 'PRODUCT.SKU_TAKEN',
    create: () => aProduct(),
    duplicateOf: (holder) => aProduct({ sku: holder.sku }),
    rekeyed: (product, holder) => ({ ...product, sku: holder.sku, updatedAt: AT }),
    edited: (product) => ({ ...product, name: `${product.name} (nuevo)`, stockOnHand: product.stockOnHand + 1, updatedAt: AT }),
    save: (r, product) => r.products.save(product),
    stored: (r, product) => r.products.get(product.id),
    findByKey: (r, product) => r.products.getBySku(product.sku),
  }),
  uniqueKey({
    name: 'category slug',
    code: 'CATEGORY.SLUG_TAKEN',
    create: () => aCategory(),
    duplicateOf: (holder) => aCategory({ slug: holder.slug }),
    rekeyed: (category, holder) => ({ ...category, slug: holder.slug }),
    edited: (category) => ({ ...category, name: `${category.name} (nueva)`, position: category.position + 1 }),
    save: (r, category) => r.categories.save(category),
    stored: (r, category) => r.categories.get(category.id),
    findByKey: (r, category) => r.categories.getBySlug(category.slug),
  }),
  uniqueKey({
    name: 'order number',
    code: 'ORDER.NUMBER_TAKEN',
    create: () => anOrder(),
    duplicateOf: (holder) => anOrder({ number: holder.number }),
    rekeyed: (order, holder) => nextVersion(order, { number: holder.number }),
    edited: (order) =>
      nextVersion(order, {
        status: 'paid',
        history: [...order.history, { from: 'placed', to: 'paid', at: AT, by: 'system', note: null }],
        updatedAt: AT,
      }),
    save: (r, order) => r.orders.save(order),
    stored: (r, order) => r.orders.get(order.id),
    findByKey: (r, order) => r.orders.getByNumber(order.number),
  }),
  uniqueKey<Payment>({
    name: 'provider payment id (per provider)',
    code: 'PAYMENT.DUPLICATE',
    create: () => aPayment({ status: 'pending' }),
    duplicateOf: (holder) => aPayment({ provider: holder.provider, providerPaymentId: holder.providerPaymentId }),
    rekeyed: (payment, holder) => ({ ...payment, provider: holder.provider, providerPaymentId: holder.providerPaymentId, updatedAt: AT }),
    edited: (payment) => ({ ...payment, status: 'approved', processedEventIds: [...payment.processedEventIds, 'evt-edit'], updatedAt: AT }),
    save: (r, payment) => r.payments.save(payment),
    stored: (r, payment) => r.payments.get(payment.id),
    findByKey: (r, payment) => r.payments.getByProviderId(payment.provider, payment.providerPaymentId),
  }),
  uniqueKey<Invoice>({
    name: 'invoice (issuer, point of sale, voucher type, number)',
    code: 'INVOICE.NUMBER_TAKEN',
    create: aNumberedInvoice,
    duplicateOf: (holder) =>
      anInvoice({ issuerCuit: holder.issuerCuit, pointOfSale: holder.pointOfSale, voucherType: holder.voucherType, number: holder.number }),
    rekeyed: (invoice, holder) => ({ ...invoice, number: holder.number, updatedAt: AT }),
    edited: (invoice) => ({ ...invoice, status: 'authorized', cae: '75123456789012', caeDueDate: AT, updatedAt: AT }),
    save: (r, invoice) => r.invoices.save(invoice),
    stored: (r, invoice) => r.invoices.get(invoice.id),
    findByKey: async (r, invoice) =>
      (await r.invoices.listByOrder(invoice.orderId)).find((other) => other.number === invoice.number) ?? null,
  }),
  uniqueKey<StaffUser>({
    name: 'staff email (ignoring case)',
    code: 'STAFF.EMAIL_TAKEN',
    create: () => aStaffUser(),
    duplicateOf: (holder) => aStaffUser({ email: holder.email.toUpperCase() }),
    rekeyed: (user, holder) => ({ ...user, email: holder.email.toUpperCase(), updatedAt: AT }),
    edited: (user) => ({ ...user, name: `${user.name} (editado)`, roles: ['owner'], updatedAt: AT }),
    save: (r, user) => r.staff.save(user),
    stored: (r, user) => r.staff.get(user.id),
    findByKey: (r, user) => r.staff.getByEmail(user.email),
  }),
  uniqueKey({
    name: 'refresh-token hash',
    code: 'AUTH.REFRESH_TOKEN_DUPLICATE',
    create: () => aRefreshToken(),
    duplicateOf: (holder) => aRefreshToken({ tokenHash: holder.tokenHash }),
    rekeyed: (token, holder) => ({ ...token, tokenHash: holder.tokenHash }),
    edited: (token) => ({ ...token, revokedAt: AT }),
    save: (r, token) => r.refreshTokens.save(token),
    // The port reads tokens by hash only. When the hash belongs to another record, markUsed (true
    // only for an unused record with this id) tells whether this id was stored anyway; it changes
    // something only in that case, when the test fails regardless.
    stored: async (r, token) => {
      const byHash = await r.refreshTokens.getByHash(token.tokenHash);
      if (byHash?.id === token.id) return byHash;
      return (await r.refreshTokens.markUsed(token.id, AT)) ? { ...token, usedAt: AT } : null;
    },
    findByKey: (r, token) => r.refreshTokens.getByHash(token.tokenHash),
  }),
];

const expectConflict = (error: unknown, code: string): void => {
  expect(error).toBeInstanceOf(ConflictError);
  expect(error).toMatchObject({ code });
};

/**
 * The unique keys the ports promise: a second entity holding a taken key is refused with a
 * ConflictError and a stable code, the refused save changes nothing, an entity saved again under
 * its own key is no conflict, and inside a transaction the conflict can be caught and the
 * transaction goes on (the SQL adapter runs such writes in a savepoint).
 */
export const uniquenessContract = ({ persistence }: ContractContext, options: { concurrentTransactions?: boolean } = {}): void => {
  const repositories = () => persistence().uow.repositories;

  describe('unique keys', () => {
    describe.each(UNIQUE_KEYS.map((key) => [key.name, key] as const))('%s', (_name, key) => {
      it(`refuses a second entity with a taken key (ConflictError ${key.code}); nothing changes`, async () => {
        const r = repositories();
        const holder = key.create();
        await key.save(r, holder);
        const duplicate = key.duplicateOf(holder);
        expectConflict(await caught(() => key.save(r, duplicate)), key.code);
        expect(await key.stored(r, duplicate)).toBeNull();
        expect(await key.stored(r, holder)).toEqual(holder);
        expect(await key.findByKey(r, holder)).toEqual(holder);
        // Refused again: the first refusal left nothing half-written behind.
        expectConflict(await caught(() => key.save(r, duplicate)), key.code);
      });

      it(`refuses to move an existing entity onto a taken key (${key.code}) and leaves both as they were`, async () => {
        const r = repositories();
        const holder = key.create();
        const other = key.create();
        await key.save(r, holder);
        await key.save(r, other);
        expectConflict(await caught(() => key.save(r, key.rekeyed(other, holder))), key.code);
        expect(await key.stored(r, other)).toEqual(other);
        expect(await key.findByKey(r, other)).toEqual(other);
        expect(await key.stored(r, holder)).toEqual(holder);
        expect(await key.findByKey(r, holder)).toEqual(holder);
      });

      it('saving an entity again under its own key is no conflict', async () => {
        const r = repositories();
        const entity = key.create();
        await key.save(r, entity);
        const edited = key.edited(entity);
        await key.save(r, edited);
        expect(await key.stored(r, entity)).toEqual(edited);
        expect(await key.findByKey(r, entity)).toEqual(edited);
        const again = key.edited(edited);
        await key.save(r, again);
        expect(await key.stored(r, entity)).toEqual(again);
      });

      it(`inside a transaction ${key.code} can be caught and the transaction goes on and commits`, async () => {
        const { uow } = persistence();
        const committed = key.create();
        await key.save(uow.repositories, committed);
        const before = key.create();
        const after = key.create();
        const duplicateOfCommitted = key.duplicateOf(committed);
        const duplicateOfBefore = key.duplicateOf(before);
        const marker = aProduct();
        const refusals = await uow.transaction(async (tx) => {
          await key.save(tx, before);
          const seen = [
            await caught(() => key.save(tx, duplicateOfCommitted)),
            // A key taken earlier in the same, still open, transaction is taken too.
            await caught(() => key.save(tx, duplicateOfBefore)),
          ];
          // The transaction still reads and writes after the refusals.
          expect(await key.stored(tx, before)).toEqual(before);
          await key.save(tx, after);
          await tx.products.save(marker);
          return seen;
        });
        for (const error of refusals) expectConflict(error, key.code);
        const r = uow.repositories;
        expect(await key.stored(r, committed)).toEqual(committed);
        expect(await key.stored(r, before)).toEqual(before);
        expect(await key.stored(r, after)).toEqual(after);
        expect(await key.stored(r, duplicateOfCommitted)).toBeNull();
        expect(await key.stored(r, duplicateOfBefore)).toBeNull();
        expect(await r.products.get(marker.id)).toEqual(marker);
      });

      if (options.concurrentTransactions !== false) {
        it(`two concurrent transactions saving the same key: one commits, the other gets ${key.code}`, async () => {
          const { uow } = persistence();
          const first = key.create();
          const second = key.duplicateOf(first);
          const outcomes = await Promise.allSettled(
            [first, second].map((entity) =>
              uow.transaction(async (tx) => {
                await key.save(tx, entity);
                return entity.id;
              }),
            ),
          );
          const fulfilled = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
          const rejected = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
          expect(fulfilled).toHaveLength(1);
          expect(rejected).toHaveLength(1);
          expectConflict(rejected[0], key.code);
          const winner = fulfilled[0] === first.id ? first : second;
          const loser = winner === first ? second : first;
          const r = uow.repositories;
          expect(await key.stored(r, winner)).toEqual(winner);
          expect(await key.stored(r, loser)).toBeNull();
        });
      }
    });

    it('a provider payment id is unique per provider only: another provider may reuse it', async () => {
      const { payments } = repositories();
      const mercadoPago = aPayment({ provider: 'mercadopago', providerPaymentId: 'pay-123' });
      const other = aPayment({ provider: 'other-provider', providerPaymentId: 'pay-123' });
      await payments.save(mercadoPago);
      await payments.save(other);
      expect(await payments.getByProviderId('mercadopago', 'pay-123')).toEqual(mercadoPago);
      expect(await payments.getByProviderId('other-provider', 'pay-123')).toEqual(other);
    });

    it('a product SKU and a category slug are case-sensitive keys: another case is another key', async () => {
      const { products, categories } = repositories();
      const lower = aProduct({ sku: 'mate-1' });
      const upper = aProduct({ sku: 'MATE-1' });
      await products.save(lower);
      await products.save(upper);
      expect(await products.getBySku('mate-1')).toEqual(lower);
      expect(await products.getBySku('MATE-1')).toEqual(upper);
      const slug = aCategory({ slug: 'yerbas' });
      const otherCase = aCategory({ slug: 'Yerbas' });
      await categories.save(slug);
      await categories.save(otherCase);
      expect(await categories.getBySlug('yerbas')).toEqual(slug);
      expect(await categories.getBySlug('Yerbas')).toEqual(otherCase);
    });

    it('an invoice number is unique per (issuer, point of sale, voucher type) only', async () => {
      const { invoices } = repositories();
      const orderId = anOrder().id;
      const first = anInvoice({ orderId, number: 42 });
      const others = [
        anInvoice({ orderId, number: 42, issuerCuit: '30712345671' }),
        anInvoice({ orderId, number: 42, pointOfSale: 2 }),
        anInvoice({ orderId, number: 42, voucherType: 'FACTURA_A' }),
      ];
      for (const invoice of [first, ...others]) await invoices.save(invoice);
      expect((await invoices.listByOrder(orderId)).map((invoice) => invoice.id).sort()).toEqual(
        [first, ...others].map((invoice) => invoice.id).sort(),
      );
    });

    it('a customer listing one channel identity twice is refused (CUSTOMER.IDENTITY_DUPLICATE); nothing changes', async () => {
      const { uow } = persistence();
      const { customers } = uow.repositories;
      const identity = { channel: 'telegram', userId: '777' };
      const twice = aCustomer({ identities: [identity, { channel: 'whatsapp', userId: '777' }, { ...identity }] });
      expectConflict(await caught(() => customers.save(twice)), 'CUSTOMER.IDENTITY_DUPLICATE');
      expect(await customers.get(twice.id)).toBeNull();
      expect(await customers.findByIdentity(identity)).toBeNull();

      const customer = aCustomer({ identities: [identity] });
      await customers.save(customer);
      const repeated = { ...customer, name: 'Otro nombre', identities: [identity, { ...identity }] };
      expectConflict(await caught(() => customers.save(repeated)), 'CUSTOMER.IDENTITY_DUPLICATE');
      expect(await customers.get(customer.id)).toEqual(customer);
      expect(await customers.findByIdentity(identity)).toEqual(customer);

      // Saved again with the same identities: no conflict. Inside a transaction the refusal can be caught.
      const renamed = { ...customer, name: 'Ana María' };
      await uow.transaction(async (tx) => {
        expectConflict(
          await caught(() => tx.customers.save({ ...renamed, identities: [identity, identity] })),
          'CUSTOMER.IDENTITY_DUPLICATE',
        );
        await tx.customers.save(renamed);
      });
      expect(await customers.get(customer.id)).toEqual(renamed);
    });

    it('a second cart for the same customer and channel replaces the first, never a conflict', async () => {
      const { carts } = repositories();
      const customerId = aCustomer().id;
      const first = aCart({ customerId, channel: 'telegram', lines: [{ productId: 'p1', quantity: 1 }] });
      const otherChannel = aCart({ customerId, channel: 'whatsapp' });
      await carts.save(first);
      await carts.save(otherChannel);
      const second = aCart({ customerId, channel: 'telegram', lines: [{ productId: 'p2', quantity: 2 }] });
      await carts.save(second);
      expect(await carts.get(customerId, 'telegram')).toEqual(second);
      expect(await carts.get(customerId, 'whatsapp')).toEqual(otherChannel);
      await carts.delete(first.id); // already replaced: deleting it changes nothing
      expect(await carts.get(customerId, 'telegram')).toEqual(second);
    });

    if (options.concurrentTransactions !== false) {
      it('concurrent transactions each saving a new cart for one customer and channel: all commit, one cart remains', async () => {
        const { uow } = persistence();
        const customerId = aCustomer().id;
        const saved = Array.from({ length: 5 }, (_, i) =>
          aCart({ customerId, channel: 'telegram', lines: [{ productId: `p${i}`, quantity: 1 }] }),
        );
        await Promise.all(saved.map((cart) => uow.transaction((tx) => tx.carts.save(cart))));
        const remaining = await uow.repositories.carts.get(customerId, 'telegram');
        expect(saved).toContainEqual(remaining);
      });
    }
  });
};
