import type { FastifyReply } from 'fastify';
import type { GraphQLFormattedError } from 'graphql';
import type { FieldIssue } from '../domain/errors.ts';

/** The REST door's one mapping from error codes (set by src/graphql/errors.ts) to statuses. */
const STATUS: Record<string, number> = {
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

/** Sends `{"detail": …}` with the legacy status for a GraphQL error of a fixed operation. */
export function sendGraphQLError(reply: FastifyReply, error: GraphQLFormattedError, issuesAt: 'body' | 'query' | 'path' = 'body') {
  const code = String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  const retryAfter = error.extensions?.retryAfter;
  if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  const issues = error.extensions?.issues as FieldIssue[] | undefined;
  if (code === 'BAD_USER_INPUT' && issues?.length) {
    return sendValidationError(reply, issues.map((issue) => ({ ...issue, loc: [issuesAt, ...issue.loc] })));
  }
  const status = STATUS[code];
  if (status === undefined) return sendDetail(reply, 500, 'Internal Server Error');
  return sendDetail(reply, status, error.message);
}

export function sendDetail(reply: FastifyReply, status: number, detail: string) {
  return reply.code(status).type('application/json').send({ detail });
}

/** FastAPI's 422 body. */
export function sendValidationError(reply: FastifyReply, issues: FieldIssue[]) {
  return reply.code(422).type('application/json').send({ detail: issues });
}
