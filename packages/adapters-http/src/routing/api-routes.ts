import type { AuthUseCases, TokenIssuer } from '@mostrador/core';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { z } from 'zod';
import { ProblemSchema } from '../problems/problem-schema.js';
import { accessGuard, actorOf, type RouteAccess, type StaffActor } from './access.js';
import { type JsonSchema, jsonSchemaOf, parseRequestParts, responseJsonSchemaOf } from './request-schema.js';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteContext<TBody, TQuery, TParams, TAccess extends RouteAccess> {
  readonly body: TBody;
  readonly query: TQuery;
  readonly params: TParams;
  readonly actor: TAccess extends 'public' ? null : StaffActor;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

/** What a route without a query or body schema accepts: nothing (an empty JSON object at most). */
const NO_QUERY = z.strictObject({});
const NO_BODY = z.strictObject({}).optional();

/**
 * A documented answer. Success (1xx–3xx): the body's zod schema (JSON unless `contentType` says
 * otherwise), a `contentType` alone for files (CSV, images), or neither for no body at all (204,
 * 304). An error status (4xx/5xx) is always a problem document: give only its description.
 */
export type ResponseSpec = { readonly description: string; readonly schema?: z.ZodType; readonly contentType?: string };

/** The statuses the HTTP layer itself decides for a route, from its shape (see `problemStatusesOf`). */
export const PROBLEM_DESCRIPTIONS = {
  400: 'The request does not match what this endpoint accepts (`REQUEST.INVALID`: `errors[]` name each field and where it was) or is malformed',
  401: 'No valid access token, or the account behind it no longer has access (`AUTH.*`); see `WWW-Authenticate`',
  403: 'The role of the account does not allow this (`AUTH.FORBIDDEN`, `details.required` lists the roles that do)',
  404: 'A record this request names does not exist',
  409: 'Conflicts with the current state (a duplicate, a limit reached, an illegal transition)',
  413: 'The body is larger than this endpoint accepts (`REQUEST.TOO_LARGE`)',
  414: 'A path parameter is longer than any id (`REQUEST.URI_TOO_LONG`)',
  415: 'The body’s content type is not accepted here (`REQUEST.UNSUPPORTED_MEDIA_TYPE`)',
  422: 'Well formed but refused: a value storage cannot hold or a business rule (`errors[]` name the fields when known)',
  429: 'Too many attempts (`Retry-After` says when to try again)',
  500: 'An unexpected error (`INTERNAL`); quote the `requestId` when reporting it',
  502: 'A service this request depends on failed',
  503: 'A service this request depends on is unavailable; try again later',
} as const;

export type ProblemStatus = keyof typeof PROBLEM_DESCRIPTIONS;

/** Response headers the problem statuses carry (JSON schemas; @fastify/swagger moves `description` out). */
const PROBLEM_HEADERS: Readonly<Partial<Record<ProblemStatus, Record<string, JsonSchema>>>> = {
  401: { 'WWW-Authenticate': { type: 'string', description: '`Bearer`, with `error="invalid_token"` for a bad or expired token' } },
  429: { 'Retry-After': { type: 'string', pattern: '^[0-9]+$', description: 'Seconds to wait' } },
};

/** What a body read by the handler itself (`consumes`) holds, per media type, for the document. */
const RAW_BODY_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  'multipart/form-data': {
    type: 'object',
    required: ['file'],
    properties: { file: { type: 'string', format: 'binary', contentMediaType: 'application/octet-stream', description: 'The one file' } },
  },
  'text/csv': { type: 'string', contentMediaType: 'text/csv', description: 'UTF-8 CSV (RFC 4180), header row first' },
};

type AnyRouteSpec = RouteSpec<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined, RouteAccess>;

/**
 * Every problem status a route can answer, derived from its shape so that no route lists them:
 * 400 and 500 always (every route refuses unknown query parameters); 401 unless public; 403 for a
 * capability; 404 when it names records (path parameters, or a signed-in caller's body), 414
 * when a path parameter outgrows the router's limit; 413 and
 * 415 when it takes a body (any method but GET); 409 for a signed-in caller's writes; 422 when it
 * takes input or writes; 502 and 503 unless `usesServices: false`. A route's own `responses` add
 * what its shape does not tell (a public route's 401, a 429) or word a status better.
 */
export function problemStatusesOf(
  spec: Pick<AnyRouteSpec, 'method' | 'url' | 'access' | 'body' | 'query' | 'params' | 'consumes' | 'usesServices'>,
): ProblemStatus[] {
  const statuses = new Set<ProblemStatus>([400, 500]);
  const signedIn = spec.access !== 'public';
  const writes = spec.method !== 'GET';
  const pathNamesRecord = spec.url.includes('/:');
  if (signedIn) statuses.add(401);
  if (signedIn && spec.access !== 'authenticated') statuses.add(403);
  if (pathNamesRecord || (signedIn && (spec.body !== undefined || spec.consumes !== undefined))) statuses.add(404);
  if (pathNamesRecord) statuses.add(414);
  if (signedIn && writes) statuses.add(409);
  if (writes) {
    statuses.add(413);
    statuses.add(415);
  }
  if (writes || spec.body !== undefined || spec.query !== undefined || spec.params !== undefined) statuses.add(422);
  if (spec.usesServices !== false) {
    statuses.add(502);
    statuses.add(503);
  }
  return [...statuses].sort((a, b) => a - b);
}

export interface RouteSpec<
  TBody extends z.ZodType | undefined,
  TQuery extends z.ZodType | undefined,
  TParams extends z.ZodType | undefined,
  TAccess extends RouteAccess,
> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly access: TAccess;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly description?: string;
  /** Strict zod schemas; anything not declared is refused with 400 `REQUEST.INVALID`. */
  readonly body?: TBody;
  readonly query?: TQuery;
  readonly params?: TParams;
  /**
   * For bodies read by the handler itself (uploads, CSV), documented but not parsed here: the
   * media types, each with its schema in the document (`multipart/form-data` holds one `file`).
   */
  readonly consumes?: readonly ('multipart/form-data' | 'text/csv')[];
  /** The answers of the route; the problem statuses its shape implies are added (`problemStatusesOf`). */
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /** `false` for a route that reaches no service (database, store), so it cannot answer 502/503. Default true. */
  readonly usesServices?: boolean;
  readonly bodyLimit?: number;
  /**
   * Returns the JSON body (status 200 unless the handler set another on `reply`), `undefined` for
   * 204, or the reply itself after sending something else (a file, CSV).
   */
  readonly handler: (context: RouteContext<Parsed<TBody>, Parsed<TQuery>, Parsed<TParams>, TAccess>) => Promise<unknown>;
}

/**
 * Declares API routes: access, zod schemas, handler. Schemas are parsed here, after the access
 * check, so an unauthenticated caller learns nothing about the body; Fastify only sees their
 * JSON Schema, for the OpenAPI document.
 */
export class ApiRoutes {
  readonly #problem: JsonSchema = responseJsonSchemaOf(ProblemSchema);
  /** `post /api/v1/orders/{id}/cancel`: operations whose JSON body may be left out (the plugin marks every body required). */
  readonly #optionalBodies = new Set<string>();

  constructor(
    private readonly app: FastifyInstance,
    private readonly tokens: TokenIssuer,
    /** Checks the account behind each verified token as it is now (activation, roles). */
    private readonly accounts: Pick<AuthUseCases, 'staffActor'>,
  ) {}

  add<
    TBody extends z.ZodType | undefined = undefined,
    TQuery extends z.ZodType | undefined = undefined,
    TParams extends z.ZodType | undefined = undefined,
    TAccess extends RouteAccess = RouteAccess,
  >(spec: RouteSpec<TBody, TQuery, TParams, TAccess>): void {
    const schema: FastifySchema & Record<string, unknown> = {
      summary: spec.summary,
      tags: spec.tags,
      ...(spec.description ? { description: spec.description } : {}),
      ...(spec.body ? { body: jsonSchemaOf(spec.body) } : {}),
      ...(spec.consumes ? { body: rawBodySchema(spec.consumes) } : {}),
      ...(spec.query ? { querystring: jsonSchemaOf(spec.query) } : {}),
      ...(spec.params ? { params: jsonSchemaOf(spec.params) } : {}),
      ...(spec.access === 'public' ? {} : { security: [{ bearerAuth: [] }] }),
      response: this.#responses(spec),
    };
    if (spec.body?.safeParse(undefined).success) this.#optionalBodies.add(operationKey(spec.method, spec.url));
    const access = spec.access;
    this.app.route({
      method: spec.method,
      url: spec.url,
      schema,
      ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
      ...(access === 'public' ? {} : { preHandler: accessGuard(this.tokens, this.accounts, access as Exclude<RouteAccess, 'public'>) }),
      handler: async (request, reply) => {
        const [params, query, body] = parseRequestParts([
          { location: 'params', schema: spec.params, value: request.params },
          { location: 'query', schema: spec.query ?? NO_QUERY, value: request.query },
          // Routes reading their own body (uploads) declare `consumes`; the others take none unless declared.
          { location: 'body', schema: spec.body ?? (spec.consumes ? undefined : NO_BODY), value: request.body },
        ]);
        const context = {
          body,
          query,
          params,
          actor: access === 'public' ? null : actorOf(request),
          request,
          reply,
        } as RouteContext<Parsed<TBody>, Parsed<TQuery>, Parsed<TParams>, TAccess>;
        const result = await spec.handler(context);
        if (result === reply || reply.sent) return reply;
        if (result === undefined) return reply.code(204).send();
        return reply.type('application/json; charset=utf-8').send(JSON.stringify(result));
      },
    });
  }

  /**
   * The last touches on the document @fastify/swagger generated (its `transformObject`): the
   * problem schema named once as `#/components/schemas/Problem` instead of inlined in every
   * answer, and bodies that may be left out marked so.
   */
  finishDocument<T extends object>(document: T): T {
    const doc = document as T & {
      paths?: Record<string, Record<string, OperationObject>>;
      components?: { schemas?: Record<string, unknown>; headers?: Record<string, unknown> };
    };
    doc.components = {
      ...doc.components,
      schemas: { ...doc.components?.schemas, Problem: this.#problem },
      headers: { ...doc.components?.headers, RequestId: REQUEST_ID_HEADER },
    };
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, operation] of Object.entries(item)) {
        for (const response of Object.values(operation.responses ?? {})) {
          const problem = response.content?.[PROBLEM_MEDIA_TYPE];
          if (problem) problem.schema = { $ref: '#/components/schemas/Problem' };
          // Every answer carries it (an onRequest hook sets it before anything can fail).
          response.headers = { ...response.headers, 'x-request-id': { $ref: '#/components/headers/RequestId' } };
        }
        if (operation.requestBody && this.#optionalBodies.has(`${method} ${path}`)) operation.requestBody.required = false;
      }
    }
    return document;
  }

  #responses(spec: AnyRouteSpec): Record<string, JsonSchema> {
    const responses: Record<string, JsonSchema> = {};
    for (const status of problemStatusesOf(spec)) responses[status] = this.#problemResponse(status, PROBLEM_DESCRIPTIONS[status]);
    for (const [status, response] of Object.entries(spec.responses)) {
      responses[status] = Number(status) >= 400 ? this.#problemResponse(Number(status), response.description) : successResponse(response);
    }
    return responses;
  }

  #problemResponse(status: number, description: string): JsonSchema {
    const headers = PROBLEM_HEADERS[status as ProblemStatus];
    return {
      description,
      ...(headers ? { headers } : {}),
      content: { [PROBLEM_MEDIA_TYPE]: { schema: this.#problem } },
    };
  }
}

const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** The parts of a generated operation `finishDocument` touches. */
interface OperationObject {
  requestBody?: { required?: boolean };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }>; headers?: Record<string, unknown> }>;
}

const REQUEST_ID_HEADER = {
  description: 'The request’s id: the caller’s own `x-request-id` when it is sane, else a new UUID; also in problems and log lines',
  schema: { type: 'string' },
};

/** `post /api/v1/orders/{id}/cancel` for `POST /api/v1/orders/:id/cancel`, as the document keys it. */
const operationKey = (method: string, url: string): string => `${method.toLowerCase()} ${url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;

/**
 * A success answer as @fastify/swagger reads it: `content` spelled out, or `type: 'null'` for
 * none (without it the plugin invents an `application/json` body).
 */
function successResponse(response: ResponseSpec): JsonSchema {
  if (response.schema) {
    return {
      description: response.description,
      content: { [response.contentType ?? 'application/json']: { schema: responseJsonSchemaOf(response.schema) } },
    };
  }
  if (response.contentType) {
    const schema = response.contentType.startsWith('text/')
      ? { type: 'string' }
      : { type: 'string', format: 'binary', contentMediaType: response.contentType };
    return { description: response.description, content: { [response.contentType]: { schema } } };
  }
  return { description: response.description, type: 'null' };
}

/** The request body of a route reading its own body, one schema per accepted media type. */
function rawBodySchema(mediaTypes: readonly string[]): JsonSchema {
  const content: Record<string, { schema: JsonSchema }> = {};
  for (const mediaType of mediaTypes) {
    const schema = RAW_BODY_SCHEMAS[mediaType];
    if (!schema) throw new Error(`no documented schema for a ${mediaType} body`);
    content[mediaType] = { schema };
  }
  return { content };
}
