import type { IdGenerator } from '@mostrador/core';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * Predictable ids for tests: UUID-shaped (version 7, so they also fit uuid columns) and
 * increasing — `00000000-0000-7000-8000-000000000001`, `...002`, ... Codes count up too.
 */
export class SequentialIdGenerator implements IdGenerator {
  private ids = 0;
  private codes = 0;

  next(): string {
    this.ids += 1;
    return `00000000-0000-7000-8000-${this.ids.toString(16).padStart(12, '0')}`;
  }

  code(length: number): string {
    this.codes += 1;
    let value = this.codes;
    let code = '';
    for (let i = 0; i < length; i += 1) {
      code = CODE_ALPHABET[value % CODE_ALPHABET.length] + code;
      value = Math.floor(value / CODE_ALPHABET.length);
    }
    return code;
  }
}
