import { DomainError, type StaffUser } from '@mostrador/core';
import { z } from 'zod';
import { namingBodyField } from '../auth/field-problems.js';
import { limitingPasswordGuesses } from '../auth/password-guesses.js';
import { StaffUserDto, toStaffUserDto } from '../presenters/people.js';
import { HttpProblem } from '../problems/problem.js';
import type { ApiRoutes } from '../routing/api-routes.js';
import { Text } from '../routing/request-schema.js';
import type { RouteDeps } from './route-deps.js';

const LoginBody = z.strictObject({ email: Text.min(1).max(254), password: Text.min(1).max(1024) });
const RefreshBody = z.strictObject({ refreshToken: Text.min(1).max(512) });
const ChangePasswordBody = z.strictObject({
  currentPassword: Text.min(1).max(1024),
  newPassword: Text.min(1).max(1024).describe('At least 10 characters (checked by the use case)'),
});
const TokenPair = z.object({
  accessToken: z.string(),
  refreshToken: z.string().describe('Opaque; single use: each refresh returns a new one'),
  expiresIn: z.number().int().describe('Seconds the access token lives'),
  tokenType: z.literal('Bearer'),
});

export function authRoutes(routes: ApiRoutes, { useCases, uow, tokens, loginLimiter }: RouteDeps): void {
  const tokenPair = async (user: Pick<StaffUser, 'id' | 'roles'>, refreshToken: string) => {
    const access = await tokens.issue({ sub: user.id, roles: user.roles });
    return { accessToken: access.token, refreshToken, expiresIn: access.expiresIn, tokenType: 'Bearer' as const };
  };

  routes.add({
    method: 'POST',
    url: '/api/v1/auth/login',
    access: 'public',
    summary: 'Sign in with email and password',
    description: 'Failed attempts are limited per account and per client address; over the limit the answer is 429 with Retry-After.',
    tags: ['auth'],
    body: LoginBody,
    responses: {
      200: { description: 'Tokens', schema: TokenPair },
      401: { description: 'Wrong email or password, or an inactive account (`AUTH.INVALID_CREDENTIALS`)' },
      429: { description: 'Too many failed attempts' },
    },
    handler: async ({ body, request, reply }) => {
      const gate = await loginLimiter.check(body.email, request.ip);
      if (!gate.allowed) {
        throw new HttpProblem(429, 'AUTH.RATE_LIMITED', 'too many failed sign-in attempts; try again later', {
          headers: { 'retry-after': String(gate.retryAfterSeconds) },
        });
      }
      let session: Awaited<ReturnType<typeof useCases.auth.login>>;
      try {
        session = await useCases.auth.login(body.email, body.password);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'AUTH.INVALID_CREDENTIALS')
          await loginLimiter.recordFailure(body.email, request.ip);
        throw error;
      }
      await loginLimiter.recordSuccess(body.email);
      reply.header('cache-control', 'no-store');
      return tokenPair(session.user, session.refreshToken);
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/auth/refresh',
    access: 'public',
    summary: 'Trade a refresh token for new tokens (rotation)',
    description:
      'A refresh token works once. Presenting a spent one revokes every token of its family (401 `AUTH.REFRESH_REUSED`); ' +
      'the new access token carries the account’s current roles.',
    tags: ['auth'],
    body: RefreshBody,
    responses: {
      200: { description: 'New tokens', schema: TokenPair },
      401: { description: 'Unknown, expired, revoked or reused refresh token (`AUTH.*`)' },
    },
    handler: async ({ body, reply }) => {
      const { user, refreshToken } = await useCases.auth.refresh(body.refreshToken);
      reply.header('cache-control', 'no-store');
      return tokenPair(user, refreshToken);
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/auth/logout',
    access: 'public',
    summary: 'Revoke a refresh token and every token rotated from it',
    description:
      'Answers 204 whether or not the token was known. Access tokens already issued keep working until they expire ' +
      '(15 min) unless the account is deactivated.',
    tags: ['auth'],
    body: RefreshBody,
    responses: { 204: { description: 'Signed out' } },
    handler: async ({ body }) => {
      await useCases.auth.logout(body.refreshToken);
      return undefined;
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/auth/password',
    access: 'authenticated',
    summary: 'Change your own password',
    description:
      'Needs the current password (422 `STAFF.CURRENT_PASSWORD_WRONG` naming `currentPassword` otherwise). Every other ' +
      'session of the account is signed out: their refresh tokens are revoked. The answer carries new tokens for this one.',
    tags: ['auth'],
    body: ChangePasswordBody,
    responses: {
      200: { description: 'Password changed; new tokens for this session', schema: TokenPair },
      429: { description: 'Too many wrong current passwords (problem); they count as failed sign-ins' },
    },
    handler: async ({ actor, body, request, reply }) => {
      const { user, refreshToken } = await namingBodyField(() =>
        limitingPasswordGuesses({ uow, loginLimiter }, actor.userId, request.ip, () => useCases.auth.changeOwnPassword(actor, body)),
      );
      reply.header('cache-control', 'no-store');
      return tokenPair(user, refreshToken);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/auth/me',
    access: 'authenticated',
    summary: 'The signed-in staff user',
    tags: ['auth'],
    responses: { 200: { description: 'The user', schema: StaffUserDto } },
    handler: async ({ actor }) => {
      const user = await uow.repositories.staff.get(actor.userId);
      if (!user) throw new DomainError('AUTH.ACCOUNT_INACTIVE', 'this account no longer has access');
      return toStaffUserDto(user);
    },
  });
}
