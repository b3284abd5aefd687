import type { PasswordHasher } from '@mostrador/core';

const PREFIX = 'test-only-fake';

const encode = (text: string): string => btoa(String.fromCharCode(...new TextEncoder().encode(text)));
const decode = (base64: string): string | null => {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(base64), (char) => char.charCodeAt(0)));
  } catch {
    return null;
  }
};

/**
 * TEST ONLY — NOT A PASSWORD HASH. Encodes the password reversibly (base64) next to a salt so
 * two hashes of one password differ, like a real salted hash. Fast, for tests; never bind it in
 * an app. Format: `test-only-fake$<salt>$<base64(password)>`.
 */
export class FakePasswordHasher implements PasswordHasher {
  private salts = 0;
  /** Every verify call, in order: lets tests check that unknown users still cost a verification. */
  readonly verifications: { readonly hash: string; readonly matched: boolean }[] = [];

  async hash(password: string): Promise<string> {
    this.salts += 1;
    return `${PREFIX}$${this.salts.toString(36)}$${encode(password)}`;
  }

  async verify(password: string, hash: string): Promise<boolean> {
    const [prefix, salt, encoded] = hash.split('$');
    const matched = prefix === PREFIX && salt !== undefined && encoded !== undefined && decode(encoded) === password;
    this.verifications.push({ hash, matched });
    return matched;
  }
}
