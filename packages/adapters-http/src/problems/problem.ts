import { AdapterError, ConflictError, DomainError, ForbiddenError, type Locale, NotFoundError, ValidationError } from '@mostrador/core';

/** One entry of a problem's `errors` list: a request field, or a CSV row and column. */
export interface ProblemFieldError {
  readonly field: string | null;
  readonly code: string;
  readonly message: string;
  /** Where the field was: `body`, `query`, `params`. */
  readonly in?: string;
  /** 1-based data row of an import (the header row is not counted). */
  readonly row?: number;
}

/** RFC 9457 problem details, plus the members this API always adds. */
export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly instance: string;
  readonly requestId: string;
  readonly errors?: readonly ProblemFieldError[];
  readonly details?: Readonly<Record<string, unknown>>;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** A failure decided by the HTTP layer itself (a malformed request, a rate limit, an upload of the wrong kind). */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extras: {
      readonly errors?: readonly ProblemFieldError[];
      readonly details?: Readonly<Record<string, unknown>>;
      readonly headers?: Readonly<Record<string, string>>;
    } = {},
  ) {
    super(message);
  }
}

/** What an error becomes on the wire, before the request-specific members are added. */
export interface ProblemOutline {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors?: readonly ProblemFieldError[];
  readonly details?: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** Unexpected: log it with its stack; never show its message. */
  readonly unexpected?: boolean;
}

const FASTIFY_CODES: Readonly<Record<string, { status: number; code: string; detail: string }>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'REQUEST.MALFORMED_JSON', detail: 'the request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'REQUEST.MALFORMED_JSON', detail: 'the request body is empty but declared as JSON' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'REQUEST.TOO_LARGE', detail: 'the request body is too large' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'REQUEST.TOO_LARGE', detail: 'the uploaded file is too large' },
  FST_FILES_LIMIT: { status: 413, code: 'REQUEST.TOO_LARGE', detail: 'too many files in the upload' },
  FST_PARTS_LIMIT: { status: 413, code: 'REQUEST.TOO_LARGE', detail: 'too many parts in the upload' },
  FST_FIELDS_LIMIT: { status: 413, code: 'REQUEST.TOO_LARGE', detail: 'too many fields in the upload' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', detail: 'this content type is not accepted here' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    status: 415,
    code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
    detail: 'a multipart/form-data body is expected',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'REQUEST.INVALID', detail: 'the body size does not match Content-Length' },
  FST_MP_PREMATURE_CLOSE: { status: 400, code: 'REQUEST.INVALID', detail: 'the upload ended before it was complete' },
  FST_PROTO_VIOLATION: { status: 400, code: 'REQUEST.INVALID', detail: 'a field name is not allowed' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'REQUEST.URI_TOO_LONG', detail: 'a path segment is longer than 128 characters' },
  FST_ERR_BAD_URL: { status: 400, code: 'REQUEST.INVALID', detail: 'the path is not a valid URL component' },
};

const statusOfDomainError = (error: DomainError): number => {
  // Core raises wrong credentials as a ForbiddenError; on the wire every AUTH.* but AUTH.FORBIDDEN is "who are you?" (401).
  if (error.code === 'AUTH.FORBIDDEN') return 403;
  if (error.code.startsWith('AUTH.')) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError || error.code.endsWith('.NOT_FOUND')) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof AdapterError) return error.retryable ? 503 : 502;
  if (error instanceof ValidationError) return 422;
  // A broken business promise on a well-formed request.
  return 422;
};

const hasFastifyCode = (error: unknown): error is Error & { code: string; statusCode?: number } => {
  const code: unknown = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('FST_');
};

/** Classifies any thrown value. Only known, client-caused errors keep their message. */
export function outlineProblem(error: unknown): ProblemOutline {
  if (error instanceof HttpProblem) {
    return { status: error.status, code: error.code, detail: error.message, ...error.extras };
  }
  if (error instanceof DomainError) {
    const status = statusOfDomainError(error);
    if (status >= 500)
      return { status, code: error.code, detail: 'a service this request depends on failed; try again later', unexpected: true };
    const headers = status === 401 ? { 'www-authenticate': wwwAuthenticate(error.code) } : undefined;
    const details = Object.keys(error.details).length > 0 ? error.details : undefined;
    // A ValidationError that names its field (`details.field`) points at it like a schema error does.
    const field = error instanceof ValidationError ? error.details.field : undefined;
    const errors = typeof field === 'string' ? [{ field, code: error.code, message: error.message }] : undefined;
    return {
      status,
      code: error.code,
      detail: error.message,
      ...(errors ? { errors } : {}),
      ...(details ? { details } : {}),
      ...(headers ? { headers } : {}),
    };
  }
  if (hasFastifyCode(error)) {
    const known = FASTIFY_CODES[error.code];
    if (known) return known;
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return { status: error.statusCode, code: 'REQUEST.INVALID', detail: error.message };
    }
  }
  return { status: 500, code: 'INTERNAL', detail: 'an unexpected error occurred; quote the requestId when reporting it', unexpected: true };
}

const wwwAuthenticate = (code: string): string =>
  code === 'AUTH.TOKEN_INVALID' || code === 'AUTH.TOKEN_EXPIRED' ? 'Bearer error="invalid_token"' : 'Bearer';

const TITLES: Readonly<Record<number, Readonly<Record<Locale, string>>>> = {
  400: { es: 'Solicitud inválida', en: 'Bad request' },
  401: { es: 'No autenticado', en: 'Unauthorized' },
  403: { es: 'Sin permiso', en: 'Forbidden' },
  404: { es: 'No encontrado', en: 'Not found' },
  409: { es: 'Conflicto', en: 'Conflict' },
  413: { es: 'Contenido demasiado grande', en: 'Content too large' },
  414: { es: 'URI demasiado larga', en: 'URI too long' },
  415: { es: 'Tipo de contenido no admitido', en: 'Unsupported media type' },
  422: { es: 'No se pudo procesar', en: 'Unprocessable content' },
  429: { es: 'Demasiados intentos', en: 'Too many requests' },
  500: { es: 'Error interno', en: 'Internal server error' },
  502: { es: 'Falló un servicio externo', en: 'Bad gateway' },
  503: { es: 'Servicio no disponible', en: 'Service unavailable' },
};

export const problemTitle = (status: number, locale: Locale): string =>
  TITLES[status]?.[locale] ?? (status >= 500 ? TITLES[500]![locale] : TITLES[400]![locale]);

/** `AUTH.TOKEN_EXPIRED` → `urn:mostrador:problem:auth.token-expired` (with the default base). */
export const problemType = (base: string, code: string): string => `${base}${code.toLowerCase().replace(/_/g, '-')}`;
