import { describe, expect, it } from 'vitest';
import type { Actor, Role, StaffUser } from '../../src/index.js';
import { aShop, SYSTEM } from '../ordering/shop-fixture.js';

const PASSWORD = 'correct horse battery';

/** A shop with an owner; `addUser` creates more staff. Actors carry the roles the account has. */
const withStaff = async () => {
  const shop = aShop();
  const addUser = (email: string, roles: readonly Role[], password = PASSWORD) =>
    shop.useCases.staff.createUser(SYSTEM, { email, name: email.split('@')[0]!, password, roles });
  const actorOf = (user: StaffUser): Actor => ({ kind: 'staff', userId: user.id, roles: user.roles });
  const owner = await addUser('duena@shop.example', ['owner']);
  const stored = async (digestOf: string) => shop.repositories.refreshTokens.getByHash(await shop.secrets.digest(digestOf));
  return { shop, owner, asOwner: actorOf(owner), addUser, actorOf, stored, auth: shop.useCases.auth };
};

describe('login', () => {
  it('starts a session: the user and a refresh token stored only as its digest', async () => {
    const { auth, owner, stored, shop } = await withStaff();
    const session = await auth.login(' DUENA@shop.example', PASSWORD);
    expect(session.user.id).toBe(owner.id);
    const record = await stored(session.refreshToken);
    expect(record).toMatchObject({ userId: owner.id, usedAt: null, revokedAt: null });
    expect(record?.tokenHash).not.toBe(session.refreshToken);
    expect(record?.expiresAt).toEqual(new Date(shop.clock.now().getTime() + 30 * 24 * 3600 * 1000));
  });

  it('answers an unknown email, a wrong password and an inactive account alike, at one verification each', async () => {
    const { auth, shop, addUser } = await withStaff();
    const clerk = await addUser('clerk@shop.example', ['clerk']);
    await shop.useCases.staff.updateUser(SYSTEM, clerk.id, { active: false });
    const attempts = [
      ['nobody@shop.example', PASSWORD],
      ['duena@shop.example', 'wrong password!'],
      ['clerk@shop.example', PASSWORD],
    ] as const;
    for (const [email, password] of attempts) {
      const before = shop.passwords.verifications.length;
      await expect(auth.login(email, password)).rejects.toMatchObject({
        code: 'AUTH.INVALID_CREDENTIALS',
        message: 'wrong email or password',
      });
      expect(shop.passwords.verifications.length).toBe(before + 1);
    }
    expect(await shop.repositories.refreshTokens.getByHash('anything')).toBeNull();
  });
});

describe('refresh-token rotation', () => {
  it('spends the token and issues its successor in the same family, with the roles as stored now', async () => {
    const { auth, shop, addUser, stored } = await withStaff();
    const viewer = await addUser('viewer@shop.example', ['viewer']);
    const first = await auth.login('viewer@shop.example', PASSWORD);
    await shop.useCases.staff.updateUser(SYSTEM, viewer.id, { roles: ['viewer', 'manager'] });
    shop.clock.advance({ minutes: 20 });

    const second = await auth.refresh(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.user.roles).toEqual(['viewer', 'manager']);
    const [spent, successor] = [await stored(first.refreshToken), await stored(second.refreshToken)];
    expect(spent?.usedAt).toEqual(shop.clock.now());
    expect(successor?.familyId).toBe(spent?.familyId);
    expect(successor?.expiresAt).toEqual(new Date(shop.clock.now().getTime() + 30 * 24 * 3600 * 1000));
  });

  it('re-use of a spent token revokes the whole family: its successor stops working, other sessions do not', async () => {
    const { auth } = await withStaff();
    const laptop = await auth.login('duena@shop.example', PASSWORD);
    const phone = await auth.login('duena@shop.example', PASSWORD);
    const rotated = await auth.refresh(laptop.refreshToken);

    await expect(auth.refresh(laptop.refreshToken)).rejects.toMatchObject({ code: 'AUTH.REFRESH_REUSED' });
    await expect(auth.refresh(rotated.refreshToken)).rejects.toMatchObject({ code: 'AUTH.REFRESH_REVOKED' });
    expect((await auth.refresh(phone.refreshToken)).user.email).toBe('duena@shop.example');
  });

  it('refuses unknown and expired tokens', async () => {
    const { auth, shop } = await withStaff();
    await expect(auth.refresh('never-issued')).rejects.toMatchObject({ code: 'AUTH.REFRESH_INVALID' });
    const { refreshToken } = await auth.login('duena@shop.example', PASSWORD);
    shop.clock.advance({ days: 30, seconds: 1 });
    await expect(auth.refresh(refreshToken)).rejects.toMatchObject({ code: 'AUTH.REFRESH_EXPIRED' });
  });

  it('takes the lifetime from refreshTokenTtlSeconds', async () => {
    const { createUseCases } = await import('../../src/index.js');
    const shop = aShop();
    const auth = createUseCases({ ...shop, settings: shop.settings, refreshTokenTtlSeconds: 3600 }).auth;
    await shop.useCases.staff.createUser(SYSTEM, { email: 'a@shop.example', name: 'A', password: PASSWORD, roles: ['owner'] });
    const { refreshToken } = await auth.login('a@shop.example', PASSWORD);
    shop.clock.advance({ minutes: 59 });
    const next = await auth.refresh(refreshToken);
    shop.clock.advance({ minutes: 61 });
    await expect(auth.refresh(next.refreshToken)).rejects.toMatchObject({ code: 'AUTH.REFRESH_EXPIRED' });
  });

  it('logout revokes the family; an unknown token is ignored', async () => {
    const { auth } = await withStaff();
    const first = await auth.login('duena@shop.example', PASSWORD);
    const rotated = await auth.refresh(first.refreshToken);
    await auth.logout(first.refreshToken);
    await expect(auth.refresh(rotated.refreshToken)).rejects.toMatchObject({ code: 'AUTH.REFRESH_REVOKED' });
    await expect(auth.logout('never-issued')).resolves.toBeUndefined();
  });
});

describe('access ends at once', () => {
  it('staffActor gives the roles as stored now, and refuses a deactivated or unknown account', async () => {
    const { auth, shop, addUser } = await withStaff();
    const manager = await addUser('manager@shop.example', ['manager']);
    expect(await auth.staffActor(manager.id)).toEqual({ kind: 'staff', userId: manager.id, roles: ['manager'] });
    await shop.useCases.staff.updateUser(SYSTEM, manager.id, { roles: ['viewer'] });
    expect(await auth.staffActor(manager.id)).toEqual({ kind: 'staff', userId: manager.id, roles: ['viewer'] });
    await shop.useCases.staff.updateUser(SYSTEM, manager.id, { active: false });
    await expect(auth.staffActor(manager.id)).rejects.toMatchObject({ code: 'AUTH.ACCOUNT_INACTIVE' });
    await expect(auth.staffActor('no-such-user')).rejects.toMatchObject({ code: 'AUTH.ACCOUNT_INACTIVE' });
  });

  it('deactivating or demoting a user revokes their refresh tokens; a promotion or a new name does not', async () => {
    const { auth, asOwner, addUser, shop } = await withStaff();
    const manager = await addUser('manager@shop.example', ['viewer']);
    const kept = await auth.login('manager@shop.example', PASSWORD);
    // viewer → manager drops the viewer role but takes no capability away.
    await shop.useCases.staff.updateUser(asOwner, manager.id, { roles: ['manager'], name: 'Gerente' });
    const stillValid = await auth.refresh(kept.refreshToken);

    await shop.useCases.staff.updateUser(asOwner, manager.id, { roles: ['clerk'] });
    await expect(auth.refresh(stillValid.refreshToken)).rejects.toMatchObject({ code: 'AUTH.REFRESH_REVOKED' });

    const again = await auth.login('manager@shop.example', PASSWORD);
    await shop.useCases.staff.updateUser(asOwner, manager.id, { active: false });
    await expect(auth.refresh(again.refreshToken)).rejects.toMatchObject({ code: 'AUTH.REFRESH_REVOKED' });
  });
});

describe('changing your own password', () => {
  it('needs the current password, naming the field when it is missing or wrong', async () => {
    const { auth, owner, actorOf } = await withStaff();
    await expect(auth.changeOwnPassword(actorOf(owner), { newPassword: 'a brand new password' })).rejects.toMatchObject({
      code: 'STAFF.CURRENT_PASSWORD_REQUIRED',
      details: { field: 'currentPassword' },
    });
    await expect(
      auth.changeOwnPassword(actorOf(owner), { currentPassword: 'not my password', newPassword: 'a brand new password' }),
    ).rejects.toMatchObject({ code: 'STAFF.CURRENT_PASSWORD_WRONG', details: { field: 'currentPassword' } });
    await expect(auth.changeOwnPassword(actorOf(owner), { currentPassword: PASSWORD, newPassword: 'short' })).rejects.toMatchObject({
      code: 'STAFF.PASSWORD_WEAK',
      details: { field: 'newPassword' },
    });
    await expect(auth.login('duena@shop.example', PASSWORD)).resolves.toBeDefined();
  });

  it('signs out every other session and continues this one in a new family', async () => {
    const { auth, owner, actorOf } = await withStaff();
    const other = await auth.login('duena@shop.example', PASSWORD);
    const changed = await auth.changeOwnPassword(actorOf(owner), { currentPassword: PASSWORD, newPassword: 'a brand new password' });

    await expect(auth.refresh(other.refreshToken)).rejects.toMatchObject({ code: 'AUTH.REFRESH_REVOKED' });
    expect((await auth.refresh(changed.refreshToken)).user.id).toBe(owner.id);
    await expect(auth.login('duena@shop.example', PASSWORD)).rejects.toMatchObject({ code: 'AUTH.INVALID_CREDENTIALS' });
    expect((await auth.login('duena@shop.example', 'a brand new password')).user.id).toBe(owner.id);
  });

  it('is for staff users only', async () => {
    const { auth } = await withStaff();
    const customer: Actor = { kind: 'customer', customerId: 'c-1' };
    for (const actor of [customer, SYSTEM]) {
      await expect(auth.changeOwnPassword(actor, { currentPassword: PASSWORD, newPassword: 'a brand new password' })).rejects.toMatchObject(
        {
          code: 'AUTH.FORBIDDEN',
        },
      );
    }
  });

  it('through updateUser also needs the current password, and ends the user’s sessions', async () => {
    const { auth, shop, addUser, actorOf } = await withStaff();
    const clerk = await addUser('clerk@shop.example', ['clerk']);
    const session = await auth.login('clerk@shop.example', PASSWORD);
    await expect(
      shop.useCases.staff.updateUser(actorOf(clerk), clerk.id, { password: 'a brand new password', currentPassword: 'a wrong guess' }),
    ).rejects.toMatchObject({ code: 'STAFF.CURRENT_PASSWORD_WRONG' });
    await shop.useCases.staff.updateUser(actorOf(clerk), clerk.id, { password: 'a brand new password', currentPassword: PASSWORD });
    await expect(auth.refresh(session.refreshToken)).rejects.toMatchObject({ code: 'AUTH.REFRESH_REVOKED' });
    expect((await auth.login('clerk@shop.example', 'a brand new password')).user.id).toBe(clerk.id);
  });
});

describe("an owner resetting someone else's password", () => {
  it('sets it without the old one, ends their sessions and records who did it in the outbox', async () => {
    const { auth, shop, owner, asOwner, addUser } = await withStaff();
    const clerk = await addUser('clerk@shop.example', ['clerk']);
    const session = await auth.login('clerk@shop.example', PASSWORD);

    const reset = await auth.resetPassword(asOwner, clerk.id, 'a fresh start password');
    expect(reset.id).toBe(clerk.id);
    await expect(auth.refresh(session.refreshToken)).rejects.toMatchObject({ code: 'AUTH.REFRESH_REVOKED' });
    expect((await auth.login('clerk@shop.example', 'a fresh start password')).user.id).toBe(clerk.id);
    const events = (await shop.repositories.outbox.pending(100)).map((record) => record.event);
    expect(events).toContainEqual({
      type: 'staff.password_reset',
      aggregateId: clerk.id,
      occurredAt: shop.clock.now(),
      payload: { userId: clerk.id, by: owner.id },
    });
    expect(JSON.stringify(events)).not.toContain('a fresh start password');
  });

  it('is refused to non-owners, for your own account, and in a plain updateUser', async () => {
    const { auth, shop, owner, asOwner, addUser, actorOf } = await withStaff();
    const clerk = await addUser('clerk@shop.example', ['clerk']);
    const manager = await addUser('manager@shop.example', ['manager']);
    await expect(auth.resetPassword(actorOf(manager), clerk.id, 'a fresh start password')).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN',
    });
    await expect(auth.resetPassword(asOwner, owner.id, 'a fresh start password')).rejects.toMatchObject({
      code: 'STAFF.RESET_OWN_PASSWORD',
    });
    await expect(auth.resetPassword(asOwner, 'no-such-user', 'a fresh start password')).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(shop.useCases.staff.updateUser(asOwner, clerk.id, { password: 'a fresh start password' })).rejects.toMatchObject({
      code: 'STAFF.USE_PASSWORD_RESET',
      details: { field: 'password' },
    });
    expect(await shop.outboxTypes()).not.toContain('staff.password_reset');
    await expect(auth.login('clerk@shop.example', PASSWORD)).resolves.toBeDefined();
  });
});
