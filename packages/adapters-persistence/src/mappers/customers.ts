import type { Cart, ChannelIdentity, Customer, Locale, TaxProfile } from '@mostrador/core';
import type { CartRow, CustomerIdentityRow, CustomerRow } from '../entities/customers.js';
import { toDate } from './values.js';

export const customerFromRows = (row: CustomerRow, identities: readonly CustomerIdentityRow[]): Customer => ({
  id: row.id,
  name: row.name,
  identities: [...identities]
    .sort((a, b) => a.position - b.position)
    .map((identity): ChannelIdentity => ({ channel: identity.channel, userId: identity.userId })),
  language: row.language as Locale,
  marketingConsent: row.marketingConsent,
  phone: row.phone,
  email: row.email,
  taxProfile: row.taxProfile === null ? null : ({ ...row.taxProfile } as unknown as TaxProfile),
  createdAt: toDate(row.createdAt),
  updatedAt: toDate(row.updatedAt),
});

export const customerToRow = (customer: Customer): CustomerRow => ({
  id: customer.id,
  name: customer.name,
  language: customer.language,
  marketingConsent: customer.marketingConsent,
  phone: customer.phone,
  email: customer.email,
  taxProfile: customer.taxProfile === null ? null : { ...customer.taxProfile },
  createdAt: customer.createdAt,
  updatedAt: customer.updatedAt,
});

export const identityRowsOf = (customer: Customer): CustomerIdentityRow[] =>
  customer.identities.map((identity, position) => ({
    customerId: customer.id,
    channel: identity.channel,
    userId: identity.userId,
    position,
  }));

export const cartFromRow = (row: CartRow): Cart => ({
  id: row.id,
  customerId: row.customerId,
  channel: row.channel,
  lines: row.lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
  updatedAt: toDate(row.updatedAt),
});

export const cartToRow = (cart: Cart): CartRow => ({
  id: cart.id,
  customerId: cart.customerId,
  channel: cart.channel,
  lines: cart.lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
  updatedAt: cart.updatedAt,
});
