import { EntitySchema } from 'typeorm';
import { boolean, idColumn, integer, jsonb, text, timestamp } from './columns.js';

export interface CustomerRow {
  id: string;
  name: string;
  language: string;
  marketingConsent: boolean;
  phone: string | null;
  email: string | null;
  taxProfile: Record<string, string> | null;
  createdAt: Date;
  updatedAt: Date;
}

export const CustomerEntity = new EntitySchema<CustomerRow>({
  name: 'Customer',
  tableName: 'customers',
  columns: {
    id: idColumn(),
    name: text('name'),
    language: text('language'),
    marketingConsent: boolean('marketing_consent'),
    phone: text('phone', true),
    email: text('email', true),
    taxProfile: jsonb('tax_profile', true),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
  },
});

/** One chat identity of a customer; `position` keeps the aggregate's order. */
export interface CustomerIdentityRow {
  customerId: string;
  channel: string;
  userId: string;
  position: number;
}

export const CustomerIdentityEntity = new EntitySchema<CustomerIdentityRow>({
  name: 'CustomerIdentity',
  tableName: 'customer_identities',
  columns: {
    customerId: { type: 'text', name: 'customer_id', primary: true },
    channel: { type: 'text', name: 'channel', primary: true },
    userId: { type: 'text', name: 'user_id', primary: true },
    position: integer('position'),
  },
});

export interface CartRow {
  id: string;
  customerId: string;
  channel: string;
  lines: { productId: string; quantity: number }[];
  updatedAt: Date;
}

export const CartEntity = new EntitySchema<CartRow>({
  name: 'Cart',
  tableName: 'carts',
  columns: {
    id: idColumn(),
    customerId: text('customer_id'),
    channel: text('channel'),
    lines: jsonb('lines'),
    updatedAt: timestamp('updated_at'),
  },
});
