import { badRequest } from './api-error.js';

/**
 * Typed access to request parameters. Values arrive as JSON values (JSON
 * bodies) or as strings (query, urlencoded and multipart), so every reader
 * accepts both, as the real Bot API does.
 */
export type Params = Record<string, unknown>;

export function optString(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw badRequest(`field "${name}" must be of type String`);
}

export function optInt(params: Params, name: string): number | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(number)) throw badRequest(`field "${name}" must be of type Integer`);
  return number;
}

export function optNumber(params: Params, name: string): number | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  if (!Number.isFinite(number)) throw badRequest(`field "${name}" must be a Number`);
  return number;
}

export function optBool(params: Params, name: string): boolean | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1' || value === 1) return true;
  if (value === 'false' || value === '0' || value === 0) return false;
  throw badRequest(`field "${name}" must be of type Boolean`);
}

/** Objects and arrays: taken as they are from JSON bodies, parsed from strings otherwise. */
export function optJson(params: Params, name: string): unknown {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw badRequest(`can't parse ${name} JSON object`);
  }
}

export function optStringArray(params: Params, name: string): string[] | undefined {
  const value = optJson(params, name);
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw badRequest(`can't parse ${name} JSON array`);
  }
  return value;
}

export function requireInt(params: Params, name: string, missing: string): number {
  const value = optInt(params, name);
  if (value === undefined) throw badRequest(missing);
  return value;
}
