import type { IncomingMessage } from 'node:http';
import { BotApiError, badRequest, entityTooLarge } from './api-error.js';
import { MultipartError, multipartBoundary, parseMultipart } from './multipart.js';

/** A file part of a multipart request. */
export interface UploadedFile {
  field: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export type RequestTransport = 'json' | 'form' | 'query' | 'multipart' | 'webhook-reply';

export interface ParsedRequest {
  /** Scalar fields as sent: JSON values for JSON bodies, strings otherwise. */
  params: Record<string, unknown>;
  /** Multipart file parts by part name (the targets of `attach://<name>`). */
  files: Map<string, UploadedFile>;
  transport: RequestTransport;
}

/** The Bot API server accepts uploads of up to 50 MB; leave room for multipart overhead. */
export const MAX_BODY_BYTES = 52 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw entityTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Merges query-string parameters with the body, like the real server does for
 * every method: body fields win over query fields of the same name.
 */
export function parseRequest(contentType: string | undefined, query: URLSearchParams, body: Buffer): ParsedRequest {
  const params: Record<string, unknown> = {};
  const files = new Map<string, UploadedFile>();
  for (const [key, value] of query) params[key] = value;
  let transport: RequestTransport = 'query';
  const type = (contentType ?? '').toLowerCase();

  if (body.length > 0 && type.startsWith('application/json')) {
    transport = 'json';
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest("can't parse JSON object");
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw badRequest('JSON object expected as request body');
    }
    Object.assign(params, parsed);
  } else if (type.startsWith('multipart/form-data')) {
    transport = 'multipart';
    const boundary = multipartBoundary(contentType);
    if (!boundary) throw badRequest('multipart boundary is missing');
    let parts: ReturnType<typeof parseMultipart>;
    try {
      parts = parseMultipart(body, boundary);
    } catch (error) {
      if (error instanceof MultipartError) throw badRequest(`can't parse multipart/form-data: ${error.message}`);
      throw error;
    }
    for (const part of parts) {
      if (part.filename !== undefined) {
        const file: UploadedFile = { field: part.name, data: part.data };
        if (part.filename) file.filename = part.filename;
        if (part.contentType) file.contentType = part.contentType;
        files.set(part.name, file);
      } else {
        params[part.name] = part.data.toString('utf8');
      }
    }
  } else if (body.length > 0 && (type.startsWith('application/x-www-form-urlencoded') || type === '')) {
    transport = 'form';
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params[key] = value;
  } else if (body.length > 0) {
    throw new BotApiError(400, `Bad Request: unsupported Content-Type ${contentType ?? ''}`.trim());
  }
  return { params, files, transport };
}
