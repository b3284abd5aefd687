import { createHash, randomBytes } from 'node:crypto';
import type { SecretTokens } from '@mostrador/core';

/**
 * Core's `SecretTokens` on node:crypto: 256 random bits as base64url (43 characters), stored as
 * their SHA-256 in hex. A fast unsalted digest is right here, unlike for passwords: the secret is
 * random and long, so there is nothing to guess, and it must be found again by its digest.
 */
export class NodeSecretTokens implements SecretTokens {
  generate(): string {
    return randomBytes(32).toString('base64url');
  }

  async digest(secret: string): Promise<string> {
    return createHash('sha256').update(secret, 'utf8').digest('hex');
  }
}
