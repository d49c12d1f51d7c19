import { randomUUID } from 'node:crypto';
import { maxHeaderSize } from 'node:http';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { JwtService } from './auth/jwt.ts';
import { sessionCookieJar, sessionToken } from './auth/session-cookie.ts';
import { registerConsole } from './console/register-console.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { DomainError } from './domain/errors.ts';
import { Relay } from './events/relay/relay.ts';
import type { EventSink } from './events/relay/sink.ts';
import { openJetStreamSink } from './events/nats/jetstream-sink.ts';
import { createApollo } from './graphql/apollo.ts';
import { contextFactory } from './graphql/context.ts';
import { withHttpStatus } from './graphql/errors.ts';
import { graphqlHandler } from './graphql/keyed-mutations.ts';
import { rateLimitPlugin } from './graphql/plugins/rate-limit.ts';
import { buildServedSchema } from './graphql/schema.ts';
import { installHttpErrorHandlers, preRoutingErrorOptions } from './http/errors.ts';
import { createMetrics } from './observability/metrics.ts';
import { registerMetricsRoute } from './observability/metrics-route.ts';
import { installRequestLog, requestLogController } from './observability/request-log.ts';
import { registerDocsRoutes } from './rest/openapi/docs-routes.ts';
import { registerLegacyRoutes } from './rest/register-legacy-routes.ts';
import { LEGACY_ROUTES } from './operations/registry.ts';
import { registerSecurityHeaders } from './security/headers.ts';
import { createRateLimiter } from './security/rate-limiter.ts';

export interface ServerDeps {
  config: Pick<Config, 'mode' | 'bodyLimitBytes' | 'trustProxy' | 'graphqlLimits' | 'rateLimit' | 'idempotency' | 'reinstateWindowDays' | 'metricsToken' | 'events' | 'nats'>;
  db: Database;
  /** Event destinations besides webhook endpoints; by default the JetStream sink when NATS_URL
   * is set. The relay closes them. */
  sinks?: EventSink[];
  jwt: JwtService;
  logger: FastifyBaseLogger;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Builds the HTTP server: /graphql, the legacy REST routes and their /openapi.json and /docs,
 * the console and landing page, /metrics, /health and /ready. No domain logic. */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: deps.config.bodyLimitBytes,
    // request.ip (rate limits key on it) believes X-Forwarded-For only from these proxies.
    trustProxy: deps.config.trustProxy,
    // Honour a caller's request id (so logs join up across services) when it is sane.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // A path parameter as long as the request line may be (Node's header limit counts it), so an
    // over-long id reaches the route's UUID check and gets the legacy 422 uuid_parsing, not 414.
    routerOptions: { maxParamLength: maxHeaderSize },
    // Loading a plugin's modules (Swagger UI's, for /docs) can outlast Fastify's default 10 s on a
    // machine whose cores are all busy; a start that slow is still a start.
    pluginTimeout: 60_000,
    // One line per request instead of Fastify's two (src/observability/request-log.ts).
    logController: requestLogController(),
    ...preRoutingErrorOptions,
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installRequestLog(app);
  // A service process runs a relay (src/events/relay/) unless EVENTS_RELAY=false; app.close()
  // stops it, before main.ts closes the database.
  let relay: Relay | undefined;
  const metrics = createMetrics({ pool: deps.db.poolStats, eventsPending: () => relay?.pending() ?? Promise.resolve(0) });
  if (deps.config.events.relay) relay = new Relay({
    prisma: deps.db.prisma,
    sinks: deps.sinks ?? (deps.config.nats ? [await openJetStreamSink(deps.config.nats, { log: deps.logger })] : []),
    pollMs: deps.config.events.pollMs,
    webhooks: deps.config.events.webhooks,
    metrics: metrics.events,
    log: { warn: (obj, msg) => deps.logger.warn(obj, msg) },
  });
  metrics.instrumentHttp(app);
  await app.register(formbody);
  await app.register(cookie);
  await registerSecurityHeaders(app, deps.config.mode);
  installHttpErrorHandlers(app);

  const limiter = await createRateLimiter(deps.config.rateLimit, deps.logger);
  const schema = await buildServedSchema(metrics.rootFieldMiddleware);
  const apollo = createApollo(schema, deps.config, [metrics.graphqlPlugin, ...(limiter ? [rateLimitPlugin(limiter)] : [])]);
  await apollo.start().catch(async (error: unknown) => {
    await limiter?.close();
    throw error;
  });
  const createContext = contextFactory({ db: deps.db.prisma, jwt: deps.jwt, reinstateWindowDays: deps.config.reinstateWindowDays, webhooks: deps.config.events.webhooks });

  const idempotency = { prisma: deps.db.prisma, ttlHours: deps.config.idempotency.ttlHours };
  // /graphql alone reads and sets the session cookie (under Apollo's CSRF prevention); the REST
  // door gets createContext itself, which knows no cookie.
  const context = async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      return await createContext(request, { sessionToken: sessionToken(request), session: sessionCookieJar(reply, deps.config.mode) });
    } catch (error) {
      // Apollo turns a plain error from the context function into a 500; a domain error keeps
      // its code and status (503 + Retry-After when the database is away).
      throw error instanceof DomainError ? withHttpStatus(error) : error;
    }
  };

  app.route({
    url: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    handler: graphqlHandler({ apollo, createContext: context, idempotency, schema, parseOptions: { maxTokens: deps.config.graphqlLimits.maxTokens } }),
  });
  registerLegacyRoutes(app, LEGACY_ROUTES, { apollo, createContext, idempotency, schema });
  await registerDocsRoutes(app, LEGACY_ROUTES, { idempotencyTtlHours: idempotency.ttlHours });

  registerMetricsRoute(app, metrics, deps.config);
  await registerConsole(app, deps.config.mode);

  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    const ready = await deps.db.isReady();
    if (!ready) reply.code(503).header('retry-after', '5');
    return { ready };
  });
  // app.close() drains HTTP (no new connections, in-flight requests finish), then stops Apollo.
  // (Apollo's fastify drain plugin would call app.close() from inside app.close(): a deadlock.)
  app.addHook('onReady', async () => relay?.start());
  app.addHook('onClose', async () => {
    await relay?.close();
    await apollo.stop();
    await limiter?.close();
  });
  return app;
}
