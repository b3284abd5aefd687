import { z } from 'zod';
import { HttpProblem, type ProblemFieldError } from '../problems/problem.js';

export type JsonSchema = Record<string, unknown>;

/** The JSON Schema of what a client sends (`io: 'input'`), for the OpenAPI document. */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema;
  return json;
}

/** Same, for what the API answers (`io: 'output'`). */
export function responseJsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    io: 'output',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema;
  return json;
}

const joinPath = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/**
 * Text a client may send: no C0 control characters but tab, line feed and carriage return. NUL
 * cannot be stored in PostgreSQL text at all, and the others only serve to corrupt logs, CSV and
 * chat messages. Every string of a request schema builds on this (`Text.min(1).max(200)`); the
 * CSV import reuses it for its cells.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this pattern's purpose.
export const TEXT_PATTERN = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f]*$/;
export const Text = z.string().regex(TEXT_PATTERN, { message: 'control characters (other than tab and line breaks) are not allowed' });

/** PostgreSQL `integer` (int4) bounds: stock, positions, quantities. */
export const INT4_MIN = -2_147_483_648;
export const INT4_MAX = 2_147_483_647;
/** An integer an `integer` column can hold. Narrow it further with `.min()`/`.max()` for business limits. */
export const Int4 = z.number().int().min(INT4_MIN).max(INT4_MAX);
/** Query-string form of Int4. */
export const QueryInt4 = z.coerce.number().int().min(INT4_MIN).max(INT4_MAX);

/**
 * Bounds of what storage can hold (int4, and the safe integers that zod's `.int()` and `bigint`
 * money columns share): a value beyond one is well formed but unprocessable (422), while a
 * business limit such as `limit <= 100` stays a schema mismatch (400).
 */
const STORAGE_BOUNDS = new Set<unknown>([INT4_MIN, INT4_MAX, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);
const CONTROL_PATTERN_SOURCE = String(TEXT_PATTERN);

/** Field error codes that make a request unprocessable (422) rather than malformed (400). */
const UNPROCESSABLE_CODES = new Set(['CONTROL_CHARACTER', 'OUT_OF_RANGE']);

const valueCode = (issue: z.core.$ZodIssue): string | null => {
  if (issue.code === 'invalid_format' && issue.format === 'regex' && (issue as { pattern?: string }).pattern === CONTROL_PATTERN_SOURCE) {
    return 'CONTROL_CHARACTER';
  }
  if (issue.code === 'invalid_key' && issue.issues.some((inner) => valueCode(inner) === 'CONTROL_CHARACTER')) return 'CONTROL_CHARACTER';
  if (issue.code === 'too_big' && STORAGE_BOUNDS.has(Number(issue.maximum))) return 'OUT_OF_RANGE';
  if (issue.code === 'too_small' && STORAGE_BOUNDS.has(Number(issue.minimum))) return 'OUT_OF_RANGE';
  return null;
};

const valueMessage = (code: string, issue: z.core.$ZodIssue): string => {
  if (code === 'CONTROL_CHARACTER') return 'control characters (other than tab and line breaks) are not allowed';
  const bound = Number(issue.code === 'too_big' ? issue.maximum : issue.code === 'too_small' ? issue.minimum : 0);
  const int4 = bound === INT4_MAX || bound === INT4_MIN;
  return `out of range: must be between ${int4 ? INT4_MIN : Number.MIN_SAFE_INTEGER} and ${int4 ? INT4_MAX : Number.MAX_SAFE_INTEGER}`;
};

/** zod issues as per-field problem errors: one entry per unknown key, `REQUIRED` for a missing value. */
export function fieldErrors(location: string, error: z.ZodError): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({ in: location, field: joinPath([...issue.path, key]), code: 'UNKNOWN_FIELD', message: `unknown field "${key}"` });
      }
      continue;
    }
    const value = valueCode(issue);
    if (value !== null) {
      errors.push({
        in: location,
        field: issue.path.length > 0 ? joinPath(issue.path) : null,
        code: value,
        message: valueMessage(value, issue),
      });
      continue;
    }
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    errors.push({
      in: location,
      field: issue.path.length > 0 ? joinPath(issue.path) : null,
      code: missing ? 'REQUIRED' : issue.code.toUpperCase(),
      message: missing ? (issue.path.length > 0 ? 'this field is required' : 'a value is required') : issue.message,
    });
  }
  return errors;
}

/**
 * Parses the parts of a request that have schemas, reporting every problem of every part at once:
 * 400 `REQUEST.INVALID` when the request does not match, 422 `REQUEST.UNPROCESSABLE` when it
 * matches but a value cannot be stored (a control character, an integer beyond its column).
 */
export function parseRequestParts(parts: readonly { location: string; schema: z.ZodType | undefined; value: unknown }[]): unknown[] {
  const errors: ProblemFieldError[] = [];
  const values = parts.map(({ location, schema, value }) => {
    if (!schema) return undefined;
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) return result.data;
    errors.push(...fieldErrors(location, result.error));
    return undefined;
  });
  if (errors.length === 0) return values;
  if (errors.every((error) => UNPROCESSABLE_CODES.has(error.code))) {
    throw new HttpProblem(422, 'REQUEST.UNPROCESSABLE', 'a value of the request cannot be accepted', { errors });
  }
  throw new HttpProblem(400, 'REQUEST.INVALID', 'the request does not match what this endpoint accepts', { errors });
}
