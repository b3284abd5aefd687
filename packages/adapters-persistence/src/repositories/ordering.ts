import {
  ConflictError,
  foldText,
  type Invoice,
  type InvoiceRepository,
  type Order,
  type OrderFilter,
  type OrderRepository,
  type Page,
  type PageRequest,
  type Payment,
  type PaymentRepository,
  type VoucherType,
} from '@mostrador/core';
import type { EntityManager } from 'typeorm';
import { InvoiceEntity } from '../entities/invoicing.js';
import { OrderEntity, PaymentEntity } from '../entities/ordering.js';
import { invoiceFromRow, invoiceToRow } from '../mappers/invoicing.js';
import { orderFromRow, orderToRow, paymentFromRow, paymentToRow } from '../mappers/ordering.js';
import { toSafeInteger } from '../mappers/values.js';
import { guarded, insertRows, reading, upsertRows } from './rows.js';
import { execute, likeLiteral, translateError } from './sql.js';

const concurrentUpdate = (order: Order, storedVersion: number | null): ConflictError =>
  new ConflictError('ORDER.CONCURRENT_UPDATE', `order ${order.number} was changed by someone else`, {
    orderId: order.id,
    storedVersion,
    version: order.version,
  });

export class TypeOrmOrderRepository implements OrderRepository {
  constructor(private readonly manager: EntityManager) {}

  private get rows() {
    return this.manager.getRepository(OrderEntity);
  }

  /** `lock` takes the row FOR UPDATE when inside a transaction (outside one there is nothing to hold it for). */
  async get(id: string, options: { readonly lock?: boolean } = {}): Promise<Order | null> {
    const locking = options.lock === true && this.manager.queryRunner?.isTransactionActive === true;
    const row = await reading(() =>
      locking
        ? this.rows.createQueryBuilder('o').where('o.id = :id', { id }).setLock('pessimistic_write').getOne()
        : this.rows.findOneBy({ id }),
    );
    return row ? orderFromRow(row) : null;
  }

  async getByNumber(number: number): Promise<Order | null> {
    const row = await reading(() => this.rows.findOneBy({ number }));
    return row ? orderFromRow(row) : null;
  }

  /** Newest first (created, then number); `createdTo` is exclusive. */
  async list(filter: OrderFilter, page: PageRequest): Promise<Page<Order>> {
    const query = this.rows.createQueryBuilder('o');
    if (filter.customerId !== undefined) query.andWhere('o.customerId = :customerId', { customerId: filter.customerId });
    if (filter.status !== undefined) {
      if (filter.status.length === 0) return { items: [], total: 0, offset: page.offset, limit: page.limit };
      query.andWhere('o.status IN (:...statuses)', { statuses: [...filter.status] });
    }
    if (filter.createdFrom !== undefined) query.andWhere('o.createdAt >= :from', { from: filter.createdFrom });
    if (filter.createdTo !== undefined) query.andWhere('o.createdAt < :to', { to: filter.createdTo });
    const contact = filter.contactQuery?.trim() ?? '';
    if (contact !== '') {
      // The name ignoring case and accents; the phone by its digits, when the query is a phone's digits.
      const digits = contact.replace(/\D/g, '');
      const isPhone = digits.length >= 3 && digits.length === contact.replace(/[\s().+-]/g, '').length;
      query.andWhere(
        `(lower(mostrador_unaccent(o.contact->>'name')) LIKE :contactPattern ESCAPE '\\'${
          isPhone ? ` OR regexp_replace(o.contact->>'phone', '\\D', '', 'g') LIKE :phonePattern` : ''
        })`,
        { contactPattern: `%${likeLiteral(foldText(contact))}%`, ...(isPhone ? { phonePattern: `%${digits}%` } : {}) },
      );
    }
    query.orderBy('o.createdAt', 'DESC').addOrderBy('o.number', 'DESC').offset(page.offset).limit(page.limit);
    const [rows, total] = await reading(() => query.getManyAndCount());
    return { items: rows.map(orderFromRow), total, offset: page.offset, limit: page.limit };
  }

  async listExpired(at: Date, limit: number): Promise<Order[]> {
    const rows = await reading(() =>
      this.rows
        .createQueryBuilder('o')
        .where(`o.status = 'placed'`)
        .andWhere('o.reservationExpiresAt < :at', { at })
        .orderBy('o.reservationExpiresAt', 'ASC')
        .addOrderBy('o.number', 'ASC')
        .limit(limit)
        .getMany(),
    );
    return rows.map(orderFromRow);
  }

  /** From a sequence: never rewound by a rollback, never reused, kept past explicitly saved numbers. */
  async nextNumber(): Promise<number> {
    const { rows } = await execute<{ n: string | number }>(this.manager, `SELECT nextval('order_number_seq') AS n`);
    const value = rows[0]?.n;
    if (value === undefined) throw new Error('nextval returned no row');
    return toSafeInteger(value, 'order_number_seq');
  }

  /** Version 1 inserts; version n updates only the stored version n − 1 (optimistic lock). */
  async save(order: Order): Promise<void> {
    const row = orderToRow(order);
    if (order.version === 1) {
      try {
        await guarded(this.manager, (manager) => insertRows(manager, OrderEntity, [row]));
        return;
      } catch (error) {
        // orders_pkey: the order exists already, so version 1 is stale.
        if (error instanceof ConflictError && error.code === 'ORDER.CONCURRENT_UPDATE')
          throw concurrentUpdate(order, await this.storedVersion(order.id));
        throw error;
      }
    }
    const { id, ...changes } = row;
    let affected: number;
    try {
      const result = await guarded(this.manager, (manager) =>
        manager
          .createQueryBuilder()
          .update(OrderEntity)
          .set(changes)
          .where('id = :id AND version = :previous', { id, previous: order.version - 1 })
          .updateEntity(false)
          .execute(),
      );
      affected = result.affected ?? 0;
    } catch (error) {
      throw translateError(error);
    }
    if (affected !== 1) throw concurrentUpdate(order, await this.storedVersion(order.id));
  }

  private async storedVersion(id: string): Promise<number | null> {
    const { rows } = await execute<{ version: number }>(this.manager, 'SELECT version FROM orders WHERE id = $1', [id]);
    return rows[0]?.version ?? null;
  }
}

export class TypeOrmPaymentRepository implements PaymentRepository {
  constructor(private readonly manager: EntityManager) {}

  private get rows() {
    return this.manager.getRepository(PaymentEntity);
  }

  async get(id: string): Promise<Payment | null> {
    const row = await reading(() => this.rows.findOneBy({ id }));
    return row ? paymentFromRow(row) : null;
  }

  async getByProviderId(provider: string, providerPaymentId: string): Promise<Payment | null> {
    const row = await reading(() => this.rows.findOneBy({ provider, providerPaymentId }));
    return row ? paymentFromRow(row) : null;
  }

  /** Oldest first. */
  async listByOrder(orderId: string): Promise<Payment[]> {
    const rows = await reading(() =>
      this.rows
        .createQueryBuilder('p')
        .where('p.orderId = :orderId', { orderId })
        .orderBy('p.createdAt', 'ASC')
        .addOrderBy('p.id', 'ASC')
        .getMany(),
    );
    return rows.map(paymentFromRow);
  }

  async save(payment: Payment): Promise<void> {
    await guarded(this.manager, (manager) => upsertRows(manager, PaymentEntity, [paymentToRow(payment)]));
  }
}

export class TypeOrmInvoiceRepository implements InvoiceRepository {
  constructor(private readonly manager: EntityManager) {}

  private get rows() {
    return this.manager.getRepository(InvoiceEntity);
  }

  async get(id: string): Promise<Invoice | null> {
    const row = await reading(() => this.rows.findOneBy({ id }));
    return row ? invoiceFromRow(row) : null;
  }

  /** Oldest first. */
  async listByOrder(orderId: string): Promise<Invoice[]> {
    const rows = await reading(() =>
      this.rows
        .createQueryBuilder('i')
        .where('i.orderId = :orderId', { orderId })
        .orderBy('i.createdAt', 'ASC')
        .addOrderBy('i.id', 'ASC')
        .getMany(),
    );
    return rows.map(invoiceFromRow);
  }

  async listByStatus(status: Invoice['status'], limit: number): Promise<Invoice[]> {
    const rows = await reading(() =>
      this.rows
        .createQueryBuilder('i')
        .where('i.status = :status', { status })
        .orderBy('i.createdAt', 'ASC')
        .addOrderBy('i.id', 'ASC')
        .limit(limit)
        .getMany(),
    );
    return rows.map(invoiceFromRow);
  }

  async lastNumber(issuerCuit: string, pointOfSale: number, voucherType: VoucherType): Promise<number> {
    const { rows } = await execute<{ last: number | string }>(
      this.manager,
      'SELECT coalesce(max(number), 0) AS last FROM invoices WHERE issuer_cuit = $1 AND point_of_sale = $2 AND voucher_type = $3',
      [issuerCuit, pointOfSale, voucherType],
    );
    return toSafeInteger(rows[0]?.last ?? 0, 'invoices.number');
  }

  /** ConflictError `INVOICE.NUMBER_TAKEN` when another pending or authorized invoice holds the (cuit, point of sale, type, number). */
  async save(invoice: Invoice): Promise<void> {
    await guarded(this.manager, (manager) => upsertRows(manager, InvoiceEntity, [invoiceToRow(invoice)]));
  }
}
