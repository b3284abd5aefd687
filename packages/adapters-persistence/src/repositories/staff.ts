import type { ChannelIdentity, RefreshTokenRecord, RefreshTokenRepository, StaffUser, StaffUserRepository } from '@mostrador/core';
import type { EntityManager } from 'typeorm';
import { RefreshTokenEntity, StaffUserEntity } from '../entities/staff.js';
import { refreshTokenFromRow, refreshTokenToRow, staffUserFromRow, staffUserToRow } from '../mappers/staff.js';
import { guarded, reading, upsertRows } from './rows.js';
import { execute } from './sql.js';

export class TypeOrmStaffUserRepository implements StaffUserRepository {
  constructor(private readonly manager: EntityManager) {}

  private get rows() {
    return this.manager.getRepository(StaffUserEntity);
  }

  async get(id: string): Promise<StaffUser | null> {
    const row = await reading(() => this.rows.findOneBy({ id }));
    return row ? staffUserFromRow(row) : null;
  }

  /** Case-insensitive (the unique index is on lower(email)). */
  async getByEmail(email: string): Promise<StaffUser | null> {
    const row = await reading(() => this.rows.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne());
    return row ? staffUserFromRow(row) : null;
  }

  async findByChatIdentity(identity: ChannelIdentity): Promise<StaffUser | null> {
    const row = await reading(() =>
      this.rows
        .createQueryBuilder('u')
        .where('u.chatChannel = :channel AND u.chatUserId = :userId', { channel: identity.channel, userId: identity.userId })
        .orderBy('u.createdAt', 'ASC')
        .addOrderBy('u.id', 'ASC')
        .getOne(),
    );
    return row ? staffUserFromRow(row) : null;
  }

  /** By email (case-insensitive, byte order), then id. */
  async list(): Promise<StaffUser[]> {
    const rows = await reading(() =>
      this.rows.createQueryBuilder('u').orderBy('lower(u.email) COLLATE "C"', 'ASC').addOrderBy('u.id', 'ASC').getMany(),
    );
    return rows.map(staffUserFromRow);
  }

  /** ConflictError `STAFF.EMAIL_TAKEN` on a duplicate email, whatever its case. */
  async save(user: StaffUser): Promise<void> {
    await guarded(this.manager, (manager) => upsertRows(manager, StaffUserEntity, [staffUserToRow(user)]));
  }
}

export class TypeOrmRefreshTokenRepository implements RefreshTokenRepository {
  constructor(private readonly manager: EntityManager) {}

  async getByHash(tokenHash: string): Promise<RefreshTokenRecord | null> {
    const row = await reading(() => this.manager.getRepository(RefreshTokenEntity).findOneBy({ tokenHash }));
    return row ? refreshTokenFromRow(row) : null;
  }

  async save(record: RefreshTokenRecord): Promise<void> {
    await guarded(this.manager, (manager) => upsertRows(manager, RefreshTokenEntity, [refreshTokenToRow(record)]));
  }

  /** One conditional UPDATE: of two concurrent callers exactly one gets true. */
  async markUsed(id: string, at: Date): Promise<boolean> {
    const { affected } = await execute(this.manager, 'UPDATE refresh_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL', [id, at]);
    return affected === 1;
  }

  async revokeFamily(familyId: string, at: Date): Promise<void> {
    await execute(this.manager, 'UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL', [familyId, at]);
  }

  async revokeAllForUser(userId: string, at: Date): Promise<void> {
    await execute(this.manager, 'UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [userId, at]);
  }
}
