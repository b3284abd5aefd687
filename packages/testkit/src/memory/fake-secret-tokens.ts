import type { SecretTokens } from '@mostrador/core';

/**
 * TEST ONLY — NOT RANDOM. Core's `SecretTokens` with counted secrets (`test-secret-1`, ...) and a
 * reversible "digest" (`digest:<secret>`), so tests read what was stored. Never bind it in an app.
 */
export class FakeSecretTokens implements SecretTokens {
  private issued = 0;

  generate(): string {
    this.issued += 1;
    return `test-secret-${this.issued}`;
  }

  async digest(secret: string): Promise<string> {
    return `digest:${secret}`;
  }
}
