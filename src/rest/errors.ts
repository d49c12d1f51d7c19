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

/** A legacy answer not yet sent: the idempotency layer keeps it before it goes out. */
export interface RestAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Sends `{"detail": …}` with the legacy status for a GraphQL error of a fixed operation. */
export function sendGraphQLError(reply: FastifyReply, error: GraphQLFormattedError, issuesAt: 'body' | 'query' | 'path' = 'body') {
  const answer = graphQLErrorAnswer(error, issuesAt);
  return reply.code(answer.status).headers(answer.headers ?? {}).type('application/json').send(answer.body);
}

/** The `{"detail": …}` answer with the legacy status for a GraphQL error of a fixed operation. */
export function graphQLErrorAnswer(error: GraphQLFormattedError, issuesAt: 'body' | 'query' | 'path'): RestAnswer {
  const code = String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  const retryAfter = error.extensions?.retryAfter;
  const headers = typeof retryAfter === 'number' ? { 'retry-after': String(retryAfter) } : undefined;
  const issues = error.extensions?.issues as FieldIssue[] | undefined;
  if (code === 'BAD_USER_INPUT' && issues?.length) {
    return { status: 422, body: { detail: issues.map((issue) => ({ ...issue, loc: [issuesAt, ...issue.loc] })) }, headers };
  }
  const status = STATUS[code];
  if (status === undefined) return { status: 500, body: { detail: 'Internal Server Error' }, headers };
  return { status, body: { detail: error.message }, headers };
}

export function sendDetail(reply: FastifyReply, status: number, detail: string) {
  return reply.code(status).type('application/json').send({ detail });
}

/** FastAPI's 422 body. */
export function sendValidationError(reply: FastifyReply, issues: FieldIssue[]) {
  return reply.code(422).type('application/json').send({ detail: issues });
}
