import type { TaxProfile } from '../customers/tax-profile.js';
import type { Money } from '../money/money.js';
import type { VatRate } from '../money/vat.js';
import type { ChannelName, Locale } from '../shared/types.js';

export const ORDER_STATUSES = ['placed', 'paid', 'invoiced', 'shipped', 'delivered', 'cancelled', 'expired', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** A line snapshots what the product cost when the order was placed. All amounts VAT included. */
export interface OrderLine {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  /** The product's name in other languages when the order was placed, so an English chat shows English names. */
  readonly translatedNames?: Readonly<Partial<Record<Locale, string>>>;
  readonly quantity: number;
  /** List unit price before discount. */
  readonly unitPrice: Money;
  /** Discount per unit (zero when none). */
  readonly unitDiscount: Money;
  readonly vatRate: VatRate;
  /** (unitPrice − unitDiscount) × quantity. */
  readonly total: Money;
}

export interface DeliveryDetails {
  readonly method: 'pickup' | 'shipping';
  readonly address: string | null;
}

export interface ContactDetails {
  readonly name: string;
  readonly phone: string;
}

export interface StatusChange {
  readonly from: OrderStatus | null;
  readonly to: OrderStatus;
  readonly at: Date;
  /** Staff user id, 'system' or 'customer'. */
  readonly by: string;
  readonly note: string | null;
}

export interface Order {
  readonly id: string;
  /** Human-friendly, increasing number shown to customers and staff. */
  readonly number: number;
  readonly customerId: string;
  readonly channel: ChannelName;
  readonly status: OrderStatus;
  readonly lines: readonly OrderLine[];
  readonly total: Money;
  readonly contact: ContactDetails;
  readonly delivery: DeliveryDetails;
  /** Buyer data for an identified invoice (A, or B/C above the anonymous threshold); null = consumidor final. */
  readonly billing: TaxProfile | null;
  /** When an unpaid order's reservation lapses. */
  readonly reservationExpiresAt: Date;
  readonly history: readonly StatusChange[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Optimistic concurrency: incremented on every save. */
  readonly version: number;
}
