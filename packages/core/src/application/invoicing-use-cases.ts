import type { TaxProfile } from '../customers/tax-profile.js';
import type { Invoice, VoucherTotals, VoucherType } from '../invoicing/invoice.js';
import { invoicingEvent } from '../invoicing/invoice-events.js';
import { DEFAULT_ANONYMOUS_THRESHOLD_CENTS, type IssuerProfile } from '../invoicing/issuer-profile.js';
import { arcaQrPayload, arcaQrUrl } from '../invoicing/qr.js';
import {
  buyerDocumentFor,
  creditNoteTypeFor,
  formatVoucherNumber,
  invoiceTypeFor,
  voucherClassFor,
  voucherClassOf,
  voucherKindOf,
} from '../invoicing/voucher-rules.js';
import { equals } from '../money/money.js';
import { voucherTotals } from '../money/tax.js';
import type { VatRate } from '../money/vat.js';
import type { DomainEvent } from '../notifications/domain-event.js';
import type { Order } from '../ordering/order.js';
import { transition } from '../ordering/order-lifecycle.js';
import { givenBackOf, type PaymentStatus } from '../payments/payment.js';
import type { ExclusiveLocks } from '../ports/invoicing.js';
import type { Repositories, UnitOfWork } from '../ports/repositories.js';
import type { AuthorizedVoucher, Clock, IdGenerator, InvoiceAuthorizer, Logger, VoucherRequest } from '../ports/services.js';
import { argentinaDay } from '../shared/argentina-time.js';
import { AdapterError, DomainError, NotFoundError } from '../shared/errors.js';
import { authorizeFor, isOwnCustomer } from './authorization.js';
import type { Actor } from './use-cases.js';

/*
 * Electronic invoicing of orders through ARCA (arca.md §6):
 * 1. issuance is serialized per (CUIT, point of sale, voucher type) with an ExclusiveLocks key
 *    held across every instance, from choosing the number until the outcome is stored;
 * 2. the intended voucher (number, amounts, buyer) is stored as `pending` before FECAESolicitar;
 * 3. after a lost answer or a 10016, FECompUltimoAutorizado tells whether ARCA took our number: if
 *    it did, FECompConsultar's voucher is compared field by field and its CAE adopted; if not, the
 *    same number and data are sent once more — never a blind retry;
 * 4. a rejection leaves the order paid, the voucher `rejected` with ARCA's codes and messages
 *    (a rejected voucher holds no number: ARCA never used it), and an `invoice.rejected` event;
 * 5. a `pending` voucher found later (a crash between storing and authorizing) is reconciled the
 *    same way before anything else is issued in its sequence.
 */

export interface InvoicingDependencies {
  readonly uow: UnitOfWork;
  readonly authorizer: InvoiceAuthorizer;
  readonly locks: ExclusiveLocks;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly issuer: IssuerProfile;
  /** Above this total (centavos) a consumidor final must be identified; default ARS 10,000,000 (RG 5700/2025). */
  readonly anonymousThresholdCents?: number;
  readonly logger?: Logger;
}

export type IssueOutcome =
  | { readonly status: 'authorized'; readonly invoice: Invoice }
  | { readonly status: 'rejected'; readonly invoice: Invoice }
  | { readonly status: 'skipped'; readonly reason: 'not-paid' | 'not-invoiced' | 'not-refunded' };

export interface InvoicingUseCases {
  /** Issues the invoice (A, B or C) of a paid order. Idempotent: an authorized invoice is returned as it is. */
  invoiceOrder(orderId: string): Promise<IssueOutcome>;
  /**
   * Issues the credit note of what is refunded of an order's authorized invoice: the whole after a
   * refund or cancellation, the refunded amount after a partial refund. Idempotent.
   */
  creditOrder(orderId: string): Promise<IssueOutcome>;
  /**
   * Staff: issue again after a rejection — the invoice, or what is left to credit of an invoiced
   * order; an invoiced order with nothing to credit answers its authorized invoice.
   */
  retry(actor: Actor, orderId: string): Promise<IssueOutcome>;
  /** The order's vouchers, oldest first: staff with read access, or the customer who owns the order. */
  listForOrder(actor: Actor, orderId: string): Promise<Invoice[]>;
  /** Reconciles every voucher left `pending` (e.g. by a crash); returns how many it resolved. */
  recoverPending(): Promise<number>;
}

/** Payment states in which the money reached the shop (and may have left again). */
const MONEY_IN_STATUSES: readonly PaymentStatus[] = ['approved', 'refunded', 'charged_back'];
const isCreditNote = (type: VoucherType): boolean => voucherKindOf(type) === 'credit-note';
const isInvoice = (type: VoucherType): boolean => voucherKindOf(type) === 'invoice';
const label = (invoice: Invoice): string =>
  invoice.number > 0 ? `${invoice.voucherType} ${formatVoucherNumber(invoice.pointOfSale, invoice.number)}` : invoice.voucherType;

type Failure = { readonly code: string; readonly message: string };

export const createInvoicingUseCases = (deps: InvoicingDependencies): InvoicingUseCases => {
  const { uow, authorizer, locks, clock, ids, issuer, logger } = deps;
  const threshold = deps.anonymousThresholdCents ?? DEFAULT_ANONYMOUS_THRESHOLD_CENTS;
  const sequenceKey = (type: VoucherType) => `invoice:${issuer.cuit}:${issuer.pointOfSale}:${type}`;

  const requireOrder = async (repositories: Repositories, orderId: string): Promise<Order> => {
    const order = await repositories.orders.get(orderId);
    if (!order) throw new NotFoundError('order', orderId);
    return order;
  };

  const expectedDocument = (invoice: Invoice) => buyerDocumentFor(invoice.buyer, invoice.totals.total, Number.MAX_SAFE_INTEGER);

  /** The voucher request of a stored voucher; a credit note names the order's authorized invoice. */
  const requestOf = async (invoice: Invoice): Promise<VoucherRequest> => {
    let associated: VoucherRequest['associated'];
    if (isCreditNote(invoice.voucherType)) {
      const original = (await uow.repositories.invoices.listByOrder(invoice.orderId)).find(
        (other) => isInvoice(other.voucherType) && other.status === 'authorized',
      );
      if (!original) throw new DomainError('INVOICE.ORIGINAL_MISSING', `credit note ${invoice.id} has no authorized invoice to refer to`);
      associated = { voucherType: original.voucherType, pointOfSale: original.pointOfSale, number: original.number };
    }
    return {
      pointOfSale: invoice.pointOfSale,
      voucherType: invoice.voucherType,
      number: invoice.number,
      issueDate: invoice.issueDate,
      buyer: invoice.buyer,
      totals: invoice.totals,
      ...(associated ? { associated } : {}),
    };
  };

  const writeOutcome = async (invoice: Invoice, type: 'invoice.authorized' | 'invoice.rejected'): Promise<Invoice> => {
    const at = clock.now();
    await uow.transaction(async (repositories) => {
      await repositories.invoices.save(invoice);
      const order = await requireOrder(repositories, invoice.orderId);
      const events: DomainEvent[] = [
        invoicingEvent(type, invoice, order, invoice.number > 0 ? formatVoucherNumber(invoice.pointOfSale, invoice.number) : '', at),
      ];
      if (type === 'invoice.authorized' && isInvoice(invoice.voucherType) && order.status === 'paid') {
        const moved = transition(order, 'invoiced', { at, by: 'system', note: label(invoice) });
        await repositories.orders.save(moved.order);
        events.push(moved.event);
      }
      await repositories.outbox.add(events);
    });
    logger?.info(type === 'invoice.authorized' ? 'invoice authorized' : 'invoice rejected', {
      orderId: invoice.orderId,
      voucher: label(invoice),
      codes: invoice.errors.map((e) => e.code),
    });
    return invoice;
  };

  const authorized = async (invoice: Invoice, cae: string, caeDueDate: Date): Promise<IssueOutcome> => {
    const document = expectedDocument(invoice);
    const qrPayload = arcaQrUrl(
      arcaQrPayload({
        issueDate: invoice.issueDate,
        issuerCuit: invoice.issuerCuit,
        pointOfSale: invoice.pointOfSale,
        voucherType: invoice.voucherType,
        number: invoice.number,
        total: invoice.totals.total,
        buyer: { docType: document.docType, docNumber: document.docNumber },
        cae,
      }),
    );
    const done: Invoice = { ...invoice, status: 'authorized', cae, caeDueDate, qrPayload, errors: [], updatedAt: clock.now() };
    return { status: 'authorized', invoice: await writeOutcome(done, 'invoice.authorized') };
  };

  const rejected = async (invoice: Invoice, errors: readonly Failure[]): Promise<IssueOutcome> => {
    const done: Invoice = {
      ...invoice,
      status: 'rejected',
      errors: errors.map((e) => ({ code: e.code, message: e.message })),
      updatedAt: clock.now(),
    };
    return { status: 'rejected', invoice: await writeOutcome(done, 'invoice.rejected') };
  };

  /** Whether what ARCA stored under our number is the voucher we meant (pyafipws' "reproceso" check). */
  const sameVoucher = (found: AuthorizedVoucher, invoice: Invoice): boolean => {
    const document = expectedDocument(invoice);
    return (
      found.number === invoice.number &&
      equals(found.total, invoice.totals.total) &&
      argentinaDay(found.issueDate) === argentinaDay(invoice.issueDate) &&
      (found.net === undefined || equals(found.net, invoice.totals.net)) &&
      (found.vat === undefined || equals(found.vat, invoice.totals.vat)) &&
      (found.docType === undefined || found.docType === document.docType) &&
      (found.docNumber === undefined || Number(found.docNumber) === Number(document.docNumber))
    );
  };

  /**
   * After a lost answer (`cause: 'unknown'`) or a 10016: did ARCA take our number? Adopt its CAE
   * when the stored voucher is ours; send the same voucher once more when ARCA never got it.
   */
  const reconcile = async (
    invoice: Invoice,
    cause: 'unknown' | { readonly errors: readonly Failure[] },
    resent: boolean,
  ): Promise<IssueOutcome> => {
    const last = await authorizer.lastAuthorizedNumber(invoice.pointOfSale, invoice.voucherType);
    if (last >= invoice.number) {
      const found = await authorizer.lookup(invoice.pointOfSale, invoice.voucherType, invoice.number);
      if (found && sameVoucher(found, invoice)) {
        logger?.info('invoice reconciled: ARCA had authorized it', { orderId: invoice.orderId, voucher: label(invoice) });
        return authorized(invoice, found.cae, found.caeDueDate);
      }
      return rejected(invoice, [
        {
          code: 'INVOICE.NUMBER_USED',
          message: `ARCA already holds ${label(invoice)} with other data; this voucher was not authorized and may be issued again`,
        },
      ]);
    }
    if (last < invoice.number - 1) {
      // Our number is ahead of ARCA's sequence (it would leave a gap): take the next one instead.
      const renumbered: Invoice = { ...invoice, number: last + 1, updatedAt: clock.now() };
      await uow.repositories.invoices.save(renumbered);
      return send(renumbered, false);
    }
    if (cause !== 'unknown') return rejected(invoice, cause.errors);
    if (resent) {
      throw new AdapterError(
        'INVOICING.UNAVAILABLE',
        `ARCA did not confirm ${label(invoice)}; it stays pending and is reconciled on the next attempt`,
        true,
        {
          invoiceId: invoice.id,
        },
      );
    }
    return send(invoice, true);
  };

  const send = async (invoice: Invoice, resent: boolean): Promise<IssueOutcome> => {
    let result: Awaited<ReturnType<InvoiceAuthorizer['authorize']>>;
    try {
      result = await authorizer.authorize(await requestOf(invoice));
    } catch (error) {
      if (error instanceof AdapterError && error.retryable) return reconcile(invoice, 'unknown', resent);
      throw error;
    }
    if (result.status === 'approved') return authorized(invoice, result.cae, result.caeDueDate);
    if (result.errors.some((e) => e.code === '10016')) return reconcile(invoice, { errors: result.errors }, resent);
    return rejected(invoice, result.errors);
  };

  /** Resolves every pending voucher of the sequence (call with its lock held). */
  const reconcileSequence = async (type: VoucherType): Promise<number> => {
    const pending = (await uow.repositories.invoices.listByStatus('pending', 1000)).filter(
      (invoice) => invoice.voucherType === type && invoice.issuerCuit === issuer.cuit && invoice.pointOfSale === issuer.pointOfSale,
    );
    for (const invoice of pending) await reconcile(invoice, 'unknown', false);
    return pending.length;
  };

  interface Draft {
    readonly order: Order;
    readonly type: VoucherType;
    readonly buyer: TaxProfile | null;
    readonly totals: VoucherTotals;
  }

  const draftInvoice = (draft: Draft, number: number, status: Invoice['status']): Invoice => {
    const now = clock.now();
    return {
      id: ids.next(),
      orderId: draft.order.id,
      issuerCuit: issuer.cuit,
      pointOfSale: issuer.pointOfSale,
      voucherType: draft.type,
      number,
      issueDate: now,
      buyer: draft.buyer,
      totals: draft.totals,
      status,
      cae: null,
      caeDueDate: null,
      qrPayload: null,
      errors: [],
      createdAt: now,
      updatedAt: now,
    };
  };

  /**
   * Under the sequence's lock: reconcile what is pending, then decide what to issue (`plan`, read
   * under the lock so two deliveries never issue the same thing twice), number, store and send it.
   */
  const issueInSequence = (type: VoucherType, plan: () => Promise<Draft | { readonly done: IssueOutcome }>): Promise<IssueOutcome> =>
    locks.withLock(sequenceKey(type), async () => {
      await reconcileSequence(type);
      const draft = await plan();
      if ('done' in draft) return draft.done;
      const last = await authorizer.lastAuthorizedNumber(issuer.pointOfSale, draft.type);
      const invoice = draftInvoice(draft, last + 1, 'pending');
      await uow.repositories.invoices.save(invoice);
      return send(invoice, false);
    });

  /** A voucher that cannot be sent (e.g. an anonymous buyer above the threshold) is stored rejected, holding no number. */
  const rejectLocally = (draft: Draft, error: DomainError): Promise<IssueOutcome> =>
    rejected(draftInvoice(draft, 0, 'pending'), [{ code: error.code, message: error.message }]);

  const invoiceOrder = async (orderId: string): Promise<IssueOutcome> => {
    const order = await requireOrder(uow.repositories, orderId);
    const vouchers = await uow.repositories.invoices.listByOrder(orderId);
    const done = vouchers.find((i) => isInvoice(i.voucherType) && i.status === 'authorized');
    if (done) return { status: 'authorized', invoice: done };
    const pending = vouchers.some((i) => isInvoice(i.voucherType) && i.status === 'pending');
    if (order.status !== 'paid' && !pending) return { status: 'skipped', reason: 'not-paid' };
    const voucherClass = voucherClassFor(issuer.ivaCondition, order.billing?.ivaCondition ?? null);
    const totals = voucherTotals(
      order.lines.map((line) => ({ total: line.total, vatRate: line.vatRate })),
      voucherClass,
    );
    const draft: Draft = { order, type: invoiceTypeFor(voucherClass), buyer: order.billing, totals };
    try {
      buyerDocumentFor(order.billing, totals.total, threshold);
    } catch (error) {
      if (error instanceof DomainError) return rejectLocally(draft, error);
      throw error;
    }
    const outcome = await issueInSequence(draft.type, async () => {
      const done = (await uow.repositories.invoices.listByOrder(orderId)).find(
        (i) => i.voucherType === draft.type && i.status === 'authorized',
      );
      return done ? { done: { status: 'authorized', invoice: done } } : draft;
    });
    // Refunded (wholly or in part) while its invoice was on its way: the credit note follows at once.
    if (outcome.status === 'authorized') await creditOrder(orderId);
    return outcome;
  };

  /**
   * How much of the invoice must be credited: all of it once the order is refunded or cancelled;
   * otherwise what was refunded of the money that paid it. A refund of a duplicate payment (money
   * beyond the order's total) credits nothing: only refunds that cut into the total do.
   */
  const creditTarget = async (order: Order, original: Invoice): Promise<number> => {
    const total = original.totals.total.amount;
    if (order.status === 'refunded' || order.status === 'cancelled') return total;
    const received = (await uow.repositories.payments.listByOrder(order.id)).filter((payment) =>
      MONEY_IN_STATUSES.includes(payment.status),
    );
    const paid = received.reduce((all, payment) => all + payment.amount.amount, 0);
    const refunded = received.reduce((all, payment) => all + givenBackOf(payment), 0);
    const beyondTotal = Math.max(0, paid - order.total.amount);
    return Math.min(total, Math.max(0, refunded - beyondTotal));
  };

  /**
   * The amounts of a credit note for `amount` of `original`: the original's own amounts when it
   * credits the whole invoice at once; otherwise `amount` split over the VAT rates in proportion to
   * the order's gross per rate (largest remainder, so the parts add up to `amount` exactly), each
   * part then rounded per rate like an invoice (`voucherTotals`).
   */
  const creditTotals = (order: Order, original: Invoice, amount: number, creditedBefore: number): VoucherTotals => {
    if (creditedBefore === 0 && amount === original.totals.total.amount) return original.totals;
    const grossByRate = new Map<VatRate, number>();
    for (const line of order.lines) grossByRate.set(line.vatRate, (grossByRate.get(line.vatRate) ?? 0) + line.total.amount);
    const rates = [...grossByRate.entries()].filter(([, gross]) => gross > 0);
    const whole = rates.reduce((all, [, gross]) => all + gross, 0);
    const parts = rates.map(([rate, gross]) => {
      const exact = (amount * gross) / whole;
      return { rate, amount: Math.floor(exact), remainder: exact - Math.floor(exact) };
    });
    let left = amount - parts.reduce((all, part) => all + part.amount, 0);
    for (const part of [...parts].sort((a, b) => b.remainder - a.remainder)) {
      if (left <= 0) break;
      part.amount += 1;
      left -= 1;
    }
    const currency = original.totals.total.currency;
    return voucherTotals(
      parts.filter((part) => part.amount > 0).map((part) => ({ total: { amount: part.amount, currency }, vatRate: part.rate })),
      voucherClassOf(original.voucherType),
    );
  };

  /**
   * Issues what is left to credit of an order's authorized invoice: the whole of it after a refund
   * or cancellation, the refunded part after a partial refund (one credit note per refund; the
   * notes never add up to more than the invoice). Idempotent: with nothing left to credit, the
   * latest authorized credit note is returned.
   */
  const creditOrder = async (orderId: string): Promise<IssueOutcome> => {
    const vouchers = await uow.repositories.invoices.listByOrder(orderId);
    const original = vouchers.find((i) => isInvoice(i.voucherType) && i.status === 'authorized');
    if (!original) return { status: 'skipped', reason: 'not-invoiced' };
    const type = creditNoteTypeFor(voucherClassOf(original.voucherType));
    /** The credit note still owed (as a draft), or the answer when nothing is left to credit. */
    const owed = async (vouchersNow: readonly Invoice[]): Promise<Draft | { done: IssueOutcome }> => {
      const order = await requireOrder(uow.repositories, orderId);
      const notes = vouchersNow.filter((i) => i.voucherType === type && i.status === 'authorized');
      const credited = notes.reduce((all, note) => all + note.totals.total.amount, 0);
      const remaining = (await creditTarget(order, original)) - credited;
      const latest = notes.at(-1);
      if (remaining <= 0)
        return latest ? { done: { status: 'authorized', invoice: latest } } : { done: { status: 'skipped', reason: 'not-refunded' } };
      return { order, type, buyer: original.buyer, totals: creditTotals(order, original, remaining, credited) };
    };
    // Nothing to credit (the usual answer, asked after every authorized invoice) is found without
    // the credit-note sequence's lock, which every order shares; what is owed is decided under it.
    const now = await owed(vouchers);
    if ('done' in now) return now.done;
    return issueInSequence(type, async () => owed(await uow.repositories.invoices.listByOrder(orderId)));
  };

  return {
    invoiceOrder,
    creditOrder,

    async retry(actor, orderId) {
      authorizeFor(actor, 'orderStatus');
      await requireOrder(uow.repositories, orderId);
      const vouchers = await uow.repositories.invoices.listByOrder(orderId);
      const invoice = vouchers.find((i) => isInvoice(i.voucherType) && i.status === 'authorized');
      if (!invoice) return invoiceOrder(orderId);
      // An invoiced order has only credit notes left to issue (after a refund, whole or partial);
      // with nothing to credit, its invoice is the answer: nothing is sent again.
      const credit = await creditOrder(orderId);
      return credit.status === 'skipped' ? { status: 'authorized', invoice } : credit;
    },

    async listForOrder(actor, orderId) {
      const order = await requireOrder(uow.repositories, orderId);
      if (!isOwnCustomer(actor, order.customerId)) authorizeFor(actor, 'read');
      return uow.repositories.invoices.listByOrder(orderId);
    },

    async recoverPending() {
      const pending = await uow.repositories.invoices.listByStatus('pending', 1000);
      const types = [
        ...new Set(pending.filter((i) => i.issuerCuit === issuer.cuit && i.pointOfSale === issuer.pointOfSale).map((i) => i.voucherType)),
      ];
      let resolved = 0;
      for (const type of types) resolved += await locks.withLock(sequenceKey(type), () => reconcileSequence(type));
      return resolved;
    },
  };
};
