import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ServiceUnavailableError } from './domain/errors.ts';
import { isDatabaseUnavailable } from './db/prisma-errors.ts';
import { sendGraphQLError, sendDetail, sendValidationError } from './rest/errors.ts';
import { domainErrorExtensions } from './graphql/errors.ts';

/** Fastify's own error and 404 bodies replaced by the legacy `{"detail": …}` shape (and by a
 * GraphQL `errors[]` body on /graphql), so every response is a documented shape. */
export function installHttpErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((_request, reply) => sendDetail(reply, 404, 'Not Found'));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError || isDatabaseUnavailable(error)) {
      const domain = error instanceof DomainError ? error : new ServiceUnavailableError();
      return sendGraphQLError(reply, { message: domain.message, extensions: domainErrorExtensions(domain) });
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
  });
}

function isGraphQLPath(request: FastifyRequest): boolean {
  return request.url === '/graphql' || request.url.startsWith('/graphql?');
}

function sendGraphQLBody(reply: FastifyReply, status: number, message: string) {
  const code = status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
  return reply.code(status).type('application/json').send({ errors: [{ message, extensions: { code } }] });
}
