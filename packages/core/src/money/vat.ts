import { ValidationError } from '../shared/errors.js';

/** VAT rates in basis points (2100 = 21 %): the rates ARCA accepts. */
export const VAT_RATES = [0, 250, 500, 1050, 2100, 2700] as const;
export type VatRate = (typeof VAT_RATES)[number];

export const isVatRate = (value: number): value is VatRate => (VAT_RATES as readonly number[]).includes(value);

export const vatRate = (basisPoints: number): VatRate => {
  if (!isVatRate(basisPoints)) {
    throw new ValidationError('TAX.VAT_RATE_INVALID', `VAT rate must be one of ${VAT_RATES.join(', ')} basis points, got ${basisPoints}`);
  }
  return basisPoints;
};

/** ARCA's AlicIva ids (FEParamGetTiposIva). */
export const ARCA_VAT_ID: Readonly<Record<VatRate, number>> = { 0: 3, 250: 9, 500: 8, 1050: 4, 2100: 5, 2700: 6 };

export const formatVatRate = (rate: VatRate): string => `${rate / 100}%`.replace('.', ',');
