/** A record of a CSV text and the physical line it starts on (1-based), for error messages. */
export interface CsvRecord {
  readonly fields: readonly string[];
  readonly line: number;
}

export type CsvParseResult =
  | { readonly ok: true; readonly records: readonly CsvRecord[] }
  /** `recordIndex`: 0-based index of the record that is malformed (0 = the first line). */
  | { readonly ok: false; readonly line: number; readonly recordIndex: number; readonly message: string };

/**
 * RFC 4180: comma-separated fields, CRLF or LF line ends, fields in double quotes may hold commas,
 * line breaks and doubled quotes (`""`). A leading UTF-8 BOM (spreadsheet exports) is skipped;
 * blank lines are ignored. A malformed quote is an error with its line, never a guess.
 */
export function parseCsv(text: string): CsvParseResult {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let atFieldStart = true;
  let line = 1;
  let recordLine = 1;
  let i = 0;

  const endRecord = (): void => {
    fields.push(field);
    const blank = fields.length === 1 && fields[0] === '';
    if (!blank) records.push({ fields, line: recordLine });
    fields = [];
    field = '';
    atFieldStart = true;
  };

  while (i < input.length) {
    const ch = input[i]!;
    if (ch === '"' && atFieldStart) {
      const startLine = line;
      i += 1;
      for (;;) {
        if (i >= input.length) return { ok: false, line: startLine, recordIndex: records.length, message: 'a quoted field is not closed' };
        const c = input[i]!;
        if (c === '"' && input[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (c === '"') {
          i += 1;
          break;
        } else {
          if (c === '\n') line += 1;
          field += c;
          i += 1;
        }
      }
      const next = input[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        return { ok: false, line, recordIndex: records.length, message: 'unexpected text after a closing quote' };
      }
      atFieldStart = false;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      atFieldStart = true;
      i += 1;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line += 1;
      recordLine = line;
    } else if (ch === '"') {
      return {
        ok: false,
        line,
        recordIndex: records.length,
        message: 'a quote inside an unquoted field must be doubled and the field quoted',
      };
    } else {
      field += ch;
      atFieldStart = false;
      i += 1;
    }
  }
  if (!atFieldStart || field !== '' || fields.length > 0) endRecord();
  return { ok: true, records };
}

const needsQuotes = /[",\r\n]/;

/** One RFC 4180 line (CRLF-terminated by `toCsv`). */
export const csvLine = (fields: readonly string[]): string =>
  fields.map((value) => (needsQuotes.test(value) || value.trim() !== value ? `"${value.replace(/"/g, '""')}"` : value)).join(',');

export const toCsv = (rows: readonly (readonly string[])[]): string => rows.map((row) => `${csvLine(row)}\r\n`).join('');
