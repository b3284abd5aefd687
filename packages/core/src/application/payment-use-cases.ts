import { CURRENCIES, type Money, subtract, zero } from '../money/money.js';
import type { Order } from '../ordering/order.js';
import { checkoutIdempotencyKey, type PaymentCheckout } from '../payments/checkout.js';
import type { Payment } from '../payments/payment.js';
import { applyRetryingRaces, webhookAnswerFor, webhookProblem } from '../payments/payment-webhook.js';
import type { InboundResponse } from '../ports/inbound-route.js';
import type { JobQueue, Logger, PaymentGateway, ProviderPayment, WebhookRequest } from '../ports/services.js';
import { AdapterError, ConflictError, type DomainError, isDomainError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { Role } from '../staff/staff-user.js';
import { ACCESS, authorize, isOwnCustomer } from './authorization.js';
import type { UseCaseDependencies } from './dependencies.js';
import { readAllPages } from './paging.js';
import type { Actor, OrderUseCases, PaymentUpdateOutcome } from './use-cases.js';

/** The queue a verified webhook becomes a job on; its consumer is `PaymentUseCases.sync`. */
export const PAYMENT_SYNC_QUEUE = 'payments.sync';

/** Providers of payments staff record by hand (no gateway behind them). */
export const MANUAL_PAYMENT_METHODS = ['cash', 'transfer'] as const;
export type ManualPaymentMethod = (typeof MANUAL_PAYMENT_METHODS)[number];

/** Who may give money back. */
const REFUND_ROLES: readonly Role[] = ['owner', 'manager'];
const OPEN_CHECKOUT_BATCH = 200;

/** What `payments.sync` jobs carry: the notification, never its content (the payment is re-read). */
export interface PaymentSyncJob {
  readonly provider: string;
  readonly providerPaymentId: string;
  readonly eventId: string;
}

/** A place to pay an order: a URL button in the chat. */
export interface CheckoutLink {
  readonly provider: string;
  /** "Mercado Pago": the button says "Pagar con Mercado Pago". */
  readonly displayName: string;
  readonly url: string;
  readonly expiresAt: Date;
}

export interface ReconcileReport {
  /** Orders awaiting payment whose provider payments were re-read. */
  readonly ordersChecked: number;
  /** Payment states applied that no webhook had brought. */
  readonly applied: number;
  /** Checkouts closed because they lapsed or their order stopped waiting. */
  readonly checkoutsClosed: number;
}

export interface ManualPaymentInput {
  readonly method: ManualPaymentMethod;
  readonly amount: Money;
  /** The transfer's reference or a note; kept as the payment's detail. */
  readonly reference: string | null;
  /** The same key records the payment once (a retried request). */
  readonly idempotencyKey: string | null;
}

export interface PaymentUseCases {
  /** The payment providers bound (each a pay button). */
  providers(): readonly { readonly provider: string; readonly displayName: string }[];
  /**
   * Where the customer pays a placed order, one link per provider: the open checkout while it is
   * valid, else a new attempt (stored, so every screen shows the same link). Empty when the order
   * does not wait for payment; a provider that cannot be reached is left out (and logged).
   */
  checkout(actor: Actor, orderId: string): Promise<CheckoutLink[]>;
  /**
   * A provider's webhook: 401 when forged, stale or unsigned, 400 when unreadable, 404 for an
   * unknown provider (nothing changed); otherwise 200 at once, the work queued on
   * `payments.sync` (job id `<provider>:<eventId>`, so a redelivery is one job), or done inline
   * when no queue is configured.
   */
  receiveWebhook(provider: string, request: WebhookRequest): Promise<InboundResponse>;
  /** The consumer of `payments.sync`: re-reads the payment and applies it; an unknown payment or order is dropped (logged). */
  sync(job: PaymentSyncJob): Promise<PaymentUpdateOutcome | null>;
  /** Re-reads the payments of orders awaiting payment (missed webhooks) and closes lapsed checkouts. */
  reconcile(): Promise<ReconcileReport>;
  /**
   * Refunds `amount` of a payment (null: all that remains) through its provider, or records it for
   * a manual payment. The same key refunds once; the order becomes `refunded` when the refund takes
   * away the money that paid it.
   */
  refund(actor: Actor, orderId: string, paymentId: string, amount: Money | null, idempotencyKey: string): Promise<Payment>;
  /** Staff record money taken outside any provider (cash at the counter, a bank transfer). */
  recordManual(actor: Actor, orderId: string, input: ManualPaymentInput): Promise<{ payment: Payment; outcome: PaymentUpdateOutcome }>;
  /** The order's payments, oldest first (staff, or the customer who placed it). */
  list(actor: Actor, orderId: string): Promise<Payment[]>;
}

export interface PaymentDependencies {
  /** Every bound gateway, one per provider name. */
  readonly gateways: readonly PaymentGateway[];
  /** Where verified webhooks are queued; null processes them inside the request. */
  readonly queue?: JobQueue | null;
  readonly logger?: Logger;
  /** The public URL of a provider's webhook route, when the shop knows it (else the gateway's own setting). */
  readonly notificationUrl?: (provider: string) => string | null;
  /** Where the payer's browser returns after paying. */
  readonly backUrl?: string | null;
}

const refundedOf = (payment: Payment): Money => payment.refundedAmount ?? zero(payment.amount.currency);

export const createPaymentUseCases = (deps: UseCaseDependencies, orders: OrderUseCases, payments: PaymentDependencies): PaymentUseCases => {
  const { uow, clock, ids } = deps;
  const logger = payments.logger;
  const gateways = new Map<string, PaymentGateway>();
  for (const gateway of payments.gateways) {
    if (gateways.has(gateway.provider)) throw new Error(`two payment gateways are bound for provider ${gateway.provider}`);
    if ((MANUAL_PAYMENT_METHODS as readonly string[]).includes(gateway.provider))
      throw new Error(`payment provider name ${gateway.provider} is reserved for manual payments`);
    gateways.set(gateway.provider, gateway);
  }
  const displayName = (gateway: PaymentGateway): string => gateway.displayName ?? gateway.provider;

  const visibleOrder = async (actor: Actor, orderId: string): Promise<Order> => {
    const order = await uow.repositories.orders.get(orderId);
    if (actor.kind !== 'customer') authorize(actor, ACCESS.read);
    // Another customer's order looks absent rather than forbidden (order numbers are sequential).
    if (order && (actor.kind !== 'customer' || isOwnCustomer(actor, order.customerId))) return order;
    throw new NotFoundError('order', orderId);
  };

  const apply = (provider: string, payment: ProviderPayment, eventId: string): Promise<PaymentUpdateOutcome> =>
    applyRetryingRaces(() => orders.applyPayment(provider, payment, eventId));

  const report = (provider: string, providerPaymentId: string, outcome: PaymentUpdateOutcome): void => {
    if (outcome.status === 'flagged' || outcome.status === 'needs-refund') {
      logger?.warn('payment needs staff attention', { provider, providerPaymentId, orderId: outcome.order.id, reason: outcome.reason });
    }
  };

  const openCheckout = async (gateway: PaymentGateway, order: Order, now: Date): Promise<PaymentCheckout> => {
    const mine = (await uow.repositories.paymentCheckouts.listByOrder(order.id)).filter((c) => c.provider === gateway.provider);
    const valid = mine.findLast((checkout) => checkout.status === 'open' && checkout.expiresAt.getTime() > now.getTime());
    if (valid) return valid;
    for (const lapsed of mine.filter((checkout) => checkout.status === 'open'))
      await uow.repositories.paymentCheckouts.close(lapsed.id, 'expired', now);
    const attempt = (mine.at(-1)?.attempt ?? 0) + 1;
    const idempotencyKey = checkoutIdempotencyKey(order.id, gateway.provider, attempt);
    const customer = await uow.repositories.customers.get(order.customerId);
    // Concurrent calls send the same key: the provider answers one session, and one row is stored.
    const session = await gateway.createCheckout({
      order,
      payerEmail: customer?.email ?? null,
      notificationUrl: payments.notificationUrl?.(gateway.provider) ?? null,
      backUrl: payments.backUrl ?? null,
      expiresAt: order.reservationExpiresAt,
      idempotencyKey,
    });
    return uow.repositories.paymentCheckouts.insertIfAbsent({
      id: ids.next(),
      orderId: order.id,
      provider: gateway.provider,
      attempt,
      idempotencyKey,
      providerReference: session.providerReference,
      paymentUrl: session.paymentUrl,
      expiresAt: order.reservationExpiresAt,
      status: 'open',
      createdAt: now,
      updatedAt: now,
    });
  };

  const sync = async (job: PaymentSyncJob): Promise<PaymentUpdateOutcome | null> => {
    const gateway = gateways.get(job.provider);
    if (!gateway) {
      logger?.warn('payment sync: no gateway for the provider; dropped', { provider: job.provider });
      return null;
    }
    let payment: ProviderPayment;
    try {
      payment = await gateway.fetchPayment(job.providerPaymentId);
    } catch (error) {
      if (isDomainError(error) && error.code === 'PAYMENT.NOT_FOUND') {
        logger?.warn('payment sync: the provider knows no such payment; dropped', {
          provider: job.provider,
          providerPaymentId: job.providerPaymentId,
        });
        return null;
      }
      throw error;
    }
    try {
      const outcome = await apply(job.provider, payment, job.eventId);
      report(job.provider, job.providerPaymentId, outcome);
      return outcome;
    } catch (error) {
      if (isDomainError(error) && error.code === 'ORDER.NOT_FOUND') {
        logger?.warn('payment sync: the payment is for no order of this shop; dropped', {
          provider: job.provider,
          providerPaymentId: job.providerPaymentId,
        });
        return null;
      }
      throw error;
    }
  };

  return {
    providers: () => [...gateways.values()].map((gateway) => ({ provider: gateway.provider, displayName: displayName(gateway) })),

    async checkout(actor, orderId) {
      const order = await visibleOrder(actor, orderId);
      const now = clock.now();
      if (order.status !== 'placed' || order.reservationExpiresAt.getTime() <= now.getTime()) return [];
      const links: CheckoutLink[] = [];
      for (const gateway of gateways.values()) {
        try {
          const checkout = await openCheckout(gateway, order, now);
          links.push({
            provider: gateway.provider,
            displayName: displayName(gateway),
            url: checkout.paymentUrl,
            expiresAt: checkout.expiresAt,
          });
        } catch (error) {
          // One provider down does not hide the others; the customer can come back from "my orders".
          logger?.warn('payment checkout could not be opened', {
            provider: gateway.provider,
            orderId: order.id,
            code: isDomainError(error) ? error.code : 'UNEXPECTED',
          });
        }
      }
      return links;
    },

    async receiveWebhook(provider, request) {
      const gateway = gateways.get(provider);
      if (!gateway) return webhookProblem(404, 'PAYMENT.PROVIDER_UNKNOWN', `no payment provider ${provider} is configured`);
      let outcome: Awaited<ReturnType<PaymentGateway['parseWebhook']>>;
      let inline: PaymentUpdateOutcome | null = null;
      try {
        outcome = await gateway.parseWebhook(request);
        if (outcome.kind === 'payment' && !payments.queue) {
          inline = await sync({ provider, providerPaymentId: outcome.providerPaymentId, eventId: outcome.eventId });
        }
      } catch (error) {
        // 401 forged or stale, 400 unreadable (nothing changed); 503 / 409 ask the provider to deliver again.
        const answer = isDomainError(error) ? webhookAnswerFor(error) : null;
        if (!answer) throw error;
        logger?.warn('payment webhook refused', { provider, status: answer.status, code: (error as DomainError).code });
        return answer;
      }
      if (outcome.kind === 'ignored') return { status: 200, body: { status: 'ignored', reason: outcome.reason } };
      if (!payments.queue) return { status: 200, body: { status: inline?.status ?? 'dropped' } };
      const job: PaymentSyncJob = { provider, providerPaymentId: outcome.providerPaymentId, eventId: outcome.eventId };
      try {
        await payments.queue.enqueue(PAYMENT_SYNC_QUEUE, job, { jobId: `${provider}:${outcome.eventId}`, attempts: 8 });
      } catch (error) {
        // Not acknowledged: the provider delivers it again later.
        logger?.error('payment webhook could not be queued', { provider, code: isDomainError(error) ? error.code : 'UNEXPECTED' });
        return webhookProblem(503, 'PAYMENT.QUEUE_UNAVAILABLE', 'the notification could not be queued; send it again later');
      }
      return { status: 200, body: { status: 'accepted' } };
    },

    sync,

    async reconcile() {
      const now = clock.now();
      let ordersChecked = 0;
      let applied = 0;
      let checkoutsClosed = 0;
      const awaiting = await readAllPages((offset, limit) => uow.repositories.orders.list({ status: ['placed'] }, { offset, limit }));
      for (const order of awaiting) {
        const providers = new Set((await uow.repositories.paymentCheckouts.listByOrder(order.id)).map((checkout) => checkout.provider));
        let checked = false;
        for (const provider of providers) {
          const gateway = gateways.get(provider);
          if (!gateway?.paymentsForOrder) continue;
          checked = true;
          let found: ProviderPayment[];
          try {
            found = await gateway.paymentsForOrder(order.id);
          } catch (error) {
            logger?.warn('reconcile: payments could not be read', {
              provider,
              orderId: order.id,
              code: isDomainError(error) ? error.code : 'UNEXPECTED',
            });
            continue;
          }
          for (const payment of found.filter((candidate) => candidate.orderId === order.id)) {
            // One event id per state: a state already applied (by its webhook or an earlier run) is a duplicate.
            const eventId = `reconcile:${payment.status}:${payment.refundedAmount.amount}`;
            const outcome = await apply(provider, payment, eventId);
            report(provider, payment.providerPaymentId, outcome);
            if (outcome.status !== 'duplicate') applied += 1;
          }
        }
        if (checked) ordersChecked += 1;
      }
      // Close checkouts that lapsed, then those whose order no longer waits for payment.
      for (;;) {
        const lapsed = await uow.repositories.paymentCheckouts.listOpen(OPEN_CHECKOUT_BATCH, now);
        for (const checkout of lapsed) await uow.repositories.paymentCheckouts.close(checkout.id, 'expired', now);
        checkoutsClosed += lapsed.length;
        if (lapsed.length < OPEN_CHECKOUT_BATCH) break;
      }
      for (const checkout of await uow.repositories.paymentCheckouts.listOpen(OPEN_CHECKOUT_BATCH * 5)) {
        const order = await uow.repositories.orders.get(checkout.orderId);
        if (order?.status === 'placed') continue;
        await uow.repositories.paymentCheckouts.close(checkout.id, 'closed', now);
        checkoutsClosed += 1;
      }
      return { ordersChecked, applied, checkoutsClosed };
    },

    async refund(actor, orderId, paymentId, amount, idempotencyKey) {
      authorize(actor, REFUND_ROLES);
      if (idempotencyKey.trim() === '' || idempotencyKey.length > 200)
        throw new ValidationError('PAYMENT.IDEMPOTENCY_KEY_INVALID', 'the idempotency key must have 1 to 200 characters', {
          field: 'idempotencyKey',
        });
      const payment = await uow.repositories.payments.get(paymentId);
      if (!payment || payment.orderId !== orderId) throw new NotFoundError('payment', paymentId);
      const eventId = `refund:${idempotencyKey}`;
      if (payment.processedEventIds.includes(eventId)) return payment;
      if (amount !== null && (!Number.isInteger(amount.amount) || amount.amount <= 0 || amount.currency !== payment.amount.currency)) {
        throw new ValidationError('PAYMENT.REFUND_AMOUNT_INVALID', 'a refund must be a positive amount in the payment currency', {
          field: 'amount',
        });
      }
      const gateway = gateways.get(payment.provider);
      let after: ProviderPayment;
      if (gateway) {
        after = await gateway.refund(payment.providerPaymentId, amount, `refund:${payment.id}:${idempotencyKey}`);
      } else {
        if (payment.status !== 'approved')
          throw new ConflictError('PAYMENT.NOT_REFUNDABLE', `payment ${payment.id} is ${payment.status}`, { paymentId: payment.id });
        const remaining = subtract(payment.amount, refundedOf(payment));
        const refunding = amount ?? remaining;
        if (refunding.amount > remaining.amount)
          throw new ConflictError('PAYMENT.REFUND_EXCEEDS_REMAINING', 'the refund is more than what remains of the payment', {
            paymentId: payment.id,
            remaining: remaining.amount,
          });
        const refunded = { amount: refundedOf(payment).amount + refunding.amount, currency: payment.amount.currency };
        after = {
          providerPaymentId: payment.providerPaymentId,
          orderId: payment.orderId,
          status: refunded.amount === payment.amount.amount ? 'refunded' : 'approved',
          statusDetail: payment.statusDetail,
          amount: payment.amount,
          refundedAmount: refunded,
        };
      }
      const outcome = await apply(payment.provider, after, eventId);
      report(payment.provider, payment.providerPaymentId, outcome);
      const stored = await uow.repositories.payments.get(payment.id);
      if (!stored) throw new NotFoundError('payment', payment.id);
      return stored;
    },

    async recordManual(actor, orderId, input) {
      authorize(actor, ACCESS.orderStatus);
      if (!(MANUAL_PAYMENT_METHODS as readonly string[]).includes(input.method))
        throw new ValidationError('PAYMENT.METHOD_INVALID', `method must be one of ${MANUAL_PAYMENT_METHODS.join(', ')}`, {
          field: 'method',
        });
      if (!Number.isInteger(input.amount.amount) || input.amount.amount <= 0 || !CURRENCIES.includes(input.amount.currency))
        throw new ValidationError('PAYMENT.AMOUNT_INVALID', 'the amount must be a positive number of centavos', { field: 'amount' });
      const reference = input.reference?.trim() || null;
      if (reference && reference.length > 200)
        throw new ValidationError('PAYMENT.REFERENCE_INVALID', 'the reference has at most 200 characters', { field: 'reference' });
      const key = input.idempotencyKey?.trim() || null;
      if (key && key.length > 200)
        throw new ValidationError('PAYMENT.IDEMPOTENCY_KEY_INVALID', 'the idempotency key has at most 200 characters', {
          field: 'idempotencyKey',
        });
      const order = await visibleOrder(actor, orderId);
      const providerPaymentId = key ? `key:${order.id}:${key}` : ids.next();
      const outcome = await apply(
        input.method,
        {
          providerPaymentId,
          orderId: order.id,
          status: 'approved',
          statusDetail: reference,
          amount: input.amount,
          refundedAmount: zero(input.amount.currency),
        },
        `manual:${providerPaymentId}`,
      );
      report(input.method, providerPaymentId, outcome);
      const payment = await uow.repositories.payments.getByProviderId(input.method, providerPaymentId);
      if (!payment) throw new AdapterError('PAYMENT.NOT_RECORDED', 'the payment was not recorded', true);
      return { payment, outcome };
    },

    async list(actor, orderId) {
      const order = await visibleOrder(actor, orderId);
      return uow.repositories.payments.listByOrder(order.id);
    },
  };
};
