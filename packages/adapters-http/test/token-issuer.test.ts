import { FixedClock, InMemoryUnitOfWork } from '@mostrador/testkit/memory';
import { decodeProtectedHeader, exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { describe, expect, test } from 'vitest';
import { JoseTokenIssuer, SIGNING_KEYS_SETTING } from '../src/index.js';

const options = { issuer: 'https://api.test', audience: 'mostrador-api' };

describe('JoseTokenIssuer', () => {
  test('issues a 15-minute token that verifies to the same claims', async () => {
    const clock = new FixedClock();
    const issuer = new JoseTokenIssuer({ ...options, clock, settings: new InMemoryUnitOfWork().repositories.settings });
    const { token, expiresIn } = await issuer.issue({ sub: 'user-1', roles: ['clerk', 'viewer'] });
    expect(expiresIn).toBe(900);
    expect(await issuer.verify(token)).toEqual({ sub: 'user-1', roles: ['clerk', 'viewer'] });
    clock.advance({ seconds: 899 });
    await expect(issuer.verify(token)).resolves.toBeTruthy();
    clock.advance({ seconds: 1 });
    await expect(issuer.verify(token)).rejects.toMatchObject({ code: 'AUTH.TOKEN_EXPIRED' });
  });

  test('a generated key is stored once and shared by every instance on the same database', async () => {
    const uow = new InMemoryUnitOfWork();
    const clock = new FixedClock();
    const [a, b] = [
      new JoseTokenIssuer({ ...options, clock, settings: uow.repositories.settings }),
      new JoseTokenIssuer({ ...options, clock, settings: uow.repositories.settings }),
    ];
    // Both start at once: one insert wins, the other adopts it.
    await Promise.all([a.init(), b.init()]);
    expect(await a.jwks()).toEqual(await b.jwks());
    const { token } = await a.issue({ sub: 'u', roles: ['owner'] });
    expect(await b.verify(token)).toEqual({ sub: 'u', roles: ['owner'] });
    const stored = await uow.repositories.settings.get<{ keys: { kid: string }[] }>(SIGNING_KEYS_SETTING);
    expect(stored!.keys).toHaveLength(1);
    expect(decodeProtectedHeader(token).kid).toBe(stored!.keys[0]!.kid);
  });

  test('keys from configuration: PEM or JWK; the first signs, all verify (rotation)', async () => {
    const clock = new FixedClock();
    const oldKey = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const newKey = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const before = new JoseTokenIssuer({ ...options, clock, keys: [{ privateKey: await exportPKCS8(oldKey.privateKey) }] });
    const oldToken = (await before.issue({ sub: 'u', roles: ['viewer'] })).token;

    const rotated = new JoseTokenIssuer({
      ...options,
      clock,
      keys: [{ privateKey: await exportJWK(newKey.privateKey), kid: 'k2' }, { privateKey: await exportPKCS8(oldKey.privateKey) }],
    });
    const newToken = (await rotated.issue({ sub: 'u', roles: ['viewer'] })).token;
    expect(decodeProtectedHeader(newToken).kid).toBe('k2');
    expect(await rotated.verify(oldToken)).toEqual({ sub: 'u', roles: ['viewer'] });
    expect((await rotated.jwks()).keys.map((key) => key.kid)).toEqual(['k2', decodeProtectedHeader(oldToken).kid]);
    await expect(before.verify(newToken)).rejects.toMatchObject({ code: 'AUTH.TOKEN_INVALID' });
  });

  test('a configured key that is not a private Ed25519 key fails when loading', async () => {
    const clock = new FixedClock();
    const rsa = await generateKeyPair('RS256', { extractable: true });
    await expect(
      new JoseTokenIssuer({ ...options, clock, keys: [{ privateKey: await exportPKCS8(rsa.privateKey) }] }).init(),
    ).rejects.toThrow();
    const publicOnly = await exportJWK((await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })).publicKey);
    await expect(new JoseTokenIssuer({ ...options, clock, keys: [{ privateKey: publicOnly }] }).init()).rejects.toThrow(/private Ed25519/);
    expect(() => new JoseTokenIssuer({ ...options, clock })).toThrow(/configured keys or a settings repository/);
  });

  test('garbage and roles that do not exist are invalid tokens', async () => {
    const clock = new FixedClock();
    const issuer = new JoseTokenIssuer({ ...options, clock, settings: new InMemoryUnitOfWork().repositories.settings });
    await expect(issuer.verify('not.a.token')).rejects.toMatchObject({ code: 'AUTH.TOKEN_INVALID' });
    const { token } = await issuer.issue({ sub: 'u', roles: ['superuser' as never] });
    await expect(issuer.verify(token)).rejects.toMatchObject({ code: 'AUTH.TOKEN_INVALID' });
  });
});
