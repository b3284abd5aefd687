import type { TaxProfile } from '../customers/tax-profile.js';
import type { Money } from '../money/money.js';
import type { VatRate } from '../money/vat.js';

/** ARCA CbteTipo of the vouchers Mostrador issues. */
export const VOUCHER_TYPES = {
  FACTURA_A: 1,
  NOTA_DEBITO_A: 2,
  NOTA_CREDITO_A: 3,
  FACTURA_B: 6,
  NOTA_DEBITO_B: 7,
  NOTA_CREDITO_B: 8,
  FACTURA_C: 11,
  NOTA_DEBITO_C: 12,
  NOTA_CREDITO_C: 13,
} as const;
export type VoucherType = keyof typeof VOUCHER_TYPES;
export type VoucherClass = 'A' | 'B' | 'C';

export interface VatBreakdownLine {
  readonly rate: VatRate;
  /** BaseImp. */
  readonly base: Money;
  /** Importe = base × rate, rounded half-up. */
  readonly amount: Money;
}

/** The amounts of a voucher as ARCA wants them (ImpTotal = ImpTotConc + ImpNeto + ImpOpEx + ImpTrib + ImpIVA). */
export interface VoucherTotals {
  readonly total: Money;
  readonly nonTaxed: Money;
  readonly net: Money;
  readonly exempt: Money;
  readonly otherTaxes: Money;
  readonly vat: Money;
  /** Empty for class C. */
  readonly vatBreakdown: readonly VatBreakdownLine[];
}

export type InvoiceStatus = 'pending' | 'authorized' | 'rejected';

export interface Invoice {
  readonly id: string;
  readonly orderId: string;
  readonly issuerCuit: string;
  readonly pointOfSale: number;
  readonly voucherType: VoucherType;
  /** Reserved before calling ARCA and never reused (see reliability rules). */
  readonly number: number;
  readonly issueDate: Date;
  readonly buyer: TaxProfile | null;
  readonly totals: VoucherTotals;
  readonly status: InvoiceStatus;
  readonly cae: string | null;
  readonly caeDueDate: Date | null;
  readonly qrPayload: string | null;
  readonly errors: readonly { readonly code: string; readonly message: string }[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
