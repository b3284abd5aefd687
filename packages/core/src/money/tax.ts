import type { VatBreakdownLine, VoucherClass, VoucherTotals } from '../invoicing/invoice.js';
import { ValidationError } from '../shared/errors.js';
import { type Currency, divideHalfUp, type Money, money } from './money.js';
import { isVatRate, VAT_RATES, type VatRate } from './vat.js';

/*
 * VAT arithmetic on integer centavos. Rates are basis points (2100 = 21 %). Shop prices are
 * VAT-included (Ley 27.743), so invoices derive net and VAT from what the customer paid.
 * Every division rounds half-up (half away from zero) to the centavo, exactly, with integers.
 * See docs/decisions/0002-vat-included-prices-and-rounding.md.
 */

const BP = 10_000;

const assertRate = (rate: number): void => {
  if (!isVatRate(rate)) {
    throw new ValidationError('TAX.VAT_RATE_INVALID', `VAT rate must be one of ${VAT_RATES.join(', ')} basis points, got ${rate}`);
  }
};

/** VAT on a net amount: `net × rate / 10000`, half-up. */
export const vatOf = (net: Money, rate: VatRate): Money => {
  assertRate(rate);
  return money(divideHalfUp(net.amount * rate, BP), net.currency);
};

/** The VAT-included amount for a net amount: `net + vatOf(net, rate)`. */
export const grossFromNet = (net: Money, rate: VatRate): Money => money(net.amount + vatOf(net, rate).amount, net.currency);

/**
 * The net contained in a VAT-included amount: `gross × 10000 / (10000 + rate)`, half-up.
 * `netFromGross(grossFromNet(n)) = n` always; `grossFromNet(netFromGross(g))` is `g` or differs
 * by one centavo when no net yields exactly `g` (see `voucherTotals`).
 */
export const netFromGross = (gross: Money, rate: VatRate): Money => {
  assertRate(rate);
  return money(divideHalfUp(gross.amount * BP, BP + rate), gross.currency);
};

/** What `voucherTotals` needs of a line: its VAT-included total (after discounts), its rate, whether it is exempt. */
export interface VoucherTotalsLine {
  readonly total: Money;
  readonly vatRate: VatRate;
  readonly exempt?: boolean;
}

/**
 * The largest base `b` with `b + round(b × rate) <= gross`. `b ↦ b + round(b × rate)` is
 * non-decreasing and grows by 1 or 2 per step (rate < 100 %), so the leftover
 * `gross − (b + round(b × rate))` is 0 or 1 centavo.
 */
const baseForGross = (gross: number, rate: VatRate): { base: number; vat: number } => {
  const grossOf = (b: number): number => b + divideHalfUp(b * rate, BP);
  let base = divideHalfUp(gross * BP, BP + rate);
  while (base > 0 && grossOf(base) > gross) base -= 1;
  while (grossOf(base + 1) <= gross) base += 1;
  return { base, vat: divideHalfUp(base * rate, BP) };
};

/**
 * The amounts of a voucher (ARCA FECAEDetRequest) from its lines, whose totals are VAT-included
 * and already rounded per line. `total` is always the sum of the line totals: what the customer paid.
 *
 * Class A and B (arca.md §2):
 * - exempt lines go to `exempt` (ImpOpEx), never to the breakdown;
 * - taxed lines are grouped by rate (0 % included: it still appears as an AlicIva with rate 0);
 *   per rate, `base` is chosen so that `base + round(base × rate)` equals the group's gross, and
 *   `amount = round(base × rate)` half-up, which is exactly what ARCA checks (10051);
 * - `net = Σ base`, `vat = Σ amount`, `otherTaxes = 0`;
 * - leftover-centavo rule: `base ↦ base + round(base × rate)` skips values (it steps by 2 once in
 *   a while), so some gross amounts have no exact base. Then the largest base below is taken and the
 *   one centavo left over per such rate group goes to `nonTaxed` (ImpTotConc), which keeps
 *   `total = nonTaxed + net + exempt + otherTaxes + vat` and `total = Σ line totals` exact
 *   without breaking the per-rate rounding ARCA verifies.
 *
 * Class C: no VAT is discriminated: `net = total`, `vat = 0`, empty breakdown, `exempt = 0`.
 */
export const voucherTotals = (lines: readonly VoucherTotalsLine[], voucherClass: VoucherClass): VoucherTotals => {
  const currency: Currency = lines[0]?.total.currency ?? 'ARS';
  let total = 0;
  let exempt = 0;
  const grossByRate = new Map<VatRate, number>();
  for (const [index, line] of lines.entries()) {
    if (line.total.currency !== currency) {
      throw new ValidationError('MONEY.CURRENCY_MISMATCH', `line ${index} is in ${line.total.currency}, the voucher in ${currency}`);
    }
    if (!Number.isSafeInteger(line.total.amount) || line.total.amount < 0) {
      throw new ValidationError(
        'INVOICE.LINE_AMOUNT_INVALID',
        `line ${index} total must be a non-negative integer of centavos, got ${line.total.amount}`,
        { index },
      );
    }
    assertRate(line.vatRate);
    total += line.total.amount;
    if (line.exempt === true) exempt += line.total.amount;
    else grossByRate.set(line.vatRate, (grossByRate.get(line.vatRate) ?? 0) + line.total.amount);
  }
  const m = (amount: number): Money => money(amount, currency);

  if (voucherClass === 'C') {
    return { total: m(total), nonTaxed: m(0), net: m(total), exempt: m(0), otherTaxes: m(0), vat: m(0), vatBreakdown: [] };
  }
  if (voucherClass !== 'A' && voucherClass !== 'B') {
    throw new ValidationError('INVOICE.CLASS_INVALID', `voucher class must be A, B or C, got ${String(voucherClass)}`);
  }

  let nonTaxed = 0;
  let net = 0;
  let vat = 0;
  const vatBreakdown: VatBreakdownLine[] = [];
  for (const rate of VAT_RATES) {
    const gross = grossByRate.get(rate);
    if (gross === undefined || gross === 0) continue;
    const { base, vat: amount } = baseForGross(gross, rate);
    nonTaxed += gross - base - amount;
    net += base;
    vat += amount;
    vatBreakdown.push({ rate, base: m(base), amount: m(amount) });
  }
  return { total: m(total), nonTaxed: m(nonTaxed), net: m(net), exempt: m(exempt), otherTaxes: m(0), vat: m(vat), vatBreakdown };
};
