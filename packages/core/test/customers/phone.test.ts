import { describe, expect, it } from 'vitest';
import { toE164 } from '../../src/index.js';

describe('phones in E.164 for Argentina', () => {
  it.each([
    ['01145556677', '+541145556677'],
    ['011 4555-6677', '+541145556677'],
    ['11 4555 6677', '+541145556677'],
    ['(011) 4555.6677', '+541145556677'],
    ['+54 11 4555-6677', '+541145556677'],
    ['0054 11 4555 6677', '+541145556677'],
    ['011 15 4555-6677', '+5491145556677'],
    ['0351 15 555-6677', '+5493515556677'],
    ['02202 15 45-6677', '+5492202456677'],
    ['+54 9 11 4555-6677', '+5491145556677'],
    ['9 11 4555 6677', '+5491145556677'],
    ['5491145556677', '+5491145556677'],
    ['0351 455-6677', '+543514556677'],
    ['+1 (212) 555-0100', '+12125550100'],
  ])('reads typed %s as %s', (typed, stored) => {
    expect(toE164(typed)).toBe(stored);
  });

  it.each([
    ['55551234', 'no area code'],
    ['15 4555-6677', 'a mobile "15" without its area code'],
    ['011 4555-667', 'a digit short'],
    ['+54 11 4555-66778', 'a digit too many'],
    ['11 4555 6677 int 2', 'words'],
    ['+0 123 4567', 'no country starts with 0'],
    ['', 'nothing'],
  ])('refuses %s (%s)', (typed) => {
    expect(toE164(typed)).toBeNull();
  });

  it('takes a shared contact that is not Argentine as an international number, a typed one not', () => {
    expect(toE164('5491145556677', { origin: 'shared' })).toBe('+5491145556677');
    expect(toE164('447700900123', { origin: 'shared' })).toBe('+447700900123');
    expect(toE164('447700900123', { origin: 'typed' })).toBeNull();
  });

  it('is idempotent: a stored number reads back as itself', () => {
    for (const stored of ['+541145556677', '+5491145556677', '+12125550100']) expect(toE164(stored)).toBe(stored);
  });
});
