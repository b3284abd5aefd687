import {
  type Cart,
  type CartRepository,
  type ChannelIdentity,
  type Customer,
  type CustomerRepository,
  foldText,
  type Page,
  type PageRequest,
} from '@mostrador/core';
import { type EntityManager, In } from 'typeorm';
import { CartEntity, CustomerEntity, CustomerIdentityEntity, type CustomerIdentityRow, type CustomerRow } from '../entities/customers.js';
import { cartFromRow, cartToRow, customerFromRows, customerToRow, identityRowsOf } from '../mappers/customers.js';
import { insertRows, reading, upsertRows } from './rows.js';
import { atomically, execute, likeLiteral } from './sql.js';

/**
 * A scalar subquery body (`SELECT ... FROM ... LIMIT 1`, to be wrapped in parentheses) answering, as one
 * JSON object, the earliest customer holding the identity (channel and user id given as SQL
 * expressions; `andWhere`, a further condition) with all their identities: what `customerFromRows`
 * reads (timestamps come back as ISO strings). The conversation store's `beginWithSender` embeds it.
 */
export const CUSTOMER_BY_IDENTITY_JSON = (channel: string, userId: string, andWhere = 'true'): string =>
  `json_build_object('id', c.id, 'name', c.name, 'language', c.language, 'marketingConsent', c.marketing_consent,
          'phone', c.phone, 'email', c.email, 'taxProfile', c.tax_profile, 'createdAt', c.created_at, 'updatedAt', c.updated_at,
          'identities', (SELECT json_agg(json_build_object('customerId', a.customer_id, 'channel', a.channel, 'userId', a.user_id, 'position', a.position))
                           FROM customer_identities a WHERE a.customer_id = c.id))
     FROM customers c
    WHERE EXISTS (SELECT 1 FROM customer_identities i WHERE i.customer_id = c.id AND i.channel = ${channel} AND i.user_id = ${userId})
      AND ${andWhere}
    ORDER BY c.created_at ASC, c.id ASC
    LIMIT 1`;

export class TypeOrmCustomerRepository implements CustomerRepository {
  constructor(private readonly manager: EntityManager) {}

  private async withIdentities(rows: readonly CustomerRow[]): Promise<Customer[]> {
    if (rows.length === 0) return [];
    const identities = await reading(() =>
      this.manager.getRepository(CustomerIdentityEntity).findBy({ customerId: In(rows.map((row) => row.id)) }),
    );
    const byCustomer = new Map<string, CustomerIdentityRow[]>();
    for (const identity of identities) byCustomer.set(identity.customerId, [...(byCustomer.get(identity.customerId) ?? []), identity]);
    return rows.map((row) => customerFromRows(row, byCustomer.get(row.id) ?? []));
  }

  async get(id: string): Promise<Customer | null> {
    const row = await reading(() => this.manager.getRepository(CustomerEntity).findOneBy({ id }));
    return row ? ((await this.withIdentities([row]))[0] ?? null) : null;
  }

  /**
   * The earliest customer holding this identity, with all their identities, in one statement:
   * every chat update identifies its sender, so this is on the per-update path (prepared).
   */
  async findByIdentity(identity: ChannelIdentity): Promise<Customer | null> {
    const { rows } = await execute<{ customer: (CustomerRow & { identities: CustomerIdentityRow[] | null }) | null }>(
      this.manager,
      `SELECT (SELECT ${CUSTOMER_BY_IDENTITY_JSON('$1', '$2')}) AS customer`,
      [identity.channel, identity.userId],
      { prepare: true },
    );
    const row = rows[0]?.customer;
    return row ? customerFromRows(row, row.identities ?? []) : null;
  }

  /** By name (byte order), then id; `query` matches name, phone or email ignoring case and accents. */
  async list(filter: { query?: string; marketingConsent?: boolean }, page: PageRequest): Promise<Page<Customer>> {
    const query = this.manager.getRepository(CustomerEntity).createQueryBuilder('c');
    if (filter.marketingConsent !== undefined) query.andWhere('c.marketingConsent = :consent', { consent: filter.marketingConsent });
    const text = filter.query?.trim() ?? '';
    if (text !== '') {
      query.andWhere(
        `(lower(mostrador_unaccent(c.name)) LIKE :pattern ESCAPE '\\'
          OR lower(mostrador_unaccent(coalesce(c.phone, ''))) LIKE :pattern ESCAPE '\\'
          OR lower(mostrador_unaccent(coalesce(c.email, ''))) LIKE :pattern ESCAPE '\\')`,
        { pattern: `%${likeLiteral(foldText(text))}%` },
      );
    }
    query.orderBy('c.name COLLATE "C"', 'ASC').addOrderBy('c.id', 'ASC').offset(page.offset).limit(page.limit);
    const [rows, total] = await reading(() => query.getManyAndCount());
    return { items: await this.withIdentities(rows), total, offset: page.offset, limit: page.limit };
  }

  /** Replaces the customer and its identities atomically. */
  async save(customer: Customer): Promise<void> {
    await atomically(this.manager, async (manager) => {
      await upsertRows(manager, CustomerEntity, [customerToRow(customer)]);
      await execute(manager, 'DELETE FROM customer_identities WHERE customer_id = $1', [customer.id]);
      await insertRows(manager, CustomerIdentityEntity, identityRowsOf(customer));
    });
  }
}

/** One cart per (customer, channel): saving a new cart id for the same pair replaces the old cart. */
export class TypeOrmCartRepository implements CartRepository {
  constructor(private readonly manager: EntityManager) {}

  async get(customerId: string, channel: string): Promise<Cart | null> {
    const row = await reading(() => this.manager.getRepository(CartEntity).findOneBy({ customerId, channel }));
    return row ? cartFromRow(row) : null;
  }

  /**
   * Upserts on (customer, channel), not on id: a transaction that saves a new cart while another
   * one's new cart for the same pair is uncommitted waits for it and then replaces it, instead of
   * failing on carts_customer_channel_key (as the in-memory store, which runs them in turn).
   * The cart's id held by another pair first moves out of the way (a cart changing pair).
   */
  async save(cart: Cart): Promise<void> {
    await atomically(this.manager, async (manager) => {
      await execute(manager, 'DELETE FROM carts WHERE id = $1 AND (customer_id <> $2 OR channel <> $3)', [
        cart.id,
        cart.customerId,
        cart.channel,
      ]);
      await upsertRows(manager, CartEntity, [cartToRow(cart)], ['customer_id', 'channel']);
    });
  }

  async delete(cartId: string): Promise<void> {
    await execute(this.manager, 'DELETE FROM carts WHERE id = $1', [cartId]);
  }
}
