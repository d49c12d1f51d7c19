import type { ApolloServerPlugin } from '@apollo/server';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

/** What the request's one log line learns while it runs: who called, which GraphQL operation ran. */
export interface RequestLogFields {
  userId?: string;
  operation?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    logFields: RequestLogFields;
  }
}

/** Fastify's request lines without its two routine ones ("incoming request", "request completed"):
 * installRequestLog writes one instead. A request that errored is still logged as Fastify logs it. */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) super.requestCompleted(error, request, reply);
  }
}

/** For Fastify's `logController` option. */
export function requestLogController(): LogController {
  return new OneLinePerRequest();
}

/** One JSON line per request, written when the answer has gone. reqId comes from the request's
 * logger; the query string is left out (it may carry an email filter). */
export function installRequestLog(app: FastifyInstance): void {
  app.decorateRequest('logFields', null as never);
  app.addHook('onRequest', async (request) => {
    request.logFields = {};
  });
  app.addHook('onResponse', async (request, reply) => {
    const fields = request.logFields ?? {};
    const questionMark = request.url.indexOf('?');
    request.log.info(
      {
        method: request.method,
        path: questionMark < 0 ? request.url : request.url.slice(0, questionMark),
        // The pattern Fastify matched (`/api/v1/…/:tenant_id/…`), to group lines by route.
        route: request.routeOptions.url,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        ip: request.ip,
        ...(fields.userId ? { userId: fields.userId } : {}),
        ...(fields.operation ? { operation: fields.operation } : {}),
      },
      'request',
    );
  });
}

/** Names the GraphQL operation on the request's log line, whichever door ran it. */
export const operationLogPlugin: ApolloServerPlugin<{ logFields?: RequestLogFields }> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation, operationName }) {
        if (contextValue.logFields) contextValue.logFields.operation = operation?.name?.value ?? operationName ?? undefined;
      },
    };
  },
};
