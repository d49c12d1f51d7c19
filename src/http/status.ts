import type { ErrorCode } from '../domain/errors.ts';

/** The one table from error codes to HTTP statuses. The legacy REST door answers every refusal
 * with it; /graphql uses it for refusals raised before execution (credentials, rate limits),
 * which Apollo answers with an HTTP status. Tests import it rather than copy it. */
const HTTP_STATUS: Readonly<Record<ErrorCode | 'BAD_REQUEST', number>> = {
  UNAUTHENTICATED: 401,
  // A request GraphQL refused as a whole (src/graphql/errors.ts): the caller's mistake, not ours.
  BAD_REQUEST: 400,
  BAD_CREDENTIALS: 400,
  BAD_USER_INPUT: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
};

/** The status for a client-visible code; undefined for anything else (an internal error). */
export function httpStatusOf(code: string): number | undefined {
  return Object.hasOwn(HTTP_STATUS, code) ? HTTP_STATUS[code as keyof typeof HTTP_STATUS] : undefined;
}
