/** Typed domain errors. Each carries a stable code and never an HTTP status: the GraphQL door
 * (src/graphql/errors.ts) and the HTTP layer (src/http/errors.ts, statuses in src/http/status.ts)
 * map codes once each. */

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'BAD_USER_INPUT'
  | 'BAD_CREDENTIALS'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE';

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  /** A finer machine-readable reason inside a code (e.g. OWNER_NOT_REMOVABLE). */
  readonly reason?: string;

  constructor(message: string, reason?: string) {
    super(message);
    this.name = new.target.name;
    this.reason = reason;
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
  constructor() {
    super('Unauthorized');
  }
}

/** One bad input field, in the shape FastAPI reported them (loc is the field's path). */
export interface FieldIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
  input: unknown;
}

export class InvalidInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
    reason?: string,
  ) {
    super(message, reason);
  }
}

export class BadCredentialsError extends DomainError {
  readonly code = 'BAD_CREDENTIALS';
  constructor() {
    super('LOGIN_BAD_CREDENTIALS');
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
}

export class OwnerNotRemovableError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  constructor() {
    super('Cannot remove the tenant owner from their own tenant.', 'OWNER_NOT_REMOVABLE');
  }
}

export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
  constructor(readonly retryAfterSeconds: number) {
    super('Too many requests');
  }
}

export class ServiceUnavailableError extends DomainError {
  readonly code = 'SERVICE_UNAVAILABLE';
  constructor(readonly retryAfterSeconds = 5) {
    super('Service unavailable');
  }
}

/** What a caller is told about a domain error besides its message, the same on both doors
 * (GraphQL extensions, the legacy body): its code, reason, field issues, retry delay. */
export function domainErrorExtensions(error: DomainError): Record<string, unknown> {
  const extensions: Record<string, unknown> = { code: error.code };
  if (error.reason) extensions.reason = error.reason;
  if (error instanceof InvalidInputError && error.issues.length) extensions.issues = error.issues;
  if (error instanceof RateLimitedError || error instanceof ServiceUnavailableError) extensions.retryAfter = error.retryAfterSeconds;
  return extensions;
}
