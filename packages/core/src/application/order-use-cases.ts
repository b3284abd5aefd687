import { availableStock } from '../catalog/product.js';
import { validateTaxProfile } from '../customers/tax-id.js';
import { add, equals, formatMoney, type Money, sum, zero } from '../money/money.js';
import { CUSTOMER_MESSAGE_LENGTH, customerMessage } from '../notifications/customer-message.js';
import { paymentReceived, stockLevelEvents } from '../notifications/events.js';
import type { Order, OrderStatus } from '../ordering/order.js';
import { stockEffectOf, transition } from '../ordering/order-lifecycle.js';
import { buildOrderLines, newPlacedOrder, validateOrderDetails } from '../ordering/place-order.js';
import { givenBackOf, type Payment } from '../payments/payment.js';
import { paymentNeedsAttention, paymentRefunded } from '../payments/payment-events.js';
import type { Repositories } from '../ports/repositories.js';
import { ConflictError, ForbiddenError, isDomainError, NotFoundError, ValidationError } from '../shared/errors.js';
import { ACCESS, actorLabel, authorize, isOwnCustomer } from './authorization.js';
import type { UseCaseDependencies } from './dependencies.js';
import { readAllPages } from './paging.js';
import { applyStockEffect } from './stock-changes.js';
import type { Actor, OrderUseCases, PaymentUpdateOutcome, SalesSummary } from './use-cases.js';

/** Orders whose money the shop keeps: counted as revenue in reports. */
const PAID_STATUSES: readonly OrderStatus[] = ['paid', 'invoiced', 'shipped', 'delivered'];
const EXPIRY_BATCH = 100;
/**
 * Orders a whole refund moves to `refunded`: paid, and invoiced (its credit note follows). A
 * shipped or delivered order keeps its status: the refund is on its payment and, when invoiced,
 * in a credit note.
 */
const REVERSIBLE_STATUSES: readonly OrderStatus[] = ['paid', 'invoiced'];

/** The history note of the change a payment makes: also how a reversal finds the payment that paid an order. */
const paymentNote = (payment: Payment): string => `${payment.provider} payment ${payment.providerPaymentId}`;
const TOP_PRODUCTS = 10;

export const createOrderUseCases = ({ uow, clock, ids, settings }: UseCaseDependencies): OrderUseCases => {
  /** Transition + its stock effect + save + outbox, inside the caller's transaction. */
  const moveOrder = async (
    repositories: Repositories,
    order: Order,
    to: OrderStatus,
    change: { by: string; note: string | null; at: Date },
  ): Promise<Order> => {
    const moved = transition(order, to, change);
    const stockEvents = await applyStockEffect(
      { repositories, ids, lowStockThreshold: settings.lowStockThreshold, at: change.at, by: change.by },
      order,
      stockEffectOf(order.status, to),
    );
    await repositories.orders.save(moved.order);
    await repositories.outbox.add([moved.event, ...stockEvents]);
    return moved.order;
  };

  /**
   * Whether `actor` may see `order`. Another customer's order looks absent rather than forbidden:
   * order numbers are sequential, so a distinct answer would let anyone probe them.
   */
  const canSee = (actor: Actor, order: Order): boolean => {
    if (actor.kind === 'customer') return isOwnCustomer(actor, order.customerId);
    authorize(actor, ACCESS.read);
    return true;
  };

  const requireOrder = async (repositories: Repositories, orderId: string, actor: Actor): Promise<Order> => {
    const order = await repositories.orders.get(orderId);
    if (!order || !canSee(actor, order)) throw new NotFoundError('order', orderId);
    return order;
  };

  /** What an approved payment does to its order. */
  const applyApproved = async (
    repositories: Repositories,
    order: Order,
    payment: Payment,
    wasApproved: boolean,
    at: Date,
  ): Promise<PaymentUpdateOutcome> => {
    switch (order.status) {
      case 'placed':
        if (!equals(payment.amount, order.total)) {
          // Keep the order placed: its reservation still lapses on time, so no stock is lost or
          // oversold; staff see the recorded payment and settle the difference.
          return { status: 'recorded', order };
        }
        return {
          status: 'order-paid',
          order: await moveOrder(repositories, order, 'paid', { by: 'system', note: paymentNote(payment), at }),
        };
      case 'expired':
      case 'cancelled':
      case 'refunded':
        // The stock went back to the shelf; re-reserving it is not attempted (it may be sold already).
        return { status: 'needs-refund', order, reason: `order ${order.number} is ${order.status}` };
      default:
        return wasApproved
          ? { status: 'recorded', order }
          : { status: 'needs-refund', order, reason: `order ${order.number} was already paid` };
    }
  };

  /**
   * A refund or chargeback refunds the order only when it takes away the money that paid it: the
   * payment that moved the order to paid (not a duplicate of an order paid in cash at the counter,
   * or by another payment), and no other approved payment still covers it.
   */
  const applyReversal = async (
    repositories: Repositories,
    order: Order,
    payment: Payment,
    wasApproved: boolean,
    at: Date,
  ): Promise<PaymentUpdateOutcome> => {
    if (!REVERSIBLE_STATUSES.includes(order.status) || !wasApproved || !equals(payment.amount, order.total))
      return { status: 'recorded', order };
    const paidBy = order.history.findLast((change) => change.to === 'paid');
    // The payment's own note on the change to paid (the system's for a provider, the clerk's for a counter sale).
    if (paidBy?.note !== paymentNote(payment)) return { status: 'recorded', order };
    const others = await repositories.payments.listByOrder(order.id);
    const stillCovered = others.some(
      (other) => other.id !== payment.id && other.status === 'approved' && equals(other.amount, order.total),
    );
    if (stillCovered) return { status: 'recorded', order };
    return {
      status: 'order-refunded',
      order: await moveOrder(repositories, order, 'refunded', {
        by: 'system',
        note: `${payment.provider} payment ${payment.providerPaymentId} ${payment.status}`,
        at,
      }),
    };
  };

  return {
    async place(input) {
      const at = clock.now();
      const details = validateOrderDetails(input.contact, input.delivery);
      const billing = input.billing ? validateTaxProfile(input.billing) : null;
      return uow.transaction(async (repositories) => {
        if (!(await repositories.customers.get(input.customerId))) throw new NotFoundError('customer', input.customerId);
        const cart = await repositories.carts.get(input.customerId, input.channel);
        if (!cart || cart.lines.length === 0)
          throw new ValidationError('CART.EMPTY', 'the cart is empty', { customerId: input.customerId, channel: input.channel });
        const products = await repositories.products.getMany(cart.lines.map((line) => line.productId));
        const lines = buildOrderLines(cart.lines, products, at);

        // Reserve in a fixed order (by product id) so concurrent orders on a database lock rows alike.
        const shortages: { productId: string; name: string; requested: number; available: number }[] = [];
        for (const line of [...lines].sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0))) {
          if (await repositories.products.reserve(line.productId, line.quantity)) continue;
          const product = await repositories.products.get(line.productId);
          shortages.push({
            productId: line.productId,
            name: line.name,
            requested: line.quantity,
            available: product ? availableStock(product) : 0,
          });
        }
        const [first] = shortages;
        if (first) {
          // Throwing rolls back the reservations already made in this transaction.
          throw new ConflictError('STOCK.INSUFFICIENT', shortages.map((s) => `only ${s.available} of ${s.name} available`).join('; '), {
            ...first,
            lines: shortages,
          });
        }

        const { order, event } = newPlacedOrder({
          id: ids.next(),
          number: await repositories.orders.nextNumber(),
          customerId: input.customerId,
          channel: input.channel,
          lines,
          contact: details.contact,
          delivery: details.delivery,
          billing,
          at,
          reservationMinutes: settings.reservationMinutes,
        });
        await repositories.orders.save(order);
        await repositories.carts.delete(cart.id);
        const stockEvents = lines.flatMap((line) => {
          const product = products.find((candidate) => candidate.id === line.productId);
          if (!product) return [];
          const before = availableStock(product);
          return stockLevelEvents(product, before, before - line.quantity, settings.lowStockThreshold, at);
        });
        await repositories.outbox.add([event, ...stockEvents]);
        return order;
      });
    },

    async cancel(actor, orderId, reason) {
      if (actor.kind !== 'customer') authorize(actor, ACCESS.orderStatus);
      const at = clock.now();
      return uow.transaction(async (repositories) => {
        const order = await requireOrder(repositories, orderId, actor);
        return moveOrder(repositories, order, 'cancelled', {
          by: actor.kind === 'customer' ? 'customer' : actorLabel(actor),
          note: reason?.trim() || null,
          at,
        });
      });
    },

    async expireReservations() {
      const at = clock.now();
      const seen = new Set<string>();
      let expired = 0;
      for (;;) {
        const batch = (await uow.repositories.orders.listExpired(at, EXPIRY_BATCH)).filter((order) => !seen.has(order.id));
        if (batch.length === 0) return expired;
        for (const candidate of batch) {
          seen.add(candidate.id);
          try {
            const done = await uow.transaction(async (repositories) => {
              // Re-read inside the transaction: a payment may have arrived since the listing.
              const order = await repositories.orders.get(candidate.id);
              if (order?.status !== 'placed' || order.reservationExpiresAt.getTime() >= at.getTime()) return false;
              await moveOrder(repositories, order, 'expired', { by: 'system', note: 'reservation lapsed', at });
              return true;
            });
            if (done) expired += 1;
          } catch (error) {
            // Someone else changed the order meanwhile; it is no longer this job's business.
            if (!(isDomainError(error) && error.code === 'ORDER.CONCURRENT_UPDATE')) throw error;
          }
        }
      }
    },

    async applyPayment(provider, update, eventId) {
      const at = clock.now();
      return uow.transaction(async (repositories): Promise<PaymentUpdateOutcome> => {
        const seen = await repositories.payments.getByProviderId(provider, update.providerPaymentId);
        if (seen?.processedEventIds.includes(eventId)) return { status: 'duplicate' };
        const orderId = seen?.orderId ?? update.orderId;
        // The order's row is held until commit: a concurrent delivery about the same payment waits
        // here, then reads what this one stored (instead of inserting it again: PAYMENT.DUPLICATE).
        const order = await repositories.orders.get(orderId, { lock: true });
        if (!order) throw new NotFoundError('order', orderId);
        const current = await repositories.payments.getByProviderId(provider, update.providerPaymentId);
        if (current?.processedEventIds.includes(eventId)) return { status: 'duplicate' };

        const mismatch =
          update.status === 'approved' && !equals(update.amount, order.total) && !current?.attention
            ? `amount ${formatMoney(update.amount, 'en')} ${update.amount.currency} does not match the order total ${formatMoney(order.total, 'en')} ${order.total.currency}`
            : null;
        const payment: Payment = {
          id: current?.id ?? ids.next(),
          orderId: order.id,
          provider,
          providerPaymentId: update.providerPaymentId,
          status: update.status,
          statusDetail: update.statusDetail,
          amount: update.amount,
          refundedAmount: update.refundedAmount,
          attention: current?.attention ?? mismatch,
          processedEventIds: [...(current?.processedEventIds ?? []), eventId],
          createdAt: current?.createdAt ?? at,
          updatedAt: at,
        };
        await repositories.payments.save(payment);
        const wasApproved = current?.status === 'approved';
        // Money given back (a refund, whole or partial, or a chargeback): said once per change.
        const backBefore = current ? givenBackOf(current) : 0;
        const backNow = givenBackOf(update);
        if (current && backNow > backBefore) {
          const back = { amount: backNow, currency: update.amount.currency };
          await repositories.outbox.add([
            paymentRefunded(order, payment, { amount: backNow - backBefore, currency: update.amount.currency }, back, at),
          ]);
        }

        switch (update.status) {
          case 'approved': {
            if (wasApproved) return applyApproved(repositories, order, payment, wasApproved, at);
            if (mismatch) {
              // Never paid by a payment that does not cover the order: staff settle it by hand.
              await repositories.outbox.add([paymentNeedsAttention(order, payment, mismatch, at)]);
              return { status: 'flagged', order, reason: mismatch };
            }
            await repositories.outbox.add([paymentReceived(order, payment, at)]);
            const outcome = await applyApproved(repositories, order, payment, wasApproved, at);
            if (outcome.status === 'needs-refund') {
              await repositories.payments.save({ ...payment, attention: outcome.reason });
              await repositories.outbox.add([paymentNeedsAttention(order, payment, outcome.reason, at)]);
            }
            return outcome;
          }
          case 'refunded':
          case 'charged_back':
            return applyReversal(repositories, order, payment, wasApproved, at);
          default:
            return { status: 'recorded', order };
        }
      });
    },

    async changeStatus(actor, orderId, to, note) {
      authorize(actor, ACCESS.orderStatus);
      const at = clock.now();
      return uow.transaction(async (repositories) => {
        const order = await requireOrder(repositories, orderId, actor);
        return moveOrder(repositories, order, to, { by: actorLabel(actor), note: note?.trim() || null, at });
      });
    },

    async get(actor, orderId) {
      const order = await uow.repositories.orders.get(orderId);
      return order && canSee(actor, order) ? order : null;
    },

    async getByNumber(actor, number) {
      const order = await uow.repositories.orders.getByNumber(number);
      return order && canSee(actor, order) ? order : null;
    },

    async list(actor, filter, page) {
      if (actor.kind === 'customer') {
        if (filter.customerId !== undefined && filter.customerId !== actor.customerId) {
          throw new ForbiddenError('AUTH.FORBIDDEN', 'customers only see their own orders', { actor: actor.kind });
        }
        return uow.repositories.orders.list({ ...filter, customerId: actor.customerId }, page);
      }
      authorize(actor, ACCESS.read);
      return uow.repositories.orders.list(filter, page);
    },

    async salesSummary(actor, range): Promise<SalesSummary> {
      authorize(actor, ACCESS.reports);
      if (!(range.from.getTime() < range.to.getTime())) {
        throw new ValidationError('REPORT.RANGE_INVALID', 'the report range must start before it ends', {
          from: range.from.toISOString(),
          to: range.to.toISOString(),
        });
      }
      const orders = await readAllPages((offset, limit) =>
        uow.repositories.orders.list({ createdFrom: range.from, createdTo: range.to }, { offset, limit }),
      );
      const paid = orders.filter((order) => PAID_STATUSES.includes(order.status));
      const currency = orders[0]?.total.currency ?? 'ARS';
      const byStatus: Partial<Record<OrderStatus, number>> = {};
      for (const order of orders) byStatus[order.status] = (byStatus[order.status] ?? 0) + 1;
      const products = new Map<string, { productId: string; name: string; quantity: number; revenue: Money }>();
      for (const line of paid.flatMap((order) => order.lines)) {
        const entry = products.get(line.productId) ?? {
          productId: line.productId,
          name: line.name,
          quantity: 0,
          revenue: zero(line.total.currency),
        };
        products.set(line.productId, { ...entry, quantity: entry.quantity + line.quantity, revenue: add(entry.revenue, line.total) });
      }
      const topProducts = [...products.values()]
        .sort((a, b) => b.quantity - a.quantity || b.revenue.amount - a.revenue.amount || (a.productId < b.productId ? -1 : 1))
        .slice(0, TOP_PRODUCTS);
      return {
        from: range.from,
        to: range.to,
        ordersPlaced: orders.length,
        ordersPaid: paid.length,
        revenue: sum(
          paid.map((order) => order.total),
          currency,
        ),
        byStatus,
        topProducts,
      };
    },

    async messageCustomer(actor, orderId, text) {
      authorize(actor, ACCESS.orderStatus);
      const message = text.trim().replace(/[ \t]+/g, ' ');
      if (message.length < CUSTOMER_MESSAGE_LENGTH.min || message.length > CUSTOMER_MESSAGE_LENGTH.max) {
        throw new ValidationError(
          'ORDER.MESSAGE_INVALID',
          `a message to the customer is ${CUSTOMER_MESSAGE_LENGTH.min} to ${CUSTOMER_MESSAGE_LENGTH.max} characters`,
          { length: message.length },
        );
      }
      const at = clock.now();
      return uow.transaction(async (repositories) => {
        const order = await requireOrder(repositories, orderId, actor);
        await repositories.outbox.add([customerMessage(order, message, actorLabel(actor), at)]);
        return order;
      });
    },
  };
};
