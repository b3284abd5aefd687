import { availableStock, type Product } from '../catalog/product.js';
import type { DomainEvent } from '../notifications/domain-event.js';
import { stockLevelEvents } from '../notifications/events.js';
import type { Order } from '../ordering/order.js';
import type { StockEffect } from '../ordering/order-lifecycle.js';
import type { StockMovement } from '../ordering/stock-movement.js';
import type { Repositories } from '../ports/repositories.js';
import type { IdGenerator } from '../ports/services.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { ensurePlainText, INT4_MAX, isInt4 } from '../shared/input-bounds.js';

/** What a stock change inside a transaction needs to know. */
export interface StockChangeContext {
  readonly repositories: Repositories;
  readonly ids: IdGenerator;
  readonly lowStockThreshold: number;
  readonly at: Date;
  /** Staff user id or 'system'. */
  readonly by: string;
}

const requireProduct = async (repositories: Repositories, productId: string): Promise<Product> => {
  const product = await repositories.products.get(productId);
  if (!product) throw new NotFoundError('product', productId);
  return product;
};

/** `stock.low` / `stock.back_in_stock` for a product that went from `before` to `after`. */
export const availabilityEvents = (before: Product, after: Product, threshold: number, at: Date): DomainEvent[] =>
  stockLevelEvents(after, availableStock(before), availableStock(after), threshold, at);

/**
 * Changes stock on hand by `delta` with its audit movement. Throws ValidationError
 * `STOCK.OUT_OF_RANGE` (field `delta`) when the result would not fit the stock column, and
 * ConflictError `STOCK.BELOW_RESERVED` when on hand would fall below zero or below what placed
 * orders reserved; its message gives the units on hand, reserved and available.
 */
export const changeStockOnHand = async (
  context: StockChangeContext,
  productId: string,
  delta: number,
  movement: { readonly reason: StockMovement['reason']; readonly note: string | null; readonly orderId: string | null },
): Promise<{ product: Product; events: DomainEvent[] }> => {
  const { repositories, ids, at, by } = context;
  ensurePlainText('note', movement.note);
  if (!isInt4(delta)) throw outOfRange(delta, null);
  const before = await requireProduct(repositories, productId);
  if (before.stockOnHand + delta > INT4_MAX) throw outOfRange(delta, before);
  if (!(await repositories.products.adjust(productId, delta))) throw belowReserved(before, delta);
  await repositories.stockMovements.add({
    id: ids.next(),
    productId,
    delta,
    reason: movement.reason,
    note: movement.note,
    by,
    orderId: movement.orderId,
    at,
  });
  const after = await requireProduct(repositories, productId);
  return { product: after, events: availabilityEvents(before, after, context.lowStockThreshold, at) };
};

const outOfRange = (delta: number, before: Product | null): ValidationError =>
  new ValidationError(
    'STOCK.OUT_OF_RANGE',
    before === null
      ? `a stock change must be a whole number from -${INT4_MAX} to ${INT4_MAX}, got ${delta}`
      : `stock of ${before.name} can hold at most ${INT4_MAX} units: ${before.stockOnHand} on hand plus ${delta} is more`,
    { field: 'delta', delta, ...(before ? { stockOnHand: before.stockOnHand } : {}) },
  );

/** Says which floor the change went through: zero (nothing reserved) or the units orders reserved. */
const belowReserved = (before: Product, delta: number): ConflictError => {
  const onHand = before.stockOnHand;
  const available = availableStock(before);
  const floor =
    before.reserved > 0
      ? `below the ${before.reserved} units reserved by orders (${onHand} on hand, ${available} available)`
      : `below zero (${onHand} units on hand, ${available} available)`;
  return new ConflictError('STOCK.BELOW_RESERVED', `stock of ${before.name} cannot change by ${delta}: it would go ${floor}`, {
    productId: before.id,
    delta,
    stockOnHand: onHand,
    reserved: before.reserved,
    available,
  });
};

/** Applies what an order transition does to stock (see `stockEffectOf`) and returns the stock events it causes. */
export const applyStockEffect = async (context: StockChangeContext, order: Order, effect: StockEffect): Promise<DomainEvent[]> => {
  const { repositories, ids, at, by } = context;
  const events: DomainEvent[] = [];
  for (const line of order.lines) {
    switch (effect) {
      case 'release': {
        const before = await repositories.products.get(line.productId);
        await repositories.products.release(line.productId, line.quantity);
        const after = await repositories.products.get(line.productId);
        if (before && after) events.push(...availabilityEvents(before, after, context.lowStockThreshold, at));
        break;
      }
      case 'commit':
        // On hand and reserved drop together: availability does not change, so no stock event.
        await repositories.products.commit(line.productId, line.quantity);
        await repositories.stockMovements.add({
          id: ids.next(),
          productId: line.productId,
          delta: -line.quantity,
          reason: 'sale',
          note: null,
          by,
          orderId: order.id,
          at,
        });
        break;
      case 'restock': {
        const changed = await changeStockOnHand(context, line.productId, line.quantity, {
          reason: 'refund',
          note: null,
          orderId: order.id,
        });
        events.push(...changed.events);
        break;
      }
      case 'none':
        break;
    }
  }
  return events;
};
