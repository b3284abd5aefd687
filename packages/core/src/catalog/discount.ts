import type { Money } from '../money/money.js';

/** A percent (basis points, 1500 = 15 %) or fixed amount off the VAT-included unit price, within an optional window. */
export type Discount =
  | { readonly kind: 'percent'; readonly basisPoints: number; readonly validFrom: Date | null; readonly validUntil: Date | null }
  | { readonly kind: 'amount'; readonly amount: Money; readonly validFrom: Date | null; readonly validUntil: Date | null };
