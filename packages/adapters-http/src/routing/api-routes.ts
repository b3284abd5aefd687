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

/** A documented response: a schema of the JSON body, or only a description (204, files). */
export type ResponseSpec = { readonly description: string; readonly schema?: z.ZodType; readonly contentType?: string };

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
  /** For bodies read by the handler itself (uploads, CSV), documented but not parsed here. */
  readonly consumes?: readonly string[];
  readonly responses: Readonly<Record<number, ResponseSpec>>;
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
      ...(spec.query ? { querystring: jsonSchemaOf(spec.query) } : {}),
      ...(spec.params ? { params: jsonSchemaOf(spec.params) } : {}),
      ...(spec.consumes ? { consumes: spec.consumes } : {}),
      ...(spec.access === 'public' ? {} : { security: [{ bearerAuth: [] }] }),
      response: this.#responses(spec),
    };
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

  #responses(
    spec: RouteSpec<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined, RouteAccess>,
  ): Record<string, JsonSchema> {
    const responses: Record<string, JsonSchema> = {};
    for (const [status, response] of Object.entries(spec.responses)) {
      responses[status] = response.schema
        ? {
            description: response.description,
            content: { [response.contentType ?? 'application/json']: { schema: responseJsonSchemaOf(response.schema) } },
          }
        : {
            description: response.description,
            ...(response.contentType ? { content: { [response.contentType]: { schema: { type: 'string', format: 'binary' } } } } : {}),
          };
    }
    if (spec.access !== 'public') responses['401'] = this.#problemResponse('No valid access token');
    if (spec.access !== 'public' && spec.access !== 'authenticated')
      responses['403'] = this.#problemResponse('The role does not allow this');
    if (spec.body || spec.query || spec.params) responses['400'] = this.#problemResponse('Malformed or invalid request');
    responses.default = this.#problemResponse('Any other problem (RFC 9457)');
    return responses;
  }

  #problemResponse(description: string): JsonSchema {
    return { description, content: { 'application/problem+json': { schema: this.#problem } } };
  }
}
