import { base64url, createRemoteJWKSet, decodeProtectedHeader, exportJWK, generateKeyPair, type JWK, jwtVerify, SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { AUDIENCE, ISSUER, PASSWORD, problemOf, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

describe('login', () => {
  beforeEach(async () => {
    t = await startTestApp();
  });

  test('right credentials give a bearer access token that opens /me, and a refresh token', async () => {
    const email = await t.addStaff(['manager'], 'ana@shop.test');
    const response = await t.call('POST', '/api/v1/auth/login', { json: { email: 'ANA@shop.test ', password: PASSWORD } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { accessToken: string; refreshToken: string; expiresIn: number; tokenType: string };
    expect(body.tokenType).toBe('Bearer');
    expect(body.expiresIn).toBe(900);
    expect(body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(decodeProtectedHeader(body.accessToken)).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt' });

    const me = await t.call('GET', '/api/v1/auth/me', { token: body.accessToken });
    expect(me.status).toBe(200);
    const user = (await me.json()) as Record<string, unknown>;
    expect(user).toMatchObject({ email, roles: ['manager'], active: true, chatLinked: false });
    expect(user).not.toHaveProperty('passwordHash');
  });

  test('a wrong password and an unknown email get the same 401 problem', async () => {
    const email = await t.addStaff(['clerk']);
    const wrong = await t.call('POST', '/api/v1/auth/login', { json: { email, password: 'not the password' } });
    const unknown = await t.call('POST', '/api/v1/auth/login', { json: { email: 'nobody@shop.test', password: 'not the password' } });
    for (const response of [wrong, unknown]) expect(response.status).toBe(401);
    const [a, b] = [await problemOf(wrong), await problemOf(unknown)];
    expect(a.code).toBe('AUTH.INVALID_CREDENTIALS');
    expect({ ...a, requestId: '' }).toEqual({ ...b, requestId: '' });
  });

  test('an inactive account cannot sign in, with the same answer as a wrong password', async () => {
    const email = await t.addStaff(['clerk']);
    const [user] = (await t.useCases.staff.listUsers({ kind: 'system' })).filter((u) => u.email === email);
    await t.useCases.staff.updateUser({ kind: 'system' }, user!.id, { active: false });
    const response = await t.call('POST', '/api/v1/auth/login', { json: { email, password: PASSWORD } });
    expect(response.status).toBe(401);
    expect((await problemOf(response)).code).toBe('AUTH.INVALID_CREDENTIALS');
  });

  test('five failures lock the account for 15 minutes with Retry-After, even for the right password', async () => {
    const email = await t.addStaff(['clerk']);
    for (let i = 0; i < 5; i += 1) {
      expect((await t.call('POST', '/api/v1/auth/login', { json: { email, password: `guess ${i}` } })).status).toBe(401);
    }
    const locked = await t.call('POST', '/api/v1/auth/login', { json: { email, password: PASSWORD } });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('900');
    expect((await problemOf(locked)).code).toBe('AUTH.RATE_LIMITED');

    t.clock.advance({ minutes: 10 });
    const stillLocked = await t.call('POST', '/api/v1/auth/login', { json: { email, password: PASSWORD } });
    expect(stillLocked.status).toBe(429);
    expect(stillLocked.headers.get('retry-after')).toBe('300');

    t.clock.advance({ minutes: 5 });
    expect((await t.call('POST', '/api/v1/auth/login', { json: { email, password: PASSWORD } })).status).toBe(200);
  });

  test('a successful login forgives earlier failures of the account', async () => {
    const email = await t.addStaff(['clerk']);
    for (let i = 0; i < 4; i += 1) await t.call('POST', '/api/v1/auth/login', { json: { email, password: `guess ${i}` } });
    await t.login(email);
    for (let i = 0; i < 4; i += 1) {
      expect((await t.call('POST', '/api/v1/auth/login', { json: { email, password: `again ${i}` } })).status).toBe(401);
    }
    expect((await t.call('POST', '/api/v1/auth/login', { json: { email, password: PASSWORD } })).status).toBe(200);
  });

  test('twenty failures from one address block it for every account', async () => {
    const email = await t.addStaff(['clerk']);
    for (let i = 0; i < 20; i += 1) {
      // Spread over accounts so no single account reaches its own limit.
      expect(
        (await t.call('POST', '/api/v1/auth/login', { json: { email: `someone${i % 5}-${i}@shop.test`, password: 'guess' } })).status,
      ).toBe(401);
    }
    const blocked = await t.call('POST', '/api/v1/auth/login', { json: { email, password: PASSWORD } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('refresh tokens', () => {
  beforeEach(async () => {
    t = await startTestApp();
  });

  test('a refresh rotates: new tokens, and the new access token works', async () => {
    const first = await t.login(await t.addStaff(['viewer']));
    const response = await t.call('POST', '/api/v1/auth/refresh', { json: { refreshToken: first.refreshToken } });
    expect(response.status).toBe(200);
    const second = (await response.json()) as { accessToken: string; refreshToken: string };
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect((await t.call('GET', '/api/v1/auth/me', { token: second.accessToken })).status).toBe(200);
  });

  test('only the hash of a refresh token is stored', async () => {
    const { refreshToken } = await t.login(await t.addStaff(['viewer']));
    const { createHash } = await import('node:crypto');
    const record = await t.uow.repositories.refreshTokens.getByHash(createHash('sha256').update(refreshToken).digest('hex'));
    expect(record).not.toBeNull();
    expect(JSON.stringify(record)).not.toContain(refreshToken);
  });

  test('re-using a spent refresh token revokes the whole family: the newer token stops working too', async () => {
    const first = await t.login(await t.addStaff(['viewer']));
    const rotated = (await (await t.call('POST', '/api/v1/auth/refresh', { json: { refreshToken: first.refreshToken } })).json()) as {
      refreshToken: string;
    };

    const replay = await t.call('POST', '/api/v1/auth/refresh', { json: { refreshToken: first.refreshToken } });
    expect(replay.status).toBe(401);
    expect((await problemOf(replay)).code).toBe('AUTH.REFRESH_REUSED');

    const newer = await t.call('POST', '/api/v1/auth/refresh', { json: { refreshToken: rotated.refreshToken } });
    expect(newer.status).toBe(401);
    expect((await problemOf(newer)).code).toBe('AUTH.REFRESH_REVOKED');
  });

  test('another login of the same user is a separate family and survives the revocation', async () => {
    const email = await t.addStaff(['viewer']);
    const laptop = await t.login(email);
    const phone = await t.login(email);
    await t.call('POST', '/api/v1/auth/refresh', { json: { refreshToken: laptop.refreshToken } });
    await t.call('POST', '/api/v1/auth/refresh', { json: { refreshToken: laptop.refreshToken } }); // replay: laptop family revoked
    expect((await t.call('POST', '/api/v1/auth/refresh', { json: { refreshToken: phone.refreshToken } })).status).toBe(200);
  });

  test('an unknown refresh token is refused', async () => {
    const response = await t.call('POST', '/api/v1/auth/refresh', { json: { refreshToken: 'made-up' } });
    expect(response.status).toBe(401);
    expect((await problemOf(response)).code).toBe('AUTH.REFRESH_INVALID');
  });

  test('a refresh token expires after 30 days', async () => {
    const { refreshToken } = await t.login(await t.addStaff(['viewer']));
    t.clock.advance({ days: 30, seconds: 1 });
    const response = await t.call('POST', '/api/v1/auth/refresh', { json: { refreshToken } });
    expect(response.status).toBe(401);
    expect((await problemOf(response)).code).toBe('AUTH.REFRESH_EXPIRED');
  });

  test('a refresh picks up role changes', async () => {
    const email = await t.addStaff(['viewer']);
    const { refreshToken } = await t.login(email);
    const [user] = (await t.useCases.staff.listUsers({ kind: 'system' })).filter((u) => u.email === email);
    await t.useCases.staff.updateUser({ kind: 'system' }, user!.id, { roles: ['manager'] });
    const refreshed = (await (await t.call('POST', '/api/v1/auth/refresh', { json: { refreshToken } })).json()) as { accessToken: string };
    expect((await t.tokens.verify(refreshed.accessToken)).roles).toEqual(['manager']);
  });

  test('logout revokes the family: neither the token nor its successor refreshes any more', async () => {
    const first = await t.login(await t.addStaff(['viewer']));
    const rotated = (await (await t.call('POST', '/api/v1/auth/refresh', { json: { refreshToken: first.refreshToken } })).json()) as {
      refreshToken: string;
    };
    const logout = await t.call('POST', '/api/v1/auth/logout', { json: { refreshToken: rotated.refreshToken } });
    expect(logout.status).toBe(204);
    const after = await t.call('POST', '/api/v1/auth/refresh', { json: { refreshToken: rotated.refreshToken } });
    expect(after.status).toBe(401);
    expect((await problemOf(after)).code).toBe('AUTH.REFRESH_REVOKED');
  });

  test('logout with an unknown token still answers 204', async () => {
    expect((await t.call('POST', '/api/v1/auth/logout', { json: { refreshToken: 'never-issued' } })).status).toBe(204);
  });
});

describe('access tokens', () => {
  let signingJwk: JWK;

  beforeEach(async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    signingJwk = await exportJWK(privateKey);
    // A key from configuration that the test holds too, so it can forge otherwise valid tokens.
    t = await startTestApp({}, { signingKeys: [{ privateKey: signingJwk, kid: 'test-key' }] });
  });

  const me = (token: string) => t.call('GET', '/api/v1/auth/me', { token });

  /** A token signed with the configured key, with `claims` overriding the good ones. */
  const forge = async (userId: string, claims: { iss?: string; aud?: string; exp?: number; typ?: string } = {}) => {
    const { importJWK } = await import('jose');
    const now = Math.floor(t.clock.now().getTime() / 1000);
    return new SignJWT({ roles: ['owner'] })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'test-key', typ: claims.typ ?? 'at+jwt' })
      .setSubject(userId)
      .setIssuer(claims.iss ?? ISSUER)
      .setAudience(claims.aud ?? AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(claims.exp ?? now + 60)
      .sign(await importJWK(signingJwk, 'EdDSA'));
  };

  const userId = async (email: string) => (await t.useCases.staff.listUsers({ kind: 'system' })).find((u) => u.email === email)!.id;

  test('a token signed with the configured key and the right claims is accepted (control)', async () => {
    const id = await userId(await t.addStaff(['owner']));
    expect((await me(await forge(id))).status).toBe(200);
  });

  test('no Authorization header: 401 with a Bearer challenge', async () => {
    const response = await t.call('GET', '/api/v1/auth/me');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect((await problemOf(response)).code).toBe('AUTH.UNAUTHENTICATED');
  });

  test('an expired access token is refused with AUTH.TOKEN_EXPIRED', async () => {
    const { accessToken } = await t.login(await t.addStaff(['viewer']));
    expect((await me(accessToken)).status).toBe(200);
    t.clock.advance({ minutes: 15, seconds: 1 });
    const response = await me(accessToken);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect((await problemOf(response)).code).toBe('AUTH.TOKEN_EXPIRED');
  });

  test('a token whose payload was changed (viewer → owner) fails the signature', async () => {
    const { accessToken } = await t.login(await t.addStaff(['viewer']));
    const [header, payload, signature] = accessToken.split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!)));
    const tampered = `${header}.${base64url.encode(JSON.stringify({ ...claims, roles: ['owner'] }))}.${signature}`;
    const response = await t.call('GET', '/api/v1/staff/users', { token: tampered });
    expect(response.status).toBe(401);
    expect((await problemOf(response)).code).toBe('AUTH.TOKEN_INVALID');
  });

  test('an unsigned token (alg: none) is refused', async () => {
    const id = await userId(await t.addStaff(['owner']));
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const encode = (value: object) => base64url.encode(JSON.stringify(value));
    const unsigned = `${encode({ alg: 'none', typ: 'at+jwt', kid: 'test-key' })}.${encode({ sub: id, roles: ['owner'], iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 60 })}.`;
    const response = await me(unsigned);
    expect(response.status).toBe(401);
    expect((await problemOf(response)).code).toBe('AUTH.TOKEN_INVALID');
  });

  test('an HMAC token keyed with the public key (algorithm confusion) is refused', async () => {
    const id = await userId(await t.addStaff(['owner']));
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const secret = new TextEncoder().encode(JSON.stringify({ crv: signingJwk.crv, kty: signingJwk.kty, x: signingJwk.x }));
    const token = await new SignJWT({ roles: ['owner'] })
      .setProtectedHeader({ alg: 'HS256', kid: 'test-key', typ: 'at+jwt' })
      .setSubject(id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(secret);
    expect((await me(token)).status).toBe(401);
  });

  test('a wrong audience, a wrong issuer or another token type is refused', async () => {
    const id = await userId(await t.addStaff(['owner']));
    for (const claims of [{ aud: 'another-api' }, { iss: 'https://evil.test' }, { typ: 'JWT' }]) {
      const response = await me(await forge(id, claims));
      expect(response.status, JSON.stringify(claims)).toBe(401);
      expect((await problemOf(response)).code).toBe('AUTH.TOKEN_INVALID');
    }
  });

  test('the JWKS lists the key, and a client verifies a token with createRemoteJWKSet', async () => {
    const { accessToken } = await t.login(await t.addStaff(['viewer']));
    const response = await t.call('GET', '/.well-known/jwks.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/jwk-set+json');
    const jwks = (await response.json()) as { keys: JWK[] };
    expect(jwks.keys).toEqual([{ kty: 'OKP', crv: 'Ed25519', x: signingJwk.x, kid: 'test-key', alg: 'EdDSA', use: 'sig' }]);
    expect(JSON.stringify(jwks)).not.toContain(signingJwk.d!);

    const remote = createRemoteJWKSet(new URL(`${t.baseUrl}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(accessToken, remote, {
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: t.clock.now(),
    });
    expect(protectedHeader.kid).toBe('test-key');
    expect(payload.roles).toEqual(['viewer']);
  });
});

describe('roles', () => {
  beforeEach(async () => {
    t = await startTestApp();
  });

  const product = { sku: 'MATE-1', name: 'Mate de calabaza', price: { amount: 1_500_000, currency: 'ARS' }, vatRate: 2100, stockOnHand: 4 };

  test('a viewer reads but cannot write: 403 AUTH.FORBIDDEN naming the roles that may', async () => {
    const viewer = await t.tokenFor(['viewer']);
    expect((await t.call('GET', '/api/v1/products', { token: viewer })).status).toBe(200);
    const response = await t.call('POST', '/api/v1/products', { token: viewer, json: product });
    expect(response.status).toBe(403);
    const problem = await problemOf(response);
    expect(problem.code).toBe('AUTH.FORBIDDEN');
    expect(problem.details).toEqual({ required: ['owner', 'manager'] });
    const list = await t.call('GET', '/api/v1/products', { token: viewer });
    expect(await list.json()).toMatchObject({ total: 0 });
  });

  test('the role check comes before body validation: a forbidden caller learns nothing about the schema', async () => {
    const viewer = await t.tokenFor(['viewer']);
    const response = await t.call('POST', '/api/v1/products', { token: viewer, json: { nonsense: true } });
    expect(response.status).toBe(403);
  });

  test('a clerk adjusts stock but cannot create products; only owners manage staff', async () => {
    const manager = await t.tokenFor(['manager']);
    const created = (await (await t.call('POST', '/api/v1/products', { token: manager, json: product })).json()) as { id: string };
    const clerk = await t.tokenFor(['clerk']);
    expect(
      (await t.call('POST', `/api/v1/products/${created.id}/stock-adjustments`, { token: clerk, json: { delta: -1, note: 'broken' } }))
        .status,
    ).toBe(200);
    expect((await t.call('POST', '/api/v1/products', { token: clerk, json: { ...product, sku: 'OTHER' } })).status).toBe(403);
    expect((await t.call('GET', '/api/v1/staff/users', { token: manager })).status).toBe(403);
    expect((await t.call('GET', '/api/v1/staff/users', { token: await t.tokenFor(['owner']) })).status).toBe(200);
  });
});
