import type { PaymentCheckout, PaymentCheckoutRepository } from '@mostrador/core';
import type { EntityManager } from 'typeorm';
import { PaymentCheckoutEntity } from '../entities/payments.js';
import { checkoutFromRow, checkoutToRow } from '../mappers/payments.js';
import { guarded, insertRows, reading } from './rows.js';

export class TypeOrmPaymentCheckoutRepository implements PaymentCheckoutRepository {
  constructor(private readonly manager: EntityManager) {}

  private get rows() {
    return this.manager.getRepository(PaymentCheckoutEntity);
  }

  async listByOrder(orderId: string): Promise<PaymentCheckout[]> {
    const rows = await reading(() =>
      this.rows
        .createQueryBuilder('c')
        .where('c.orderId = :orderId', { orderId })
        .orderBy('c.provider', 'ASC')
        .addOrderBy('c.attempt', 'ASC')
        .getMany(),
    );
    return rows.map(checkoutFromRow);
  }

  /** INSERT ... ON CONFLICT DO NOTHING, then the stored row: the first of concurrent inserts wins. */
  async insertIfAbsent(checkout: PaymentCheckout): Promise<PaymentCheckout> {
    await guarded(this.manager, (manager) =>
      insertRows(manager, PaymentCheckoutEntity, [checkoutToRow(checkout)], { ignoreConflicts: true }),
    );
    const stored = await reading(() =>
      this.rows.findOneBy({ orderId: checkout.orderId, provider: checkout.provider, attempt: checkout.attempt }),
    );
    if (!stored) throw new Error(`payment checkout ${checkout.id} was neither inserted nor found`);
    return checkoutFromRow(stored);
  }

  async close(id: string, status: 'expired' | 'closed', at: Date): Promise<void> {
    await guarded(this.manager, (manager) =>
      manager
        .createQueryBuilder()
        .update(PaymentCheckoutEntity)
        .set({ status, updatedAt: at })
        .where('id = :id AND status = :open', { id, open: 'open' })
        .execute(),
    );
  }

  async listOpen(limit: number, before?: Date): Promise<PaymentCheckout[]> {
    const query = this.rows.createQueryBuilder('c').where('c.status = :open', { open: 'open' });
    if (before) query.andWhere('c.expiresAt < :before', { before });
    const rows = await reading(() => query.orderBy('c.expiresAt', 'ASC').addOrderBy('c.id', 'ASC').limit(limit).getMany());
    return rows.map(checkoutFromRow);
  }
}
