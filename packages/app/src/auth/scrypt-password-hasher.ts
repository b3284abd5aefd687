import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordHasher } from '@mostrador/core';

export interface ScryptCost {
  /** log2 of the CPU/memory cost N. Default 15 (N = 32768, 32 MiB with r = 8). */
  readonly logN: number;
  readonly r: number;
  readonly p: number;
}

export const DEFAULT_SCRYPT_COST: ScryptCost = { logN: 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Refuse stored parameters that would make one verification eat the machine. */
const MAX_LOG_N = 20;
const PHC_PATTERN = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

const derive = (password: string, salt: Buffer, cost: ScryptCost, length: number): Promise<Buffer> => {
  const N = 2 ** cost.logN;
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r * cost.p };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
};

const b64 = (bytes: Buffer): string => bytes.toString('base64').replace(/=+$/, '');

/**
 * scrypt from node:crypto with a random salt per password. Hashes are PHC strings
 * (`$scrypt$ln=15,r=8,p=1$<salt>$<key>`) so the cost can be raised later without breaking old ones.
 */
export class ScryptPasswordHasher implements PasswordHasher {
  readonly #cost: ScryptCost;

  constructor(cost: Partial<ScryptCost> = {}) {
    this.#cost = { ...DEFAULT_SCRYPT_COST, ...cost };
    if (this.#cost.logN < 10 || this.#cost.logN > MAX_LOG_N) throw new RangeError(`scrypt logN must be between 10 and ${MAX_LOG_N}`);
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await derive(password, salt, this.#cost, KEY_BYTES);
    const { logN, r, p } = this.#cost;
    return `$scrypt$ln=${logN},r=${r},p=${p}$${b64(salt)}$${b64(key)}`;
  }

  /** False for a wrong password and for anything that is not a hash of ours; never throws on bad input. */
  async verify(password: string, hash: string): Promise<boolean> {
    const match = PHC_PATTERN.exec(hash);
    if (!match) return false;
    const [, ln, r, p, saltText, keyText] = match;
    const cost: ScryptCost = { logN: Number(ln), r: Number(r), p: Number(p) };
    if (cost.logN < 1 || cost.logN > MAX_LOG_N || cost.r < 1 || cost.p < 1) return false;
    const expected = Buffer.from(keyText!, 'base64');
    if (expected.length < 16) return false;
    const actual = await derive(password, Buffer.from(saltText!, 'base64'), cost, expected.length);
    return timingSafeEqual(actual, expected);
  }

  /** True when `hash` was made with a lower cost than the current one (rehash on next login). */
  needsRehash(hash: string): boolean {
    const match = PHC_PATTERN.exec(hash);
    if (!match) return true;
    return Number(match[1]) < this.#cost.logN || Number(match[2]) < this.#cost.r || Number(match[3]) < this.#cost.p;
  }
}
