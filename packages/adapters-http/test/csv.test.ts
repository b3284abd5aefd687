import { describe, expect, test } from 'vitest';
import { parseCsv, toCsv } from '../src/csv/csv.js';

const records = (text: string) => {
  const result = parseCsv(text);
  if (!result.ok) throw new Error(result.message);
  return result.records.map((record) => record.fields);
};

describe('RFC 4180 CSV', () => {
  test('plain fields, CRLF or LF line ends, a missing final line end, blank lines skipped', () => {
    expect(records('a,b,c\r\n1,2,3\n\n4,,6')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['4', '', '6'],
    ]);
  });

  test('quoted fields hold commas, doubled quotes and line breaks', () => {
    expect(records('"a,b","say ""hi""","line 1\r\nline 2",""\r\n')).toEqual([['a,b', 'say "hi"', 'line 1\r\nline 2', '']]);
  });

  test('a quoted field right after a comma is still quoted', () => {
    expect(records('x,"y,z"')).toEqual([['x', 'y,z']]);
  });

  test('a UTF-8 BOM from a spreadsheet is skipped; a trailing comma is an empty last field', () => {
    expect(records('\uFEFFsku,name,\nA,Ñandú,')).toEqual([
      ['sku', 'name', ''],
      ['A', 'Ñandú', ''],
    ]);
  });

  test('malformed quoting is an error with its line, never a guess', () => {
    expect(parseCsv('a,b\n"open,2\n3,4')).toMatchObject({ ok: false, line: 2, recordIndex: 1, message: 'a quoted field is not closed' });
    expect(parseCsv('a\n"x"y')).toMatchObject({ ok: false, line: 2, message: 'unexpected text after a closing quote' });
    expect(parseCsv('a\nx"y')).toMatchObject({ ok: false, line: 2, message: expect.stringContaining('must be doubled') });
  });

  test('writing then reading gives back the same fields', () => {
    const rows = [
      ['plain', 'with,comma', 'with "quotes"', 'multi\nline', ' padded ', ''],
      ['ñ', 'é', '$ 1.234,50', '', '"', ','],
    ];
    const text = toCsv(rows);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(records(text)).toEqual(rows);
  });
});
