import { describe, expect, it } from 'vitest';
import { alignmentDistance, allowedEdits, corrections } from '../src/search/typos.js';

describe('typo correction', () => {
  it('measures optimal string alignment: a swap of neighbours is one edit', () => {
    expect(alignmentDistance('bufanda', 'bufanda', 2)).toBe(0);
    expect(alignmentDistance('bfuanda', 'bufanda', 2)).toBe(1);
    expect(alignmentDistance('taldro', 'taladro', 2)).toBe(1);
    expect(alignmentDistance('remra', 'remera', 2)).toBe(1);
    expect(alignmentDistance('zapatiya', 'zapatilla', 2)).toBe(2);
    expect(alignmentDistance('mesa', 'mecha', 2)).toBe(2);
    expect(alignmentDistance('abc', 'xyzabc', 2)).toBe(3);
  });

  it('tolerates no edit up to 3 letters, one up to 5, two from 6', () => {
    expect([3, 4, 5, 6, 12].map(allowedEdits)).toEqual([0, 1, 1, 2, 2]);
  });

  it('keeps candidates within the tolerance, comparing singular forms, closest first', () => {
    expect(corrections('taldros', ['taladro', 'tala', 'taladros', 'martillo'])).toEqual([
      { word: 'taladro', edits: 1 },
      { word: 'taladros', edits: 1 },
    ]);
    expect(corrections('msea', ['mesa', 'masa', 'mesas'])).toEqual([
      { word: 'mesa', edits: 1 },
      { word: 'mesas', edits: 1 },
    ]);
    expect(corrections('sol', ['sal', 'sol'])).toEqual([]);
  });
});
