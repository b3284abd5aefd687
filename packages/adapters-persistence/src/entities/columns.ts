import type { EntitySchemaColumnOptions } from 'typeorm';

/*
 * Column shorthands for the EntitySchemas. Rows hold what the drivers return: bigint columns
 * come back as strings from node-postgres (and from PGlite, configured alike), so row types say
 * `string` and the mappers convert to safe integers explicitly.
 */

export const idColumn = (name = 'id'): EntitySchemaColumnOptions => ({ type: 'text', primary: true, name });
export const text = (name: string, nullable = false): EntitySchemaColumnOptions => ({ type: 'text', name, nullable });
export const integer = (name: string, nullable = false): EntitySchemaColumnOptions => ({ type: 'integer', name, nullable });
/** Money in centavos (and other values that may exceed 2^31): int8. */
export const bigint = (name: string, nullable = false): EntitySchemaColumnOptions => ({ type: 'bigint', name, nullable });
export const boolean = (name: string): EntitySchemaColumnOptions => ({ type: 'boolean', name });
export const timestamp = (name: string, nullable = false): EntitySchemaColumnOptions => ({
  type: 'timestamp with time zone',
  name,
  nullable,
});
export const jsonb = (name: string, nullable = false): EntitySchemaColumnOptions => ({ type: 'jsonb', name, nullable });
