import { describe, expect, test } from 'vitest';
import { ScryptPasswordHasher } from '../src/auth/scrypt-password-hasher.js';

describe('ScryptPasswordHasher', () => {
  const hasher = new ScryptPasswordHasher({ logN: 12 });

  test('a hash verifies its password and no other', async () => {
    const hash = await hasher.hash('contraseña segura 123');
    expect(await hasher.verify('contraseña segura 123', hash)).toBe(true);
    expect(await hasher.verify('contraseña segura 124', hash)).toBe(false);
    expect(await hasher.verify('', hash)).toBe(false);
  });

  test('hashes are PHC strings with their parameters and a random salt', async () => {
    const [a, b] = [await hasher.hash('same password'), await hasher.hash('same password')];
    expect(a).toMatch(/^\$scrypt\$ln=12,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('same password');
  });

  test('a hash made with other parameters still verifies (the cost can be raised later)', async () => {
    const old = await new ScryptPasswordHasher({ logN: 10, r: 4 }).hash('legacy password');
    expect(await hasher.verify('legacy password', old)).toBe(true);
    expect(hasher.needsRehash(old)).toBe(true);
    expect(hasher.needsRehash(await hasher.hash('x'))).toBe(false);
  });

  test('unicode is normalized: the same text typed differently matches', async () => {
    const hash = await hasher.hash('ñandú'.normalize('NFC'));
    expect(await hasher.verify('ñandú'.normalize('NFD'), hash)).toBe(true);
  });

  test('anything that is not one of our hashes is a plain "no", never an exception', async () => {
    for (const hash of [
      '',
      'not-a-real-hash',
      '$scrypt$ln=99,r=8,p=1$AAAA$BBBB',
      '$scrypt$ln=12,r=8,p=1$c2FsdA$c2hvcnQ',
      '$2b$10$abcdefghijklmnopqrstuu',
    ]) {
      expect(await hasher.verify('anything', hash)).toBe(false);
    }
  });
});
