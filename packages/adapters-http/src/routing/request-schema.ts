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

/** Parses the parts of a request that have schemas, reporting every problem of every part at once. */
export function parseRequestParts(parts: readonly { location: string; schema: z.ZodType | undefined; value: unknown }[]): unknown[] {
  const errors: ProblemFieldError[] = [];
  const values = parts.map(({ location, schema, value }) => {
    if (!schema) return undefined;
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) return result.data;
    errors.push(...fieldErrors(location, result.error));
    return undefined;
  });
  if (errors.length > 0) throw new HttpProblem(400, 'REQUEST.INVALID', 'the request does not match what this endpoint accepts', { errors });
  return values;
}
