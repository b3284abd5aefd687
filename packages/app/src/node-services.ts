import { randomBytes, randomInt } from 'node:crypto';
import type { Clock, IdGenerator } from '@mostrador/core';

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/** RFC 9562 UUID version 7: time-ordered, so ids sort by creation and index well. */
export class UuidV7Generator implements IdGenerator {
  next(): string {
    const bytes = randomBytes(16);
    const millis = BigInt(Date.now());
    for (let i = 0; i < 6; i++) bytes[i] = Number((millis >> BigInt(8 * (5 - i))) & 0xffn);
    bytes[6] = (bytes[6]! & 0x0f) | 0x70;
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** Unambiguous alphabet (no 0/O, 1/I/L) for codes people type. */
  code(length: number): string {
    const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
    let code = '';
    for (let i = 0; i < length; i++) code += alphabet[randomInt(alphabet.length)];
    return code;
  }
}
