import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import { middleware, type IMiddlewareFunction, type IMiddlewareGenerator } from 'graphql-middleware';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PoolStats } from '../db/database.ts';
import type { RelayMetrics } from '../events/relay/relay.ts';
import type { Context } from '../graphql/context.ts';
import { formatError } from '../graphql/errors.ts';

/** The service's Prometheus metrics (prom-client), one registry per server. Labels only ever
 * take values from a bounded set (route patterns, schema root fields, error codes), never from
 * raw URLs; operation names, which clients choose, are capped. */
export interface Metrics {
  registry: Registry;
  /** Apollo plugin: operations by name and outcome. */
  graphqlPlugin: ApolloServerPlugin<Context>;
  /** Schema middleware on the root types only: root fields (removals, previews, bulk removals,
   * reinstatements… whatever the schema has) by name, outcome and dryRun, timed. Not an Apollo
   * willResolveField hook: with one, Apollo wraps every field of the schema, and a list pays
   * for it on every field of every row. */
  rootFieldMiddleware: IMiddlewareGenerator<any, any, any>;
  /** Fastify hooks: HTTP requests by method, route pattern and status, with latency. */
  instrumentHttp(app: FastifyInstance): void;
  /** The event relay's counters (src/events/relay/), by destination: `webhook` or a sink's name. */
  events: RelayMetrics;
}

// Seconds from an event's transaction start to its delivery: a local wake takes milliseconds, a
// poll EVENTS_POLL_MS, a retry minutes to hours (the Standard Webhooks schedule).
const EVENT_LAG_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 7200, 36000];
// Seconds; from a cached read (~1 ms) to a removal queued behind a long transaction.
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Distinct client-chosen operation names kept as labels; later (or longer than 100
 * characters) ones count as `__other__`. */
const MAX_OPERATION_NAMES = 200;

export function createMetrics(options: { pool: () => PoolStats; eventsPending?: () => Promise<number> }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const httpRequests = new Counter({ name: 'tenantry_http_requests_total', help: 'HTTP requests answered, by route pattern and status.', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const httpDuration = new Histogram({ name: 'tenantry_http_request_duration_seconds', help: 'Time to answer an HTTP request, by route pattern and status.', labelNames: ['method', 'route', 'status'], buckets: LATENCY_BUCKETS, registers: [registry] });
  const operations = new Counter({ name: 'tenantry_graphql_operations_total', help: 'GraphQL operations (both doors), by operation name, type and outcome code (OK or the first error code).', labelNames: ['operation', 'type', 'outcome'], registers: [registry] });
  const operationDuration = new Histogram({ name: 'tenantry_graphql_operation_duration_seconds', help: 'Time to answer a GraphQL operation, by operation name, type and outcome code.', labelNames: ['operation', 'type', 'outcome'], buckets: LATENCY_BUCKETS, registers: [registry] });
  const rootFields = new Counter({ name: 'tenantry_graphql_root_fields_total', help: 'Root fields resolved (e.g. removeUserFromTenant, removeUsersFromTenant, reinstateTenantMember), by field, outcome code and dryRun argument (a preview).', labelNames: ['type', 'field', 'outcome', 'dry_run'], registers: [registry] });
  const rootFieldDuration = new Histogram({ name: 'tenantry_graphql_root_field_duration_seconds', help: 'Time to resolve a root field, by field, outcome code and dryRun argument.', labelNames: ['type', 'field', 'outcome', 'dry_run'], buckets: LATENCY_BUCKETS, registers: [registry] });
  const rateLimited = new Counter({ name: 'tenantry_rate_limit_refusals_total', help: 'Requests refused by a rate limit (429), by operation type.', labelNames: ['type'], registers: [registry] });
  new Gauge({
    name: 'tenantry_db_pool_connections',
    help: 'Database pool: connections in use and idle, and queries waiting for a connection.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const stats = options.pool();
      this.set({ state: 'in_use' }, stats.total - stats.idle);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });

  const eventsPending = options.eventsPending;
  if (eventsPending) {
    new Gauge({
      name: 'tenantry_events_pending',
      help: 'Events committed that an enabled destination (webhook endpoint or sink) has not yet taken, summed over destinations and tenants.',
      registers: [registry],
      async collect() {
        // A database that does not answer leaves the last value: /metrics must still be served.
        const pending = await eventsPending().catch(() => null);
        if (pending !== null) this.set(pending);
      },
    });
  }
  const eventLabels = ['destination'];
  const delivered = new Counter({ name: 'tenantry_events_delivered_total', help: 'Events delivered, by destination (webhook or a sink name).', labelNames: eventLabels, registers: [registry] });
  const failed = new Counter({ name: 'tenantry_events_failed_attempts_total', help: 'Delivery attempts that failed (to be retried, or the last), by destination.', labelNames: eventLabels, registers: [registry] });
  const dead = new Counter({ name: 'tenantry_events_dead_total', help: 'Events dead for a webhook endpoint after the whole retry schedule.', labelNames: eventLabels, registers: [registry] });
  const lag = new Histogram({
    name: 'tenantry_events_delivery_lag_seconds',
    help: 'From the event’s transaction start (occurredAt; its commit is later by the transaction’s length) to its delivery, by destination.',
    labelNames: eventLabels,
    buckets: EVENT_LAG_BUCKETS,
    registers: [registry],
  });
  const events: RelayMetrics = {
    delivered: (destination) => delivered.inc({ destination }),
    failed: (destination) => failed.inc({ destination }),
    dead: (destination) => dead.inc({ destination }),
    lag: (destination, seconds) => lag.observe({ destination }, Math.max(0, seconds)),
  };

  const operationNames = new Set<string>();
  const operationLabel = (name: string | null | undefined): string => {
    if (!name) return '__anonymous__';
    if (operationNames.has(name)) return name;
    if (operationNames.size >= MAX_OPERATION_NAMES || name.length > 100) return '__other__';
    operationNames.add(name);
    return name;
  };

  const graphqlPlugin: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operation, operationName }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const outcome = errors?.length ? String(errors[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR') : 'OK';
          const labels = { operation: operationLabel(operation?.name?.value ?? operationName), type: operation?.operation ?? 'unknown', outcome };
          operations.inc(labels);
          operationDuration.observe(labels, secondsSince(started));
          if (errors?.some((error) => error.extensions?.code === 'RATE_LIMITED')) rateLimited.inc({ type: labels.type });
        },
      };
    },
  };

  const timeRootField: IMiddlewareFunction = async (resolve, parent, args: Record<string, unknown>, ctx, info) => {
    const started = process.hrtime.bigint();
    const labels = { type: info.operation.operation, field: info.fieldName, dry_run: 'dryRun' in args ? String(args.dryRun === true) : '' };
    let failure: Error | null = null;
    try {
      const result = await resolve(parent, args, ctx, info);
      // A resolver may return an Error rather than throw it (graphql-shield's denials do):
      // GraphQL answers both as errors.
      if (result instanceof Error) failure = result;
      return result;
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      const done = { ...labels, outcome: failure ? outcomeOf(failure) : 'OK' };
      rootFields.inc(done);
      rootFieldDuration.observe(done, secondsSince(started));
    }
  };

  return {
    registry,
    graphqlPlugin,
    // Every operation's series exists from the start, at zero: a dashboard sees an operation
    // (src/operations/) before its first call, and a rate over it is defined.
    rootFieldMiddleware: middleware((schema) => {
      for (const root of [schema.getQueryType(), schema.getMutationType()]) {
        for (const field of Object.values(root?.getFields() ?? {})) {
          const type = root === schema.getMutationType() ? 'mutation' : 'query';
          for (const dryRun of field.args.some((arg) => arg.name === 'dryRun') ? ['false', 'true'] : ['']) rootFields.inc({ type, field: field.name, outcome: 'OK', dry_run: dryRun }, 0);
        }
      }
      return { Query: timeRootField, Mutation: timeRootField };
    }),
    events,
    instrumentHttp(app) {
      app.addHook('onResponse', async (request, reply) => {
        // The pattern Fastify matched (`/api/v1/…/:tenant_id/…`); requests no route matched share one label.
        const labels = { method: request.method, route: request.routeOptions.url ?? '__unmatched__', status: String(reply.statusCode) };
        httpRequests.inc(labels);
        httpDuration.observe(labels, reply.elapsedTime / 1000);
      });
    },
  };
}

/** The public code a field's error is answered with (the same mapping as the response). */
function outcomeOf(error: Error): string {
  return String(formatError({ message: error.message, path: ['field'] }, error).extensions?.code ?? 'INTERNAL_SERVER_ERROR');
}

function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
