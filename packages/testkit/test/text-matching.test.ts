import { describe, expect, it } from 'vitest';
import { wordMatch } from '../src/memory/text-matching.js';

describe('in-memory search word matching', () => {
  it('scores one typo in a short word but not words two edits away', () => {
    expect(wordMatch('yerba', 'yerva')).toBe(0.5);
    // One typo allowed for a 5-letter word: "de" and "acero" are beyond it.
    expect(wordMatch('yerba', 'de')).toBe(0);
    expect(wordMatch('yerba', 'acero')).toBe(0);
  });

  it('scores two typos only for long words', () => {
    expect(wordMatch('taladro', 'taldaro')).toBeGreaterThan(0);
    expect(wordMatch('taladro', 'pala')).toBe(0);
  });
});
