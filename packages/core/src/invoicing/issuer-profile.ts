import type { IvaCondition } from '../customers/tax-profile.js';

/**
 * Who issues the vouchers: what ARCA needs (CUIT, point of sale, IVA condition, which decides the
 * letter) and what a printed voucher shows (arca.md §4). Configured by the app
 * (ARCA_CUIT, ARCA_POINT_OF_SALE, ARCA_ISSUER_*).
 */
export interface IssuerProfile {
  /** 11 digits. */
  readonly cuit: string;
  readonly pointOfSale: number;
  readonly legalName: string;
  readonly address: string;
  /** RESPONSABLE_INSCRIPTO issues A and B; MONOTRIBUTO and SUJETO_EXENTO issue C. */
  readonly ivaCondition: IvaCondition;
  /** Ingresos Brutos registration ("901-123456-7", or the CUIT under Convenio Multilateral). */
  readonly grossIncomeNumber: string;
  /** Start of activities, YYYY-MM-DD. */
  readonly activityStartDate: string;
}

/** RG 5700/2025: an anonymous consumidor final is allowed up to ARS 10,000,000 (in centavos). */
export const DEFAULT_ANONYMOUS_THRESHOLD_CENTS = 1_000_000_000;
