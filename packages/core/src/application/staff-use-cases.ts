import type { Repositories } from '../ports/repositories.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import { ensurePlainText } from '../shared/input-bounds.js';
import type { ChannelIdentity } from '../shared/types.js';
import { ROLES, type Role, type StaffUser } from '../staff/staff-user.js';
import { checkCurrentPassword, credentialChecker, lostAccess, staffPasswordReset, validateNewPassword } from './auth-use-cases.js';
import { ACCESS, actorLabel, authorize } from './authorization.js';
import { normalizeEmail } from './customer-use-cases.js';
import type { UseCaseDependencies } from './dependencies.js';
import type { StaffUseCases } from './use-cases.js';

const CHAT_LINK_MINUTES = 15;
const CHAT_LINK_CODE_LENGTH = 8;
const chatLinkKey = (code: string): string => `staff.chat-link.${code}`;

/** Stored under `staff.chat-link.<code>` in the settings repository (JSON, so the date is a string). */
interface ChatLinkRecord {
  readonly userId: string;
  readonly expiresAt: string;
}

const invalidLinkCode = (): ValidationError => new ValidationError('STAFF.LINK_CODE_INVALID', 'this link code is unknown, used or expired');

const validateRoles = (roles: readonly Role[]): Role[] => {
  const unique = [...new Set(roles)];
  if (unique.length === 0 || unique.some((role) => !ROLES.includes(role))) {
    throw new ValidationError('STAFF.ROLES_INVALID', `roles must be a non-empty list of ${ROLES.join(', ')}`, { roles: [...roles] });
  }
  return unique;
};

const isActiveOwner = (user: StaffUser): boolean => user.active && user.roles.includes('owner');

export const createStaffUseCases = ({ uow, clock, ids, passwords }: UseCaseDependencies): StaffUseCases => {
  const checkCredentials = credentialChecker(passwords);

  const requireUser = async (repositories: Repositories, id: string): Promise<StaffUser> => {
    const user = await repositories.staff.get(id);
    if (!user) throw new NotFoundError('staff user', id);
    return user;
  };

  return {
    async createUser(actor, input) {
      authorize(actor, ACCESS.staff);
      const email = normalizeEmail(input.email, 'STAFF.EMAIL_INVALID');
      const name = input.name.trim();
      ensurePlainText('name', name);
      if (name === '') throw new ValidationError('STAFF.NAME_REQUIRED', 'a staff user needs a name');
      validateNewPassword(input.password);
      const roles = validateRoles(input.roles);
      const passwordHash = await passwords.hash(input.password);
      const at = clock.now();
      return uow.transaction(async (repositories) => {
        if (await repositories.staff.getByEmail(email))
          throw new ConflictError('STAFF.EMAIL_TAKEN', `${email} already has an account`, { email });
        const user: StaffUser = {
          id: ids.next(),
          email,
          name,
          passwordHash,
          roles,
          active: true,
          chatIdentity: null,
          createdAt: at,
          updatedAt: at,
        };
        await repositories.staff.save(user);
        return user;
      });
    },

    async updateUser(actor, id, patch) {
      const self = actor.kind === 'staff' && actor.userId === id;
      // Anyone may change their own name and password; roles, activation and other people need an owner.
      if (!self || patch.roles !== undefined || patch.active !== undefined) authorize(actor, ACCESS.staff);
      // An owner sets someone else's password only through the audited reset; the system (CLI, bootstrap) may here, audited too.
      if (patch.password !== undefined && actor.kind === 'staff' && !self) {
        throw new ValidationError('STAFF.USE_PASSWORD_RESET', "another user's password is set with the password reset, which is audited", {
          field: 'password',
        });
      }
      const name = patch.name?.trim();
      ensurePlainText('name', name);
      if (name === '') throw new ValidationError('STAFF.NAME_REQUIRED', 'a staff user needs a name', { field: 'name' });
      const roles = patch.roles === undefined ? undefined : validateRoles(patch.roles);
      if (patch.password !== undefined) validateNewPassword(patch.password);
      if (patch.password !== undefined && self) {
        const stored = await uow.repositories.staff.get(id);
        if (!stored) throw new NotFoundError('staff user', id);
        await checkCurrentPassword(passwords, stored, patch.currentPassword);
      }
      const passwordHash = patch.password === undefined ? undefined : await passwords.hash(patch.password);
      const at = clock.now();
      return uow.transaction(async (repositories) => {
        const current = await requireUser(repositories, id);
        const updated: StaffUser = {
          ...current,
          ...(name === undefined ? {} : { name }),
          ...(roles === undefined ? {} : { roles }),
          ...(patch.active === undefined ? {} : { active: patch.active }),
          ...(passwordHash === undefined ? {} : { passwordHash }),
          updatedAt: at,
        };
        if (isActiveOwner(current) && !isActiveOwner(updated)) {
          const otherOwners = (await repositories.staff.list()).filter((user) => user.id !== id && isActiveOwner(user));
          if (otherOwners.length === 0)
            throw new ConflictError('STAFF.LAST_OWNER', 'at least one active owner must remain', { userId: id });
        }
        await repositories.staff.save(updated);
        // A new password, a deactivation or a lost role ends every session of that user: refreshing
        // must not hand out what was taken away (access tokens are checked per request anyway).
        if (passwordHash !== undefined || lostAccess(current, updated)) await repositories.refreshTokens.revokeAllForUser(id, at);
        if (passwordHash !== undefined && !self) await repositories.outbox.add([staffPasswordReset(id, actorLabel(actor), at)]);
        return updated;
      });
    },

    async listUsers(actor) {
      authorize(actor, ACCESS.staff);
      return uow.repositories.staff.list();
    },

    async authenticate(email, password) {
      return checkCredentials(uow.repositories, email, password);
    },

    async createChatLinkCode(actor) {
      if (actor.kind !== 'staff') throw new ForbiddenError('AUTH.FORBIDDEN', 'only staff users link chats', { actor: actor.kind });
      const user = await uow.repositories.staff.get(actor.userId);
      if (!user?.active) throw new ForbiddenError('AUTH.FORBIDDEN', 'this staff account is not active', { actor: actor.kind });
      const expiresAt = new Date(clock.now().getTime() + CHAT_LINK_MINUTES * 60_000);
      const record: ChatLinkRecord = { userId: user.id, expiresAt: expiresAt.toISOString() };
      // setIfAbsent never overwrites someone else's pending code; a collision just draws again.
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const code = ids.code(CHAT_LINK_CODE_LENGTH).toUpperCase();
        const stored = await uow.repositories.settings.setIfAbsent<ChatLinkRecord>(chatLinkKey(code), record);
        if (stored.userId === record.userId && stored.expiresAt === record.expiresAt) return { code, expiresAt };
      }
      throw new ConflictError('STAFF.LINK_CODE_EXHAUSTED', 'could not draw a free link code; try again');
    },

    async linkChat(code, identity: ChannelIdentity) {
      const key = chatLinkKey(code.trim().toUpperCase());
      const at = clock.now();
      return uow.transaction(async (repositories) => {
        const record = await repositories.settings.get<ChatLinkRecord>(key);
        if (!record || Date.parse(record.expiresAt) <= at.getTime()) throw invalidLinkCode();
        await repositories.settings.delete(key);
        const user = await repositories.staff.get(record.userId);
        if (!user?.active) throw invalidLinkCode();
        // One chat identity belongs to one staff user: take it away from whoever had it.
        const previous = await repositories.staff.findByChatIdentity(identity);
        if (previous && previous.id !== user.id) await repositories.staff.save({ ...previous, chatIdentity: null, updatedAt: at });
        const linked: StaffUser = { ...user, chatIdentity: { channel: identity.channel, userId: identity.userId }, updatedAt: at };
        await repositories.staff.save(linked);
        return linked;
      });
    },

    async findByChat(identity) {
      const user = await uow.repositories.staff.findByChatIdentity(identity);
      return user?.active ? user : null;
    },
  };
};
