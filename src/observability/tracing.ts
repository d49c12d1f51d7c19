import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { NodeSDK } from '@opentelemetry/sdk-node';

/** Traces through the OpenTelemetry Node SDK, configured by the standard OTEL_* variables
 * (endpoint, protocol, headers, sampler, service name…): a span per HTTP request, per GraphQL
 * operation (parse, validate, execute) and per SQL statement, exported over OTLP. Log lines
 * written inside a span carry its trace_id and span_id. Loaded only when tracing is asked for
 * (tracing-bootstrap.ts), before anything it instruments is required. */
export function startTracing(env: NodeJS.ProcessEnv): NodeSDK {
  // Traces only, unless told otherwise: metrics are Prometheus's (/metrics), logs are stdout's.
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
  const sdk = new NodeSDK({
    ...(env.OTEL_SERVICE_NAME ? {} : { serviceName: 'tenantry' }),
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes would drown the traces that matter.
        ignoreIncomingRequestHook: (request) => ['/health', '/ready', '/metrics'].includes((request.url ?? '').split('?')[0]),
        // The only outgoing HTTP is the exporter's own: tracing it would trace itself.
        ignoreOutgoingRequestHook: () => true,
      }),
      // Spans for parse, validate and execute; resolver spans only for fields with their own resolver.
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true }),
      new PgInstrumentation(),
      new PinoInstrumentation({ disableLogSending: true }),
    ],
  });
  sdk.start();
  return sdk;
}
