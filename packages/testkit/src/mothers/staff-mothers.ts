import type { RefreshTokenRecord, StaffUser } from '@mostrador/core';
import { anId, MOTHER_DATE, uniqueSuffix } from './ids.js';

/** An active manager; `passwordHash` is a placeholder unless given (use a PasswordHasher for real checks). */
export const aStaffUser = (overrides: Partial<StaffUser> = {}): StaffUser => {
  const suffix = uniqueSuffix();
  return {
    id: anId(),
    email: `staff-${suffix}@example.com`,
    name: `Staff ${suffix}`,
    passwordHash: 'not-a-real-hash',
    roles: ['manager'],
    active: true,
    chatIdentity: null,
    createdAt: MOTHER_DATE,
    updatedAt: MOTHER_DATE,
    ...overrides,
  };
};

export const aRefreshToken = (overrides: Partial<RefreshTokenRecord> = {}): RefreshTokenRecord => ({
  id: anId(),
  userId: anId(),
  familyId: anId(),
  tokenHash: `hash-${anId()}`,
  expiresAt: new Date(MOTHER_DATE.getTime() + 30 * 24 * 3_600_000),
  usedAt: null,
  revokedAt: null,
  createdAt: MOTHER_DATE,
  ...overrides,
});
