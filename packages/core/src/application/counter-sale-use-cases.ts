import { availableStock } from '../catalog/product.js';
import type { Customer } from '../customers/customer.js';
import { validateTaxProfile } from '../customers/tax-id.js';
import type { TaxProfile } from '../customers/tax-profile.js';
import { orderPaid, stockLevelEvents } from '../notifications/events.js';
import type { Order } from '../ordering/order.js';
import { buildOrderLines, newPlacedOrder } from '../ordering/place-order.js';
import type { Payment } from '../payments/payment.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { ACCESS, actorLabel, authorize } from './authorization.js';
import type { UseCaseDependencies } from './dependencies.js';
import { applyStockEffect } from './stock-changes.js';
import type { Actor } from './use-cases.js';

/** How a counter sale was paid. */
export const COUNTER_PAYMENT_METHODS = ['cash', 'debit_card', 'credit_card', 'transfer', 'qr'] as const;
export type CounterPaymentMethod = (typeof COUNTER_PAYMENT_METHODS)[number];

export interface CounterSaleInput {
  /** Products by id or SKU; the same product twice is merged. */
  readonly lines: readonly { readonly productId?: string; readonly sku?: string; readonly quantity: number }[];
  /** A known customer; null/absent for a walk-in (a customer record without channels is created). */
  readonly customerId?: string | null;
  /** Buyer data for the invoice (A, or an identified consumidor final); null = anonymous consumidor final. */
  readonly billing?: TaxProfile | null;
  /** Walk-in's name (default "Cliente de mostrador") and phone, for the order. */
  readonly contact?: { readonly name?: string; readonly phone?: string } | null;
  readonly payment: { readonly method: CounterPaymentMethod; readonly reference?: string | null };
}

export interface CounterSaleUseCases {
  /**
   * Staff sell at the counter: one transaction reserves and commits the stock (never oversold:
   * `STOCK.INSUFFICIENT` changes nothing), stores the order already paid with a `counter` payment,
   * and writes `order.placed` and `order.paid` to the outbox, so invoicing follows as for any
   * paid order.
   */
  sell(actor: Actor, input: CounterSaleInput): Promise<Order>;
}

const WALK_IN_NAME = 'Cliente de mostrador';

export const createCounterSaleUseCases = ({ uow, clock, ids, settings }: UseCaseDependencies): CounterSaleUseCases => ({
  async sell(actor, input) {
    authorize(actor, ACCESS.orderStatus);
    const at = clock.now();
    if (!COUNTER_PAYMENT_METHODS.includes(input.payment?.method)) {
      throw new ValidationError('ORDER.PAYMENT_METHOD_INVALID', `payment.method must be one of ${COUNTER_PAYMENT_METHODS.join(', ')}`, {
        field: 'payment.method',
      });
    }
    if (!Array.isArray(input.lines) || input.lines.length === 0) {
      throw new ValidationError('CART.EMPTY', 'a counter sale needs at least one line', { field: 'lines' });
    }
    const billing = input.billing ? validateTaxProfile(input.billing) : null;
    const by = actorLabel(actor);
    return uow.transaction(async (repositories) => {
      const skus = input.lines.flatMap((line) => (line.productId ? [] : line.sku ? [line.sku] : []));
      const bySku = new Map((await repositories.products.findBySkus(skus)).map((product) => [product.sku, product.id]));
      const cartLines = input.lines.map((line, index) => {
        const productId = line.productId ?? (line.sku ? bySku.get(line.sku) : undefined);
        if (!productId) {
          if (line.sku) throw new NotFoundError('product', line.sku);
          throw new ValidationError('ORDER.LINE_INVALID', `line ${index + 1} needs a productId or a sku`, { field: `lines.${index}` });
        }
        return { productId, quantity: line.quantity };
      });
      const products = await repositories.products.getMany(cartLines.map((line) => line.productId));
      const lines = buildOrderLines(cartLines, products, at);

      let customer: Customer | null = null;
      if (input.customerId) {
        customer = await repositories.customers.get(input.customerId);
        if (!customer) throw new NotFoundError('customer', input.customerId);
      } else {
        customer = {
          id: ids.next(),
          name: input.contact?.name?.trim() || billing?.legalName || WALK_IN_NAME,
          identities: [],
          language: 'es',
          marketingConsent: false,
          phone: input.contact?.phone?.trim() || null,
          email: null,
          taxProfile: billing,
          createdAt: at,
          updatedAt: at,
        };
        await repositories.customers.save(customer);
      }

      for (const line of [...lines].sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0))) {
        if (await repositories.products.reserve(line.productId, line.quantity)) continue;
        const product = products.find((p) => p.id === line.productId);
        throw new ConflictError('STOCK.INSUFFICIENT', `only ${product ? availableStock(product) : 0} of ${line.name} available`, {
          productId: line.productId,
          requested: line.quantity,
        });
      }

      const placed = newPlacedOrder({
        id: ids.next(),
        number: await repositories.orders.nextNumber(),
        customerId: customer.id,
        channel: 'counter',
        lines,
        contact: { name: input.contact?.name?.trim() || customer.name, phone: input.contact?.phone?.trim() || customer.phone || '' },
        delivery: { method: 'pickup', address: null },
        billing: billing ?? customer.taxProfile,
        at,
        reservationMinutes: settings.reservationMinutes,
      });
      const payment: Payment = {
        id: ids.next(),
        orderId: placed.order.id,
        provider: 'counter',
        providerPaymentId: `${placed.order.number}:${input.payment.method}${input.payment.reference ? `:${input.payment.reference}` : ''}`,
        status: 'approved',
        statusDetail: input.payment.method,
        amount: placed.order.total,
        processedEventIds: [],
        createdAt: at,
        updatedAt: at,
      };
      const note = `counter payment ${payment.providerPaymentId}`;
      const paid: Order = {
        ...placed.order,
        status: 'paid',
        history: [...placed.order.history.map((h) => ({ ...h, by })), { from: 'placed', to: 'paid', at, by, note }],
        version: 1,
      };
      await applyStockEffect({ repositories, ids, lowStockThreshold: settings.lowStockThreshold, at, by }, placed.order, 'commit');
      const stockEvents = lines.flatMap((line) => {
        const product = products.find((candidate) => candidate.id === line.productId);
        if (!product) return [];
        const before = availableStock(product);
        return stockLevelEvents(product, before, before - line.quantity, settings.lowStockThreshold, at);
      });
      await repositories.orders.save(paid);
      await repositories.payments.save(payment);
      await repositories.outbox.add([placed.event, orderPaid(paid, { from: 'placed', at, by, note }), ...stockEvents]);
      return paid;
    });
  },
});
