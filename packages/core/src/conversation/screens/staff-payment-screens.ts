import { hasRole } from '../../application/authorization.js';
import type { ManualPaymentMethod } from '../../application/payment-use-cases.js';
import { subtract, zero } from '../../money/money.js';
import type { Order } from '../../ordering/order.js';
import type { Payment } from '../../payments/payment.js';
import type { Role, StaffUser } from '../../staff/staff-user.js';
import { type ChoiceSpec, choice, truncatePlain } from '../layout.js';
import { escapeMarkup } from '../markup.js';
import { money, type RenderContext, staffActor } from './context.js';

/** Who may give money back (as the refund use case checks). */
const REFUND_ROLES: readonly Role[] = ['owner', 'manager'];
/** Refund buttons per order line, at most (one unit of each: a returned item). */
const LINE_REFUNDS = 3;
const METHODS: readonly ManualPaymentMethod[] = ['cash', 'transfer'];

const remainingOf = (payment: Payment) => subtract(payment.amount, payment.refundedAmount ?? zero(payment.amount.currency));

/** "• Mercado Pago 1320000001: aprobado $ 3.500,00 (reembolsado $ 500,00) ⚠️" per payment. */
export const staffPaymentLines = (
  payments: readonly Payment[],
  providerNames: Readonly<Record<string, string>>,
  view: RenderContext,
): string[] => {
  const { t } = view;
  if (payments.length === 0) return [];
  return [
    '',
    t.payments.staffTitle,
    ...payments.map((payment) => {
      const name = providerNames[payment.provider] ?? t.payments.methods[payment.provider as ManualPaymentMethod] ?? payment.provider;
      const refunded =
        payment.refundedAmount && payment.refundedAmount.amount > 0 ? t.payments.refundedPart(money(view, payment.refundedAmount)) : '';
      const attention = payment.attention ? ` ${t.payments.needsAttention}` : '';
      return `• ${escapeMarkup(name)}: ${t.payments.statusNames[payment.status]} ${money(view, payment.amount)}${refunded}${attention}`;
    }),
  ];
};

/**
 * Buttons to record cash or a transfer for the order's total (placed orders, staff who move
 * orders), and refunds of approved payments (owners and managers): all of what remains, or one
 * unit of a line. A refund's key is made from what was refunded before, so a double tap refunds
 * once and a deliberate second refund is a new one.
 */
export const staffPaymentRows = (
  order: Order,
  payments: readonly Payment[],
  staff: StaffUser,
  canMove: boolean,
  view: RenderContext,
): ChoiceSpec[][] => {
  const { t } = view;
  const rows: ChoiceSpec[][] = [];
  if (order.status === 'placed' && canMove) {
    rows.push(
      METHODS.map((method) =>
        choice(t.payments.recordManual[method](money(view, order.total)), 'staff.payment', { orderId: order.id, method }),
      ),
    );
  }
  if (!hasRole(staffActor(staff), REFUND_ROLES)) return rows;
  for (const payment of payments.filter((candidate) => candidate.status === 'approved')) {
    const remaining = remainingOf(payment);
    if (remaining.amount <= 0) continue;
    const refundedBefore = payment.refundedAmount?.amount ?? 0;
    rows.push([
      choice(t.payments.refundAll(money(view, remaining)), 'staff.refund', {
        orderId: order.id,
        paymentId: payment.id,
        amount: null,
        currency: payment.amount.currency,
        refundedBefore,
      }),
    ]);
    for (const line of order.lines.slice(0, LINE_REFUNDS)) {
      const unit = line.total.amount / line.quantity;
      if (!Number.isInteger(unit) || unit <= 0 || unit >= remaining.amount) continue;
      rows.push([
        choice(
          t.payments.refundOne(truncatePlain(line.name, 24), money(view, { amount: unit, currency: line.total.currency })),
          'staff.refund',
          {
            orderId: order.id,
            paymentId: payment.id,
            amount: unit,
            currency: payment.amount.currency,
            refundedBefore,
          },
        ),
      ]);
    }
  }
  return rows;
};
