import type { Cart, Customer, TaxProfile } from '@mostrador/core';
import { anId, MOTHER_DATE, uniqueSuffix } from './ids.js';

export const aCustomer = (overrides: Partial<Customer> = {}): Customer => {
  const suffix = uniqueSuffix();
  return {
    id: anId(),
    name: `Cliente ${suffix}`,
    identities: [{ channel: 'telegram', userId: `tg-${suffix}` }],
    language: 'es',
    marketingConsent: false,
    phone: null,
    email: null,
    taxProfile: null,
    createdAt: MOTHER_DATE,
    updatedAt: MOTHER_DATE,
    ...overrides,
  };
};

/** A Responsable Inscripto buyer with a valid CUIT (30-71234567-1 style check digit). */
export const aTaxProfile = (overrides: Partial<TaxProfile> = {}): TaxProfile => ({
  documentType: 'CUIT',
  documentNumber: '30712345671',
  ivaCondition: 'RESPONSABLE_INSCRIPTO',
  legalName: 'Ferretería El Tornillo SRL',
  address: 'Av. Rivadavia 1234, CABA',
  ...overrides,
});

export const aCart = (overrides: Partial<Cart> = {}): Cart => ({
  id: anId(),
  customerId: anId(),
  channel: 'telegram',
  lines: [],
  updatedAt: MOTHER_DATE,
  ...overrides,
});
