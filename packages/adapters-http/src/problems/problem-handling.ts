import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { preferredLocale } from './locale.js';
import {
  HttpProblem,
  outlineProblem,
  PROBLEM_CONTENT_TYPE,
  type ProblemDocument,
  type ProblemOutline,
  problemTitle,
  problemType,
} from './problem.js';

export const DEFAULT_PROBLEM_TYPE_BASE = 'urn:mostrador:problem:';

/** Sends `outline` as `application/problem+json` for `request`. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, outline: ProblemOutline, typeBase: string): FastifyReply {
  const locale = preferredLocale(request.headers['accept-language']);
  const document: ProblemDocument = {
    type: problemType(typeBase, outline.code),
    title: problemTitle(outline.status, locale),
    status: outline.status,
    detail: outline.detail,
    code: outline.code,
    instance: request.url.split('?')[0] ?? request.url,
    requestId: request.id,
    ...(outline.errors ? { errors: outline.errors } : {}),
    ...(outline.details ? { details: outline.details } : {}),
  };
  for (const [name, value] of Object.entries(outline.headers ?? {})) reply.header(name, value);
  return reply.code(outline.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(document));
}

/** Path parameters longer than this are refused by the router itself (414), before any route runs; ids are at most 128 characters. */
export const MAX_PATH_PARAM_LENGTH = 128;

/**
 * Fastify's `frameworkErrors`: what the router refuses before a route is found (a path parameter
 * over MAX_PATH_PARAM_LENGTH, a malformed percent-encoding) becomes a problem like every other
 * error, instead of Fastify's own JSON body. No hook ran, so the headers they set are set here.
 */
export const frameworkErrorProblem =
  (typeBase: string) =>
  (error: Error, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    const outline = outlineProblem(error);
    request.log.info({ code: outline.code, status: outline.status }, 'request refused');
    return sendProblem(request, reply, outline, typeBase);
  };

/**
 * Every error and unknown route becomes an RFC 9457 problem. Client errors are logged at info,
 * unexpected ones at error with their stack; their message never reaches the client.
 */
export function installProblemHandling(app: FastifyInstance, typeBase: string): void {
  app.setErrorHandler((error, request, reply) => {
    const outline = outlineProblem(error);
    if (outline.unexpected) request.log.error({ err: error }, 'request failed unexpectedly');
    else request.log.info({ code: outline.code, status: outline.status }, 'request refused');
    return sendProblem(request, reply, outline, typeBase);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      request,
      reply,
      outlineProblem(new HttpProblem(404, 'ROUTE.NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`)),
      typeBase,
    ),
  );
}
