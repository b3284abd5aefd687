import { z } from 'zod';
import { HttpProblem } from '../problems/problem.js';
import type { ApiRoutes } from '../routing/api-routes.js';
import type { RouteDeps } from './route-deps.js';

const Status = z.object({ status: z.string() });

/** A JWK Set (RFC 7517) of public signing keys: what a verifier needs, never a private member. */
const JwkSet = z.object({
  keys: z.array(
    z
      .looseObject({
        kty: z.string(),
        kid: z.string(),
        alg: z.string().optional(),
        use: z.literal('sig').optional(),
        d: z.never().optional().describe('Never present: private key material is not published'),
      })
      .describe('A public JWK; its other members (`crv`, `x`, `y`, `n`, `e`) depend on `kty`'),
  ),
});

export function healthRoutes(routes: ApiRoutes, { readiness, tokens }: RouteDeps): void {
  routes.add({
    method: 'GET',
    url: '/healthz',
    access: 'public',
    summary: 'The process is up',
    tags: ['health'],
    responses: { 200: { description: 'Alive', schema: Status } },
    usesServices: false,
    handler: async () => ({ status: 'ok' }),
  });

  routes.add({
    method: 'GET',
    url: '/readyz',
    access: 'public',
    summary: 'The database answers: send traffic here',
    tags: ['health'],
    responses: { 200: { description: 'Ready', schema: Status }, 503: { description: 'Not ready (problem)' } },
    handler: async ({ request }) => {
      const ready = await readiness().catch((error: unknown) => {
        request.log.warn({ err: error }, 'readiness probe failed');
        return false;
      });
      if (!ready) throw new HttpProblem(503, 'SERVICE.NOT_READY', 'a dependency (the database) does not answer');
      return { status: 'ready' };
    },
  });

  routes.add({
    method: 'GET',
    url: '/.well-known/jwks.json',
    access: 'public',
    summary: 'Public keys that verify access tokens (JWK Set)',
    tags: ['auth'],
    responses: { 200: { description: 'JWK Set', schema: JwkSet, contentType: 'application/jwk-set+json' } },
    handler: async ({ reply }) =>
      reply
        .header('cache-control', 'public, max-age=300')
        .type('application/jwk-set+json')
        .send(JSON.stringify(await tokens.jwks())),
  });
}
