import { z } from 'zod';

/** The problem document every error response carries (RFC 9457 plus `code` and `requestId`). */
export const ProblemSchema = z.object({
  type: z.string().describe('URI naming the problem kind, derived from `code`'),
  title: z.string().describe('Short, localized (Accept-Language: es or en) summary of the status'),
  status: z.number().int().min(400).max(599).describe('The HTTP status, repeated'),
  detail: z.string().describe('What went wrong with this request'),
  code: z.string().describe('Stable machine-readable code, e.g. `AUTH.TOKEN_EXPIRED`, `ORDER.ILLEGAL_TRANSITION`'),
  instance: z.string().describe('The request path'),
  requestId: z.string().describe('Also in the `x-request-id` response header and every log line'),
  errors: z
    .array(
      z.object({
        field: z.string().nullable(),
        code: z.string(),
        message: z.string(),
        in: z.string().optional().describe('body, query or params'),
        row: z.number().int().optional().describe('1-based data row of a CSV import'),
      }),
    )
    .optional(),
  details: z.record(z.string(), z.unknown()).optional().describe('Facts from the domain error, e.g. the legal transition'),
});
