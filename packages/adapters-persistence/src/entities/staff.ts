import { EntitySchema } from 'typeorm';
import { boolean, idColumn, text, timestamp } from './columns.js';

export interface StaffUserRow {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  roles: string[];
  active: boolean;
  chatChannel: string | null;
  chatUserId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const StaffUserEntity = new EntitySchema<StaffUserRow>({
  name: 'StaffUser',
  tableName: 'staff_users',
  columns: {
    id: idColumn(),
    email: text('email'),
    name: text('name'),
    passwordHash: text('password_hash'),
    roles: { type: 'text', array: true, name: 'roles' },
    active: boolean('active'),
    chatChannel: text('chat_channel', true),
    chatUserId: text('chat_user_id', true),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
  },
});

export interface RefreshTokenRow {
  id: string;
  userId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

export const RefreshTokenEntity = new EntitySchema<RefreshTokenRow>({
  name: 'RefreshToken',
  tableName: 'refresh_tokens',
  columns: {
    id: idColumn(),
    userId: text('user_id'),
    familyId: text('family_id'),
    tokenHash: text('token_hash'),
    expiresAt: timestamp('expires_at'),
    usedAt: timestamp('used_at', true),
    revokedAt: timestamp('revoked_at', true),
    createdAt: timestamp('created_at'),
  },
});
