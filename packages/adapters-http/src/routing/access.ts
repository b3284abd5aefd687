import {
  ACCESS,
  type Actor,
  type AuthUseCases,
  type Capability,
  DomainError,
  ForbiddenError,
  hasRole,
  type TokenIssuer,
} from '@mostrador/core';
import type { FastifyRequest } from 'fastify';

/**
 * Who may call a route: anyone, any signed-in staff user, or the staff roles of one of core's
 * capabilities (`ACCESS` in core: `read`, `catalog`, `stock`, `orderStatus`, `customers`,
 * `reports`, `staff`). The use cases check again; this stops a request before its body is read.
 */
export type RouteAccess = 'public' | 'authenticated' | Capability;

export type StaffActor = Extract<Actor, { kind: 'staff' }>;

const actors = new WeakMap<FastifyRequest, StaffActor>();

/** The staff user behind an authenticated request. */
export function actorOf(request: FastifyRequest): StaffActor {
  const actor = actors.get(request);
  if (!actor) throw new Error('actorOf called on a route without authentication');
  return actor;
}

const BEARER = /^Bearer[ \t]+([A-Za-z0-9\-_.~+/]+=*)[ \t]*$/i;

/**
 * A preHandler that verifies the bearer token, then asks core for the account as it is now (a
 * deactivated account is refused, a demoted one acts with its new roles; the token's own `roles`
 * are not trusted past issue time), and checks `access`. Throws `AUTH.*` (401) or `AUTH.FORBIDDEN` (403).
 */
export const accessGuard =
  (tokens: TokenIssuer, accounts: Pick<AuthUseCases, 'staffActor'>, access: Exclude<RouteAccess, 'public'>) =>
  async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    if (!header) throw new DomainError('AUTH.UNAUTHENTICATED', 'send an access token in the Authorization header (Bearer)');
    const match = BEARER.exec(header);
    if (!match) throw new DomainError('AUTH.TOKEN_INVALID', 'the Authorization header must be "Bearer <token>"');
    const claims = await tokens.verify(match[1]!);
    const actor: StaffActor = await accounts.staffActor(claims.sub);
    if (access !== 'authenticated' && !hasRole(actor, ACCESS[access])) {
      throw new ForbiddenError('AUTH.FORBIDDEN', 'your role does not allow this', {
        required: ['owner', ...ACCESS[access]].filter((r, i, all) => all.indexOf(r) === i),
      });
    }
    actors.set(request, actor);
  };
