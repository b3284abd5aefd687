/**
 * A broken promise: a rule violated or a port failing. Expected business outcomes are values,
 * not errors. `code` is stable (e.g. `STOCK.INSUFFICIENT`) and is what adapters map to HTTP
 * problems and the conversation engine maps to polite messages.
 */
export class DomainError extends Error {
  override readonly name: string = 'DomainError';
  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** Input that breaks a rule of a value (a negative quantity, a malformed CUIT). */
export class ValidationError extends DomainError {
  override readonly name = 'ValidationError';
}

/** Something that was looked up is not there. */
export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
  constructor(entity: string, id: string) {
    super(`${entity.toUpperCase()}.NOT_FOUND`, `${entity} ${id} not found`, { entity, id });
  }
}

/** A state transition or operation that the current state does not allow. */
export class ConflictError extends DomainError {
  override readonly name = 'ConflictError';
}

/** The caller is not allowed to do this. */
export class ForbiddenError extends DomainError {
  override readonly name = 'ForbiddenError';
}

/** A port's adapter failed (network, vendor error). `retryable` tells whether trying later may help. */
export class AdapterError extends DomainError {
  override readonly name = 'AdapterError';
  constructor(
    code: string,
    message: string,
    readonly retryable: boolean,
    details: Readonly<Record<string, unknown>> = {},
  ) {
    super(code, message, details);
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

/** Throws a ValidationError with `code` unless `condition` holds. */
export function ensure(condition: unknown, code: string, message: string, details?: Record<string, unknown>): asserts condition {
  if (!condition) throw new ValidationError(code, message, details);
}
