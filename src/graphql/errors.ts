import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable } from '../db/prisma-errors.ts';
import { DomainError, domainErrorExtensions, ServiceUnavailableError } from '../domain/errors.ts';
import { httpStatusOf } from '../http/status.ts';

/** The error underneath GraphQL's wrappers (resolver errors, plugin errors). */
export function originalError(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
  return current;
}

/** True for errors that are not ours to explain to the caller: they are logged and masked.
 * GraphQL's own errors (parse, validation, variable coercion) are the caller's to read. */
export function isUnexpected(error: unknown): boolean {
  const original = originalError(error);
  return !(original instanceof DomainError || original instanceof GraphQLError || isDatabaseUnavailable(original));
}

/** Apollo's formatError: maps each error once for the GraphQL door (the REST door maps the
 * resulting codes to statuses, src/http/errors.ts). Nothing internal leaks, no stack traces. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = originalError(error);
  const base = { locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: domainErrorExtensions(original) };
  }
  if (isDatabaseUnavailable(original)) {
    const unavailable = new ServiceUnavailableError();
    return { ...base, message: unavailable.message, extensions: domainErrorExtensions(unavailable) };
  }
  if (!isUnexpected(error)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    if (isUncodedRequestError(formatted)) extensions.code = 'BAD_REQUEST';
    return { ...formatted, extensions };
  }
  return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** The HTTP status of a domain error raised outside execution on /graphql (credentials, rate
 * limits, claiming an Idempotency-Key): the status of its code (src/http/status.ts), with
 * Retry-After when the error has one. */
export function httpStatusFor(error: DomainError): { status: number; headers: Map<string, string> } {
  const retryAfter = domainErrorExtensions(error).retryAfter;
  const headers = new Map<string, string>();
  if (retryAfter !== undefined) headers.set('retry-after', String(retryAfter));
  return { status: httpStatusOf(error.code) ?? 500, headers };
}

/** Such an error as the GraphQLError Apollo answers with the status in `extensions.http`;
 * formatError then maps the DomainError underneath as usual. */
export function withHttpStatus(error: DomainError): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: { ...domainErrorExtensions(error), http: httpStatusFor(error) } });
}

/** Apollo codes INTERNAL_SERVER_ERROR any GraphQLError that came without a code. formatError asks
 * only about GraphQL's own errors (one wrapping a plain Error is masked before this). Such an
 * error outside any field (no path) was raised about the request as a whole, before a resolver
 * ran: an unsupported persisted-query version, graphql-js giving up after too many invalid
 * variable values. The caller's mistake, then. A failure inside a field has a path and keeps its
 * code. Decided by where the error arose, not by its message. */
function isUncodedRequestError(formatted: GraphQLFormattedError): boolean {
  return formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' && formatted.path === undefined;
}
