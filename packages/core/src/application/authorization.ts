import { ForbiddenError } from '../shared/errors.js';
import type { Role } from '../staff/staff-user.js';
import type { Actor } from './use-cases.js';

/**
 * Which staff roles may do what. Owners may do everything (they are in every list); the system
 * actor (jobs, webhooks, the CLI) is trusted. Customers never pass a role check: the use cases
 * that customers may call check ownership instead (`isOwnCustomer`).
 */
export const ACCESS = {
  /** Read orders, stock, customers and the catalog back office. */
  read: ['owner', 'manager', 'clerk', 'viewer'],
  /** Products, categories, discounts, imports. */
  catalog: ['owner', 'manager'],
  /** Adjust stock on hand (counts, breakage). */
  stock: ['owner', 'manager', 'clerk'],
  /** Move orders along the state machine, cancel them. */
  orderStatus: ['owner', 'manager', 'clerk'],
  /** Edit customer data. */
  customers: ['owner', 'manager'],
  /** Sales summaries and reports. */
  reports: ['owner', 'manager'],
  /** Create, edit and list staff users. */
  staff: ['owner'],
  /** Create, pause, resume and cancel offer campaigns. */
  campaigns: ['owner', 'manager'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof ACCESS;

/** Whether `actor` is a staff user holding one of `roles` (owners always), or the system. */
export const hasRole = (actor: Actor, roles: readonly Role[]): boolean => {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'staff') return false;
  return actor.roles.some((role) => role === 'owner' || roles.includes(role));
};

/** Throws ForbiddenError `AUTH.FORBIDDEN` unless `actor` holds one of `roles` (owners and the system always pass). */
export function authorize(actor: Actor, roles: readonly Role[]): void {
  if (!hasRole(actor, roles)) {
    throw new ForbiddenError('AUTH.FORBIDDEN', 'you are not allowed to do this', {
      actor: actor.kind,
      required: [...new Set<Role>(['owner', ...roles])],
    });
  }
}

/** `authorize` by capability name: `authorizeFor(actor, 'catalog')`. */
export const authorizeFor = (actor: Actor, capability: Capability): void => authorize(actor, ACCESS[capability]);

/** True when `actor` is the customer `customerId`. */
export const isOwnCustomer = (actor: Actor, customerId: string): boolean => actor.kind === 'customer' && actor.customerId === customerId;

/** How an actor is recorded in histories and audit trails. */
export const actorLabel = (actor: Actor): string => (actor.kind === 'staff' ? actor.userId : actor.kind);
