import type { Customer } from '../customers/customer.js';
import { validateTaxProfile } from '../customers/tax-id.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import { ensurePlainText, hasControlCharacters } from '../shared/input-bounds.js';
import { LOCALES } from '../shared/types.js';
import { ACCESS, authorize, isOwnCustomer } from './authorization.js';
import type { UseCaseDependencies } from './dependencies.js';
import type { CustomerUseCases } from './use-cases.js';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Lower-cased, trimmed email; throws `code` (default `EMAIL.INVALID`) when malformed. */
export const normalizeEmail = (email: string, code = 'EMAIL.INVALID'): string => {
  const normalized = email.trim().toLowerCase();
  if (!EMAIL_PATTERN.test(normalized) || normalized.length > 254 || hasControlCharacters(normalized))
    throw new ValidationError(code, `"${email}" is not an email address`, { email });
  return normalized;
};

export const createCustomerUseCases = ({ uow, clock, ids }: UseCaseDependencies): CustomerUseCases => ({
  async identify(identity, profile) {
    // Every chat update identifies its sender: answer returning customers with one read.
    const returning = await uow.repositories.customers.findByIdentity(identity);
    if (returning) return returning;
    return uow.transaction(async (repositories) => {
      const known = await repositories.customers.findByIdentity(identity);
      if (known) return known;
      const at = clock.now();
      const customer: Customer = {
        id: ids.next(),
        name: profile.displayName.trim() || identity.userId,
        identities: [{ channel: identity.channel, userId: identity.userId }],
        language: LOCALES.includes(profile.language) ? profile.language : 'es',
        // Consent is opt-in: nobody receives offers until they say so.
        marketingConsent: false,
        phone: null,
        email: null,
        taxProfile: null,
        createdAt: at,
        updatedAt: at,
      };
      await repositories.customers.save(customer);
      return customer;
    });
  },

  findByIdentity(identity) {
    return uow.repositories.customers.findByIdentity(identity);
  },

  get(id) {
    return uow.repositories.customers.get(id);
  },

  async list(actor, filter, page) {
    authorize(actor, ACCESS.read);
    return uow.repositories.customers.list(filter.query === undefined ? {} : { query: filter.query }, page);
  },

  async update(actor, id, patch) {
    if (!isOwnCustomer(actor, id)) authorize(actor, ACCESS.customers);
    const name = patch.name?.trim();
    ensurePlainText('name', name);
    if (name === '') throw new ValidationError('CUSTOMER.NAME_REQUIRED', 'a customer needs a name');
    if (patch.language !== undefined && !LOCALES.includes(patch.language)) {
      throw new ValidationError('CUSTOMER.LANGUAGE_INVALID', `language must be one of ${LOCALES.join(', ')}`, { language: patch.language });
    }
    const email = patch.email ? normalizeEmail(patch.email, 'CUSTOMER.EMAIL_INVALID') : patch.email;
    const taxProfile = patch.taxProfile ? validateTaxProfile(patch.taxProfile) : patch.taxProfile;
    return uow.transaction(async (repositories) => {
      const current = await repositories.customers.get(id);
      if (!current) throw new NotFoundError('customer', id);
      const updated: Customer = {
        ...current,
        ...(name === undefined ? {} : { name }),
        ...(patch.language === undefined ? {} : { language: patch.language }),
        ...(patch.marketingConsent === undefined ? {} : { marketingConsent: patch.marketingConsent }),
        ...(patch.phone === undefined ? {} : { phone: patch.phone?.trim() || null }),
        ...(email === undefined ? {} : { email: email || null }),
        ...(taxProfile === undefined ? {} : { taxProfile }),
        updatedAt: clock.now(),
      };
      await repositories.customers.save(updated);
      return updated;
    });
  },
});
