import type { ChannelIdentity } from '../shared/types.js';

export const ROLES = ['owner', 'manager', 'clerk', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface StaffUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly passwordHash: string;
  readonly roles: readonly Role[];
  readonly active: boolean;
  /** Linked chat identity for the in-chat staff menu. */
  readonly chatIdentity: ChannelIdentity | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A refresh token is stored only as a hash; `familyId` ties rotations together so re-use revokes them all. */
export interface RefreshTokenRecord {
  readonly id: string;
  readonly userId: string;
  readonly familyId: string;
  readonly tokenHash: string;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
  readonly revokedAt: Date | null;
  readonly createdAt: Date;
}
