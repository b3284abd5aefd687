import type { IvaCondition } from '../customers/tax-profile.js';

/** Business settings the use cases need; the app fills them from configuration. */
export interface ShopSettings {
  readonly shopName: string;
  /** How long a placed, unpaid order holds its stock. */
  readonly reservationMinutes: number;
  readonly issuer: {
    readonly cuit: string;
    readonly legalName: string;
    readonly ivaCondition: Extract<IvaCondition, 'RESPONSABLE_INSCRIPTO' | 'MONOTRIBUTO' | 'SUJETO_EXENTO'>;
    readonly pointOfSale: number;
    readonly address: string;
    /** Ingresos Brutos number printed on vouchers; default: the CUIT. */
    readonly grossIncome?: string;
    /** Start of activities printed on vouchers, `YYYY-MM-DD`. */
    readonly activityStart?: string;
  };
  /** Above this total (centavos) a consumidor final must be identified on the invoice (RG 5700/2025: ARS 10,000,000). */
  readonly anonymousInvoiceThresholdCents: number;
  readonly lowStockThreshold: number;
  /** What the assistant may tell customers about the shop (free text, as configured); unset fields are unknown. */
  readonly information?: {
    readonly hours?: string | null;
    readonly shipping?: string | null;
    readonly paymentMethods?: string | null;
    /** The same texts in English, for answers in English; an unset one falls back to the text above. */
    readonly en?: {
      readonly hours?: string | null;
      readonly shipping?: string | null;
      readonly paymentMethods?: string | null;
    };
  };
}

export const DEFAULT_SHOP_SETTINGS: ShopSettings = {
  shopName: 'Mostrador',
  reservationMinutes: 30,
  issuer: {
    cuit: '20111111112',
    legalName: 'Mostrador Demo',
    ivaCondition: 'RESPONSABLE_INSCRIPTO',
    pointOfSale: 1,
    address: 'Av. Corrientes 1234, CABA',
  },
  anonymousInvoiceThresholdCents: 10_000_000_00,
  lowStockThreshold: 5,
};
