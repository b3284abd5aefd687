import type { RefreshTokenRecord, Role, StaffUser } from '@mostrador/core';
import type { RefreshTokenRow, StaffUserRow } from '../entities/staff.js';
import { toDate, toNullableDate } from './values.js';

export const staffUserFromRow = (row: StaffUserRow): StaffUser => ({
  id: row.id,
  email: row.email,
  name: row.name,
  passwordHash: row.passwordHash,
  roles: row.roles as Role[],
  active: row.active,
  chatIdentity: row.chatChannel !== null && row.chatUserId !== null ? { channel: row.chatChannel, userId: row.chatUserId } : null,
  createdAt: toDate(row.createdAt),
  updatedAt: toDate(row.updatedAt),
});

export const staffUserToRow = (user: StaffUser): StaffUserRow => ({
  id: user.id,
  email: user.email,
  name: user.name,
  passwordHash: user.passwordHash,
  roles: [...user.roles],
  active: user.active,
  chatChannel: user.chatIdentity?.channel ?? null,
  chatUserId: user.chatIdentity?.userId ?? null,
  createdAt: user.createdAt,
  updatedAt: user.updatedAt,
});

export const refreshTokenFromRow = (row: RefreshTokenRow): RefreshTokenRecord => ({
  id: row.id,
  userId: row.userId,
  familyId: row.familyId,
  tokenHash: row.tokenHash,
  expiresAt: toDate(row.expiresAt),
  usedAt: toNullableDate(row.usedAt),
  revokedAt: toNullableDate(row.revokedAt),
  createdAt: toDate(row.createdAt),
});

export const refreshTokenToRow = (record: RefreshTokenRecord): RefreshTokenRow => ({
  id: record.id,
  userId: record.userId,
  familyId: record.familyId,
  tokenHash: record.tokenHash,
  expiresAt: record.expiresAt,
  usedAt: record.usedAt,
  revokedAt: record.revokedAt,
  createdAt: record.createdAt,
});
