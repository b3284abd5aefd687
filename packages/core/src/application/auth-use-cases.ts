import type { DomainEvent } from '../notifications/domain-event.js';
import type { Repositories } from '../ports/repositories.js';
import type { PasswordHasher } from '../ports/services.js';
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { RefreshTokenRecord, StaffUser } from '../staff/staff-user.js';
import { ACCESS, actorLabel, authorize, type Capability, hasRole } from './authorization.js';
import type { UseCaseDependencies } from './dependencies.js';
import type { AuthUseCases, StaffActor } from './use-cases.js';

export const DEFAULT_REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
export const MIN_PASSWORD_LENGTH = 10;

/** The audit event an owner's (or the system's) reset of someone's password leaves in the outbox. */
export type StaffPasswordResetEvent = DomainEvent<'staff.password_reset', { readonly userId: string; readonly by: string }>;

export const staffPasswordReset = (userId: string, by: string, at: Date): StaffPasswordResetEvent => ({
  type: 'staff.password_reset',
  aggregateId: userId,
  occurredAt: at,
  payload: { userId, by },
});

/** Throws `STAFF.PASSWORD_WEAK` (naming `field`) unless `password` is long enough. */
export const validateNewPassword = (password: string, field = 'password'): void => {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new ValidationError('STAFF.PASSWORD_WEAK', `a password needs at least ${MIN_PASSWORD_LENGTH} characters`, {
      field,
      minLength: MIN_PASSWORD_LENGTH,
    });
  }
};

const invalidCredentials = (): ForbiddenError => new ForbiddenError('AUTH.INVALID_CREDENTIALS', 'wrong email or password');

/**
 * Email and password checks that cost the same whatever the outcome: an unknown email is verified
 * against a hash of the same hasher, and an inactive account gets the wrong password's answer, so
 * neither the time nor the message tells which accounts exist.
 */
export const credentialChecker = (passwords: PasswordHasher) => {
  let timingHash: Promise<string> | null = null;
  return async (repositories: Repositories, email: string, password: string): Promise<StaffUser> => {
    const user = await repositories.staff.getByEmail(email.trim().toLowerCase());
    if (!user) {
      timingHash ??= passwords.hash('mostrador timing equalizer');
      await passwords.verify(password, await timingHash);
      throw invalidCredentials();
    }
    const matches = await passwords.verify(password, user.passwordHash);
    if (!matches || !user.active) throw invalidCredentials();
    return user;
  };
};

/**
 * Throws unless `currentPassword` is the user's password: `STAFF.CURRENT_PASSWORD_REQUIRED` when it
 * is missing, `STAFF.CURRENT_PASSWORD_WRONG` when it does not match (both 4xx naming the field, not
 * `AUTH.*`: the caller is signed in, they mistyped).
 */
export const checkCurrentPassword = async (
  passwords: PasswordHasher,
  user: StaffUser,
  currentPassword: string | undefined,
): Promise<void> => {
  if (currentPassword === undefined || currentPassword === '') {
    throw new ValidationError('STAFF.CURRENT_PASSWORD_REQUIRED', 'changing your own password needs your current password', {
      field: 'currentPassword',
    });
  }
  if (!(await passwords.verify(currentPassword, user.passwordHash))) {
    throw new ValidationError('STAFF.CURRENT_PASSWORD_WRONG', 'the current password is not right', { field: 'currentPassword' });
  }
};

const capabilitiesOf = (user: StaffUser): Capability[] =>
  (Object.keys(ACCESS) as Capability[]).filter((capability) =>
    hasRole({ kind: 'staff', userId: user.id, roles: user.roles }, ACCESS[capability]),
  );

/**
 * Whether `after` may do less than `before` (deactivated, or a capability gone: manager → clerk),
 * so its sessions must end. Trading a role for a stronger one (viewer → manager) takes nothing away.
 */
export const lostAccess = (before: StaffUser, after: StaffUser): boolean => {
  if (before.active && !after.active) return true;
  const kept = capabilitiesOf(after);
  return capabilitiesOf(before).some((capability) => !kept.includes(capability));
};

type Refusal = { readonly code: string; readonly message: string; readonly revokeFamily: string | null };

/**
 * Sign-in, refresh-token rotation, sign-out, the per-request account check and password changes.
 *
 * A refresh token is an opaque secret from the `SecretTokens` port, stored only as its digest. A
 * login starts a family; each refresh spends the presented token and issues its successor in the
 * same family. Presenting a spent token means it leaked (the thief or the owner used it first),
 * so the whole family is revoked and the newer token stops working too.
 */
export const createAuthUseCases = ({ uow, clock, ids, passwords, secrets, refreshTokenTtlSeconds }: UseCaseDependencies): AuthUseCases => {
  const ttlMs = (refreshTokenTtlSeconds ?? DEFAULT_REFRESH_TOKEN_TTL_SECONDS) * 1000;
  const checkCredentials = credentialChecker(passwords);

  const startToken = async (repositories: Repositories, userId: string, familyId: string, at: Date): Promise<string> => {
    const secret = secrets.generate();
    const record: RefreshTokenRecord = {
      id: ids.next(),
      userId,
      familyId,
      tokenHash: await secrets.digest(secret),
      expiresAt: new Date(at.getTime() + ttlMs),
      usedAt: null,
      revokedAt: null,
      createdAt: at,
    };
    await repositories.refreshTokens.save(record);
    return secret;
  };

  const requireUser = async (repositories: Repositories, id: string): Promise<StaffUser> => {
    const user = await repositories.staff.get(id);
    if (!user) throw new NotFoundError('staff user', id);
    return user;
  };

  const requireSelf = (actor: Parameters<AuthUseCases['changeOwnPassword']>[0]): StaffActor => {
    if (actor.kind !== 'staff')
      throw new ForbiddenError('AUTH.FORBIDDEN', 'only a staff user changes their own password', { actor: actor.kind });
    return actor;
  };

  return {
    async login(email, password) {
      const user = await checkCredentials(uow.repositories, email, password);
      const refreshToken = await startToken(uow.repositories, user.id, ids.next(), clock.now());
      return { user, refreshToken };
    },

    async refresh(refreshToken) {
      const digest = await secrets.digest(refreshToken);
      const outcome = await uow.transaction(async (repositories): Promise<{ user: StaffUser; refreshToken: string } | Refusal> => {
        const record = await repositories.refreshTokens.getByHash(digest);
        const now = clock.now();
        if (record === null) return { code: 'AUTH.REFRESH_INVALID', message: 'the refresh token is not valid', revokeFamily: null };
        if (record.revokedAt !== null)
          return { code: 'AUTH.REFRESH_REVOKED', message: 'the refresh token was revoked', revokeFamily: null };
        const reused: Refusal = {
          code: 'AUTH.REFRESH_REUSED',
          message: 'the refresh token was already used',
          revokeFamily: record.familyId,
        };
        if (record.usedAt !== null) return reused;
        if (record.expiresAt.getTime() <= now.getTime())
          return { code: 'AUTH.REFRESH_EXPIRED', message: 'the refresh token has expired', revokeFamily: null };
        // Someone spent it between our read and this write: the same re-use, only closer together.
        if (!(await repositories.refreshTokens.markUsed(record.id, now))) return reused;
        const user = await repositories.staff.get(record.userId);
        if (user === null || !user.active)
          return { code: 'AUTH.REFRESH_INVALID', message: 'the account is not active', revokeFamily: record.familyId };
        return { user, refreshToken: await startToken(repositories, user.id, record.familyId, now) };
      });
      if ('user' in outcome) return outcome;
      // Outside the rotation's transaction: the revocation must stick although the request fails.
      if (outcome.revokeFamily !== null) await uow.repositories.refreshTokens.revokeFamily(outcome.revokeFamily, clock.now());
      throw new DomainError(outcome.code, outcome.message);
    },

    async logout(refreshToken) {
      const record = await uow.repositories.refreshTokens.getByHash(await secrets.digest(refreshToken));
      if (record !== null) await uow.repositories.refreshTokens.revokeFamily(record.familyId, clock.now());
    },

    async staffActor(userId) {
      // One read by primary key per request: the price of a deactivation or demotion taking effect at once.
      const user = await uow.repositories.staff.get(userId);
      if (user === null || !user.active) throw new DomainError('AUTH.ACCOUNT_INACTIVE', 'this account no longer has access');
      return { kind: 'staff', userId: user.id, roles: user.roles };
    },

    async changeOwnPassword(actor, { currentPassword, newPassword }) {
      const self = requireSelf(actor);
      validateNewPassword(newPassword, 'newPassword');
      const user = await requireUser(uow.repositories, self.userId);
      if (!user.active) throw new DomainError('AUTH.ACCOUNT_INACTIVE', 'this account no longer has access');
      await checkCurrentPassword(passwords, user, currentPassword);
      const passwordHash = await passwords.hash(newPassword);
      const at = clock.now();
      return uow.transaction(async (repositories) => {
        const current = await requireUser(repositories, user.id);
        const updated: StaffUser = { ...current, passwordHash, updatedAt: at };
        await repositories.staff.save(updated);
        // Every other session ends; the caller continues in a new family of its own.
        await repositories.refreshTokens.revokeAllForUser(user.id, at);
        return { user: updated, refreshToken: await startToken(repositories, user.id, ids.next(), at) };
      });
    },

    async resetPassword(actor, userId, newPassword) {
      authorize(actor, ACCESS.staff);
      if (actor.kind === 'staff' && actor.userId === userId) {
        throw new ValidationError('STAFF.RESET_OWN_PASSWORD', 'change your own password with your current one, not by a reset', {
          field: 'id',
        });
      }
      validateNewPassword(newPassword, 'newPassword');
      const passwordHash = await passwords.hash(newPassword);
      const at = clock.now();
      return uow.transaction(async (repositories) => {
        const current = await requireUser(repositories, userId);
        const updated: StaffUser = { ...current, passwordHash, updatedAt: at };
        await repositories.staff.save(updated);
        await repositories.refreshTokens.revokeAllForUser(userId, at);
        await repositories.outbox.add([staffPasswordReset(userId, actorLabel(actor), at)]);
        return updated;
      });
    },
  };
};
