import type { Actor, StaffUser, UseCases } from '@mostrador/core';

const SYSTEM: Actor = { kind: 'system' };

/** Creates the owner account, or (demo) resets its password so the printed one always works. */
export async function ensureOwner(
  useCases: UseCases,
  owner: { email: string; name: string; password: string; resetPassword: boolean },
): Promise<StaffUser> {
  const existing = (await useCases.staff.listUsers(SYSTEM)).find((user) => user.email === owner.email.toLowerCase());
  if (!existing)
    return useCases.staff.createUser(SYSTEM, { email: owner.email, name: owner.name, password: owner.password, roles: ['owner'] });
  if (!owner.resetPassword) return existing;
  return useCases.staff.updateUser(SYSTEM, existing.id, { password: owner.password, active: true });
}
