import { type Customer, LOCALES, ROLES, type StaffUser } from '@mostrador/core';
import { z } from 'zod';
import { iso, Timestamp } from './common.js';
import { TaxProfileSchema, toTaxProfileDto } from './orders.js';

export const CustomerDto = z.object({
  id: z.string(),
  name: z.string(),
  identities: z.array(z.object({ channel: z.string(), userId: z.string() })),
  language: z.enum(LOCALES),
  marketingConsent: z.boolean(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  taxProfile: TaxProfileSchema.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const toCustomerDto = (customer: Customer): z.output<typeof CustomerDto> => ({
  id: customer.id,
  name: customer.name,
  identities: customer.identities.map((identity) => ({ ...identity })),
  language: customer.language,
  marketingConsent: customer.marketingConsent,
  phone: customer.phone,
  email: customer.email,
  taxProfile: customer.taxProfile ? toTaxProfileDto(customer.taxProfile) : null,
  createdAt: iso(customer.createdAt),
  updatedAt: iso(customer.updatedAt),
});

export const RoleSchema = z.enum(ROLES);

/** A staff user without their password hash. */
export const StaffUserDto = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  roles: z.array(RoleSchema),
  active: z.boolean(),
  chatLinked: z.boolean().describe('Whether a chat identity is linked for the in-chat staff menu'),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const toStaffUserDto = (user: StaffUser): z.output<typeof StaffUserDto> => ({
  id: user.id,
  email: user.email,
  name: user.name,
  roles: [...user.roles],
  active: user.active,
  chatLinked: user.chatIdentity !== null,
  createdAt: iso(user.createdAt),
  updatedAt: iso(user.updatedAt),
});
