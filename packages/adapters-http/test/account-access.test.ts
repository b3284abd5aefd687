import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { PASSWORD, problemOf, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(async () => {
  await t?.close();
});

const idOf = async (email: string): Promise<string> =>
  (await t.useCases.staff.listUsers({ kind: 'system' })).find((user) => user.email === email)!.id;

const product = { sku: 'MATE-1', name: 'Mate de calabaza', price: { amount: 1_500_000, currency: 'ARS' }, vatRate: 2100, stockOnHand: 4 };

describe('a revoked person loses access at once', () => {
  test('a deactivated owner’s still-valid access token gets 401 on the next request and creates no one', async () => {
    const ownerEmail = await t.addStaff(['owner']);
    const partner = await t.login(await t.addStaff(['owner']));
    const owner = await t.login(ownerEmail);
    expect((await t.call('GET', '/api/v1/staff/users', { token: owner.accessToken })).status).toBe(200);

    const deactivate = await t.call('PATCH', `/api/v1/staff/users/${await idOf(ownerEmail)}`, {
      token: partner.accessToken,
      json: { active: false },
    });
    expect(deactivate.status).toBe(200);

    const me = await t.call('GET', '/api/v1/auth/me', { token: owner.accessToken });
    expect(me.status).toBe(401);
    expect((await problemOf(me)).code).toBe('AUTH.ACCOUNT_INACTIVE');
    const create = await t.call('POST', '/api/v1/staff/users', {
      token: owner.accessToken,
      json: { email: 'ghost@shop.test', name: 'Ghost', password: 'a long enough password', roles: ['owner'] },
    });
    expect(create.status).toBe(401);
    expect(
      (await t.call('POST', '/api/v1/auth/login', { json: { email: 'ghost@shop.test', password: 'a long enough password' } })).status,
    ).toBe(401);
    const refresh = await t.call('POST', '/api/v1/auth/refresh', { json: { refreshToken: owner.refreshToken } });
    expect(refresh.status).toBe(401);
    expect((await problemOf(refresh)).code).toBe('AUTH.REFRESH_REVOKED');
  });

  test('a demoted manager can no longer edit products with the access token they already hold', async () => {
    const managerEmail = await t.addStaff(['manager']);
    const manager = await t.login(managerEmail);
    const owner = await t.tokenFor(['owner']);
    const created = await t.call('POST', '/api/v1/products', { token: manager.accessToken, json: product });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const demote = await t.call('PATCH', `/api/v1/staff/users/${await idOf(managerEmail)}`, { token: owner, json: { roles: ['viewer'] } });
    expect(demote.status).toBe(200);

    const edit = await t.call('PATCH', `/api/v1/products/${id}`, { token: manager.accessToken, json: { name: 'Mate imperial' } });
    expect(edit.status).toBe(403);
    expect((await problemOf(edit)).code).toBe('AUTH.FORBIDDEN');
    expect((await t.call('GET', `/api/v1/products/${id}`, { token: manager.accessToken })).status).toBe(200);
    // Refreshing cannot bring the old role back: the demotion revoked the refresh tokens.
    expect((await t.call('POST', '/api/v1/auth/refresh', { json: { refreshToken: manager.refreshToken } })).status).toBe(401);
  });
});

describe('changing your own password', () => {
  test('PATCH on yourself with a new password but without or with a wrong current one: 422 naming currentPassword', async () => {
    const email = await t.addStaff(['clerk']);
    const { accessToken } = await t.login(email);
    const url = `/api/v1/staff/users/${await idOf(email)}`;

    const missing = await t.call('PATCH', url, { token: accessToken, json: { password: 'a stolen token takeover' } });
    expect(missing.status).toBe(422);
    const missingProblem = await problemOf(missing);
    expect(missingProblem.code).toBe('STAFF.CURRENT_PASSWORD_REQUIRED');
    expect(missingProblem.errors).toEqual([
      { field: 'currentPassword', in: 'body', code: 'STAFF.CURRENT_PASSWORD_REQUIRED', message: expect.any(String) },
    ]);

    const wrong = await t.call('PATCH', url, {
      token: accessToken,
      json: { password: 'a stolen token takeover', currentPassword: 'a wrong guess here' },
    });
    expect(wrong.status).toBe(422);
    expect((await problemOf(wrong)).errors?.[0]).toMatchObject({ field: 'currentPassword', code: 'STAFF.CURRENT_PASSWORD_WRONG' });
    expect((await t.call('POST', '/api/v1/auth/login', { json: { email, password: 'a stolen token takeover' } })).status).toBe(401);

    const right = await t.call('PATCH', url, { token: accessToken, json: { password: 'my own new password', currentPassword: PASSWORD } });
    expect(right.status).toBe(200);
    expect((await t.login(email, 'my own new password')).tokenType).toBe('Bearer');
  });

  test('POST /auth/password signs out the other sessions and keeps this one with new tokens', async () => {
    const email = await t.addStaff(['clerk']);
    const laptop = await t.login(email);
    const phone = await t.login(email);

    const wrong = await t.call('POST', '/api/v1/auth/password', {
      token: laptop.accessToken,
      json: { currentPassword: 'a wrong guess here', newPassword: 'my own new password' },
    });
    expect(wrong.status).toBe(422);
    expect((await problemOf(wrong)).errors?.[0]).toMatchObject({ field: 'currentPassword' });

    const changed = await t.call('POST', '/api/v1/auth/password', {
      token: laptop.accessToken,
      json: { currentPassword: PASSWORD, newPassword: 'my own new password' },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('cache-control')).toBe('no-store');
    const tokens = (await changed.json()) as { accessToken: string; refreshToken: string };
    expect((await t.call('GET', '/api/v1/auth/me', { token: tokens.accessToken })).status).toBe(200);
    expect((await t.call('POST', '/api/v1/auth/refresh', { json: { refreshToken: tokens.refreshToken } })).status).toBe(200);
    const other = await t.call('POST', '/api/v1/auth/refresh', { json: { refreshToken: phone.refreshToken } });
    expect(other.status).toBe(401);
    expect((await problemOf(other)).code).toBe('AUTH.REFRESH_REVOKED');
  });

  test('wrong current passwords count as failed sign-ins: a stolen access token cannot guess faster than the login form', async () => {
    const email = await t.addStaff(['clerk']);
    const { accessToken } = await t.login(email);
    for (let i = 0; i < 5; i += 1) {
      const guess = await t.call('POST', '/api/v1/auth/password', {
        token: accessToken,
        json: { currentPassword: `guess number ${i}`, newPassword: 'my own new password' },
      });
      expect(guess.status).toBe(422);
    }
    const locked = await t.call('PATCH', `/api/v1/staff/users/${await idOf(email)}`, {
      token: accessToken,
      json: { password: 'my own new password', currentPassword: PASSWORD },
    });
    expect(locked.status).toBe(429);
    expect((await problemOf(locked)).code).toBe('AUTH.RATE_LIMITED');
    expect((await t.call('POST', '/api/v1/auth/login', { json: { email, password: PASSWORD } })).status).toBe(429);
  });
});

describe("an owner resetting another user's password", () => {
  test('works without the old password, ends their sessions and is audited', async () => {
    const clerkEmail = await t.addStaff(['clerk']);
    const clerk = await t.login(clerkEmail);
    const ownerEmail = await t.addStaff(['owner']);
    const owner = await t.login(ownerEmail);
    const clerkId = await idOf(clerkEmail);

    const reset = await t.call('POST', `/api/v1/staff/users/${clerkId}/password-reset`, {
      token: owner.accessToken,
      json: { newPassword: 'set by the owner!' },
    });
    expect(reset.status).toBe(200);
    expect(await reset.json()).toMatchObject({ id: clerkId, email: clerkEmail });
    expect((await t.login(clerkEmail, 'set by the owner!')).tokenType).toBe('Bearer');
    expect((await t.call('POST', '/api/v1/auth/refresh', { json: { refreshToken: clerk.refreshToken } })).status).toBe(401);

    const audit = (await t.uow.repositories.outbox.pending(100)).map((record) => record.event);
    expect(audit).toContainEqual(
      expect.objectContaining({
        type: 'staff.password_reset',
        aggregateId: clerkId,
        payload: { userId: clerkId, by: await idOf(ownerEmail) },
      }),
    );
  });

  test('is for owners only, and PATCH does not set another user’s password', async () => {
    const clerkId = await idOf(await t.addStaff(['clerk']));
    const manager = await t.tokenFor(['manager']);
    const owner = await t.tokenFor(['owner']);

    const byManager = await t.call('POST', `/api/v1/staff/users/${clerkId}/password-reset`, {
      token: manager,
      json: { newPassword: 'set by the manager' },
    });
    expect(byManager.status).toBe(403);

    const patch = await t.call('PATCH', `/api/v1/staff/users/${clerkId}`, { token: owner, json: { password: 'set by a plain patch' } });
    expect(patch.status).toBe(422);
    const problem = await problemOf(patch);
    expect(problem.code).toBe('STAFF.USE_PASSWORD_RESET');
    expect(problem.errors?.[0]).toMatchObject({ field: 'password', in: 'body' });

    const weak = await t.call('POST', `/api/v1/staff/users/${clerkId}/password-reset`, { token: owner, json: { newPassword: 'short' } });
    expect(weak.status).toBe(422);
    expect((await problemOf(weak)).errors?.[0]).toMatchObject({ field: 'newPassword', code: 'STAFF.PASSWORD_WEAK' });
    expect((await t.uow.repositories.outbox.pending(100)).map((record) => record.event.type)).not.toContain('staff.password_reset');
  });
});

test('the current and new passwords of a change never reach the log', async () => {
  await t.close();
  const lines: string[] = [];
  t = await startTestApp({
    logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } },
    extraRoutes: (app) =>
      app.post('/echo', async (request) => {
        // A careless handler logging everything it got.
        request.log.info({ body: request.body }, 'echo');
        return { ok: true };
      }),
  });
  const { accessToken } = await t.login(await t.addStaff(['clerk']));
  const change = { currentPassword: PASSWORD, newPassword: 'my own new password' };
  await t.call('POST', '/echo', { json: change });
  expect((await t.call('POST', '/api/v1/auth/password', { token: accessToken, json: change })).status).toBe(200);
  expect(lines.some((line) => line.includes('"msg":"echo"'))).toBe(true);
  for (const line of lines) {
    expect(line).not.toContain(PASSWORD);
    expect(line).not.toContain('my own new password');
  }
});
