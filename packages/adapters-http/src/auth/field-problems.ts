import { DomainError, ValidationError } from '@mostrador/core';
import { HttpProblem } from '../problems/problem.js';

/**
 * Runs `work` and turns a core ValidationError that names a request field (`details.field`) into
 * a 422 problem whose `errors` point at that body field, like the request schema's own errors.
 */
export async function namingBodyField<T>(work: () => Promise<T>, fieldNames: Readonly<Record<string, string>> = {}): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const field = error instanceof DomainError ? error.details.field : undefined;
    if (!(error instanceof ValidationError) || typeof field !== 'string') throw error;
    const named = fieldNames[field] ?? field;
    throw new HttpProblem(422, error.code, error.message, {
      errors: [{ field: named, in: 'body', code: error.code, message: error.message }],
    });
  }
}
