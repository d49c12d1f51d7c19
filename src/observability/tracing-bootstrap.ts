import { tracingRequested } from '../config.ts';

/** Imported first by main.ts: starts OpenTelemetry when the OTEL_* variables ask for traces, so
 * that its instrumentations see http, graphql, pg and pino being loaded. Otherwise nothing of
 * OpenTelemetry is loaded at all. */
export const tracing: { shutdown(): Promise<void> } | undefined = tracingRequested(process.env)
  ? (require('./tracing.ts') as typeof import('./tracing.ts')).startTracing(process.env)
  : undefined;
