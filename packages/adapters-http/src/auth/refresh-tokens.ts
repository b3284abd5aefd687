import { createHash, randomBytes } from 'node:crypto';
import { type Clock, DomainError, type IdGenerator, type RefreshTokenRecord, type StaffUser, type UnitOfWork } from '@mostrador/core';

export const DEFAULT_REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

type Rotation =
  | { readonly status: 'rotated'; readonly user: StaffUser; readonly refreshToken: string }
  | { readonly status: 'refused'; readonly code: string; readonly message: string };

/**
 * Opaque refresh tokens (256 random bits) stored only as their SHA-256. Each use rotates the token
 * within its family; presenting a token that was already used means it leaked, so the whole family
 * is revoked and the newer token stops working too.
 */
export class RefreshTokens {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly ttlSeconds: number = DEFAULT_REFRESH_TOKEN_TTL_SECONDS,
  ) {}

  /** Starts a new family (a login). */
  async issue(userId: string): Promise<string> {
    return this.#create(this.uow.repositories, userId, this.ids.next());
  }

  /** Spends `token` and returns its successor with the user's current roles; throws `AUTH.REFRESH_*` (401). */
  async rotate(token: string): Promise<{ user: StaffUser; refreshToken: string }> {
    const outcome = await this.uow.transaction(async (repositories): Promise<Rotation> => {
      const record = await repositories.refreshTokens.getByHash(hashToken(token));
      const now = this.clock.now();
      if (record === null) return refused('AUTH.REFRESH_INVALID', 'the refresh token is not valid');
      if (record.revokedAt !== null) return refused('AUTH.REFRESH_REVOKED', 'the refresh token was revoked');
      if (record.usedAt !== null) return { status: 'refused', code: 'AUTH.REFRESH_REUSED', message: 'the refresh token was already used' };
      if (record.expiresAt.getTime() <= now.getTime()) return refused('AUTH.REFRESH_EXPIRED', 'the refresh token has expired');
      if (!(await repositories.refreshTokens.markUsed(record.id, now))) {
        // Someone spent it between our read and our write: the same re-use, just closer together.
        return { status: 'refused', code: 'AUTH.REFRESH_REUSED', message: 'the refresh token was already used' };
      }
      const user = await repositories.staff.get(record.userId);
      if (user === null || !user.active) return refused('AUTH.REFRESH_INVALID', 'the account is not active');
      const refreshToken = await this.#create(repositories, record.userId, record.familyId);
      return { status: 'rotated', user, refreshToken };
    });
    if (outcome.status === 'rotated') return outcome;
    if (outcome.code === 'AUTH.REFRESH_REUSED' || outcome.code === 'AUTH.REFRESH_INVALID') await this.#revokeFamilyOf(token);
    throw new DomainError(outcome.code, outcome.message);
  }

  /** Revokes the family `token` belongs to (logout). Unknown tokens are ignored. */
  async revoke(token: string): Promise<void> {
    await this.#revokeFamilyOf(token);
  }

  async #revokeFamilyOf(token: string): Promise<void> {
    // Outside the rotation's transaction: the revocation must stick although the request fails.
    const record = await this.uow.repositories.refreshTokens.getByHash(hashToken(token));
    if (record !== null) await this.uow.repositories.refreshTokens.revokeFamily(record.familyId, this.clock.now());
  }

  async #create(repositories: UnitOfWork['repositories'], userId: string, familyId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const record: RefreshTokenRecord = {
      id: this.ids.next(),
      userId,
      familyId,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + this.ttlSeconds * 1000),
      usedAt: null,
      revokedAt: null,
      createdAt: now,
    };
    await repositories.refreshTokens.save(record);
    return token;
  }
}

const refused = (code: string, message: string): Rotation => ({ status: 'refused', code, message });
