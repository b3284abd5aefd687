import { ConflictError } from '@mostrador/core';
import { describe, expect, it } from 'vitest';
import { aRefreshToken, aStaffUser } from '../mothers/index.js';
import { byId, caught } from './lifecycle.js';
import type { ContractContext } from './persistence-under-test.js';

const AT = new Date('2025-03-10T12:00:00.000Z');

export const staffRepositoriesContract = ({ persistence }: ContractContext): void => {
  const repositories = () => persistence().uow.repositories;

  describe('staff users', () => {
    it('returns null when absent; finds by id, by email ignoring case and by chat identity', async () => {
      const { staff } = repositories();
      const user = aStaffUser({
        email: 'owner@shop.example',
        roles: ['owner', 'manager'],
        chatIdentity: { channel: 'telegram', userId: '42' },
      });
      expect(await staff.get(user.id)).toBeNull();
      expect(await staff.getByEmail(user.email)).toBeNull();
      expect(await staff.findByChatIdentity({ channel: 'telegram', userId: '42' })).toBeNull();
      await staff.save(user);
      expect(await staff.get(user.id)).toEqual(user);
      expect(await staff.getByEmail('Owner@Shop.EXAMPLE')).toEqual(user);
      expect(await staff.findByChatIdentity({ channel: 'telegram', userId: '42' })).toEqual(user);
      expect(await staff.findByChatIdentity({ channel: 'whatsapp', userId: '42' })).toBeNull();
    });

    it('refuses a second user with the same email in another case (STAFF.EMAIL_TAKEN) but lets a user be updated', async () => {
      const { staff } = repositories();
      const user = aStaffUser({ email: 'ana@shop.example' });
      await staff.save(user);
      const impostor = aStaffUser({ email: 'ANA@shop.example' });
      const error = await caught(() => staff.save(impostor));
      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ code: 'STAFF.EMAIL_TAKEN' });
      expect(await staff.get(impostor.id)).toBeNull();
      const updated = { ...user, name: 'Ana (dueña)', roles: ['owner' as const], active: false };
      await staff.save(updated);
      expect(await staff.get(user.id)).toEqual(updated);
      const other = aStaffUser();
      await staff.save(other);
      expect((await staff.list()).sort(byId)).toEqual([updated, other].sort(byId));
    });
  });

  describe('refresh tokens', () => {
    it('finds a token by hash; markUsed succeeds once', async () => {
      const { refreshTokens } = repositories();
      const token = aRefreshToken();
      expect(await refreshTokens.getByHash(token.tokenHash)).toBeNull();
      await refreshTokens.save(token);
      expect(await refreshTokens.getByHash(token.tokenHash)).toEqual(token);
      expect(await refreshTokens.markUsed(token.id, AT)).toBe(true);
      expect(await refreshTokens.markUsed(token.id, new Date(AT.getTime() + 1000))).toBe(false);
      expect(await refreshTokens.getByHash(token.tokenHash)).toEqual({ ...token, usedAt: AT });
      expect(await refreshTokens.markUsed(aRefreshToken().id, AT)).toBe(false);
    });

    it('revokes a family, or every token of a user, leaving the others alone', async () => {
      const { refreshTokens } = repositories();
      const userId = aStaffUser().id;
      const familyId = aRefreshToken().familyId;
      const inFamily = [aRefreshToken({ userId, familyId }), aRefreshToken({ userId, familyId })];
      const sameUserOtherFamily = aRefreshToken({ userId });
      const otherUser = aRefreshToken();
      for (const token of [...inFamily, sameUserOtherFamily, otherUser]) await refreshTokens.save(token);

      await refreshTokens.revokeFamily(familyId, AT);
      for (const token of inFamily) expect((await refreshTokens.getByHash(token.tokenHash))?.revokedAt).toEqual(AT);
      expect((await refreshTokens.getByHash(sameUserOtherFamily.tokenHash))?.revokedAt).toBeNull();

      const later = new Date(AT.getTime() + 60_000);
      await refreshTokens.revokeAllForUser(userId, later);
      expect((await refreshTokens.getByHash(sameUserOtherFamily.tokenHash))?.revokedAt).toEqual(later);
      expect((await refreshTokens.getByHash(otherUser.tokenHash))?.revokedAt).toBeNull();
    });
  });
};
