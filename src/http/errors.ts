import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable } from '../db/prisma-errors.ts';
import { DomainError, domainErrorExtensions, ServiceUnavailableError, type FieldIssue } from '../domain/errors.ts';
import { httpStatusOf } from './status.ts';

/** The HTTP layer's error answers, in one place: the legacy `{"detail": …}` bodies (FastAPI's
 * shapes) for a refused legacy operation, and Fastify's own errors and 404s replaced by those
 * shapes (or by a GraphQL `errors[]` body on /graphql), so every response is a documented
 * shape. Codes become statuses through the one table in status.ts. */

/** A legacy answer not yet sent: the idempotency layer keeps it before it goes out. */
export interface RestAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Sends `{"detail": …}` with the legacy status for a GraphQL error of a fixed operation. */
function sendLegacyError(reply: FastifyReply, error: GraphQLFormattedError, issuesAt: 'body' | 'query' | 'path' = 'body') {
  const answer = graphQLErrorAnswer(error, issuesAt);
  return reply.code(answer.status).headers(answer.headers ?? {}).type('application/json').send(answer.body);
}

/** The `{"detail": …}` answer with the legacy status for a GraphQL error of a fixed operation:
 * field issues as FastAPI's 422, every other code by the one table (status.ts), anything
 * unknown as a masked 500. */
export function graphQLErrorAnswer(error: GraphQLFormattedError, issuesAt: 'body' | 'query' | 'path'): RestAnswer {
  const code = String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  const retryAfter = error.extensions?.retryAfter;
  const headers = typeof retryAfter === 'number' ? { 'retry-after': String(retryAfter) } : undefined;
  const issues = error.extensions?.issues as FieldIssue[] | undefined;
  if (code === 'BAD_USER_INPUT' && issues?.length) {
    return { status: 422, body: { detail: issues.map((issue) => ({ ...issue, loc: [issuesAt, ...issue.loc] })) }, headers };
  }
  const status = httpStatusOf(code);
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

/** Replaces Fastify's own error and 404 answers. */
export function installHttpErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((_request, reply) => sendDetail(reply, 404, 'Not Found'));
  app.setErrorHandler(answerError);
}

/** Answers Fastify gives before any route or error handler runs. They can only be set when the
 * instance is built (Fastify options), so buildServer passes these in. */
export const preRoutingErrorOptions = {
  // The router could not take the path apart. Fastify's own messages quote the whole path back.
  frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const message = FRAMEWORK_MESSAGES[error.code];
    return answerError(message ? Object.assign(error, { message }) : error, request, reply);
  },
  clientErrorHandler: answerUnparsableRequest,
} satisfies Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'>;

const FRAMEWORK_MESSAGES: Record<string, string> = {
  FST_ERR_BAD_URL: 'Invalid URL: the path is not valid percent-encoding',
  FST_ERR_MAX_PARAM_LENGTH: 'URI Too Long',
};

function answerError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof DomainError || isDatabaseUnavailable(error)) {
    const domain = error instanceof DomainError ? error : new ServiceUnavailableError();
    return sendLegacyError(reply, { message: domain.message, extensions: domainErrorExtensions(domain) });
  }
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) request.log.error({ err: error, requestId: request.id }, 'unhandled error');
  if (isGraphQLPath(request)) return sendGraphQLBody(reply, status, status === 500 ? 'Internal server error' : error.message);
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
    return sendValidationError(reply, [{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {} }]);
  }
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return sendValidationError(reply, [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
  }
  return sendDetail(reply, status, status === 500 ? 'Internal Server Error' : error.message);
}

/** Node's HTTP parser refused the request (headers over its limit, broken HTTP, a timeout): there
 * is no request, so no route and no path to pick a shape by, and the answer is the legacy
 * `{"detail": …}` on every path. Written on the socket as Fastify's default handler does; the
 * connection is then closed, since the parser cannot find the next request on it. */
function answerUnparsableRequest(error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request header fields are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request timeout']
        : [400, 'Malformed HTTP request'];
  const body = JSON.stringify({ detail });
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

function isGraphQLPath(request: FastifyRequest): boolean {
  return request.url === '/graphql' || request.url.startsWith('/graphql?');
}

function sendGraphQLBody(reply: FastifyReply, status: number, message: string) {
  const code = status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
  return reply.code(status).type('application/json').send({ errors: [{ message, extensions: { code } }] });
}
