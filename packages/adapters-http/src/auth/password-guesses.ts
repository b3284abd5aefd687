import { DomainError, type UnitOfWork } from '@mostrador/core';
import { HttpProblem } from '../problems/problem.js';
import type { LoginRateLimiter } from './login-rate-limiter.js';

/**
 * Runs a change that proves the current password under the sign-in limits of that account and
 * address: a wrong current password counts as a failed sign-in, so a stolen access token cannot
 * be used to guess the password faster than the login form allows.
 */
export async function limitingPasswordGuesses<T>(
  deps: { readonly uow: UnitOfWork; readonly loginLimiter: LoginRateLimiter },
  userId: string,
  address: string,
  work: () => Promise<T>,
): Promise<T> {
  const user = await deps.uow.repositories.staff.get(userId);
  if (!user) return work(); // the use case answers for a missing account
  const gate = await deps.loginLimiter.check(user.email, address);
  if (!gate.allowed) {
    throw new HttpProblem(429, 'AUTH.RATE_LIMITED', 'too many failed password attempts; try again later', {
      headers: { 'retry-after': String(gate.retryAfterSeconds) },
    });
  }
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'STAFF.CURRENT_PASSWORD_WRONG')
      await deps.loginLimiter.recordFailure(user.email, address);
    throw error;
  }
}
