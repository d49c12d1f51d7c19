import type { WebhookSettings } from '../../config.ts';
import type { TenantEventRow } from '../../domain/events/list-tenant-events.ts';
import { MAX_ATTEMPTS, retryDelayMs } from '../webhooks/schedule.ts';
import { sendWebhook, type Attempt } from '../webhooks/send.ts';
import type { EndpointTarget } from './claim.ts';
import type { DeliveryOutcome, EventSink, OutboundEvent } from './sink.ts';
import type { AttemptRecord } from './store.ts';

/** A sink is ours to keep up (JetStream): it never dead-letters, and waits at most this long
 * (scaled) between attempts. */
const SINK_MAX_DELAY_MS = 60_000;

/** One attempt to hand an event to a destination: the endpoint's HTTP POST, or the sink. */
export async function attemptDelivery(
  target: { endpoint: EndpointTarget } | { sink: EventSink },
  event: TenantEventRow,
  options: { webhooks: WebhookSettings; signal: AbortSignal },
): Promise<Attempt> {
  const outbound = toOutbound(event);
  if ('endpoint' in target) return sendWebhook(target.endpoint, outbound, { allowPrivateTargets: options.webhooks.allowPrivateTargets, signal: options.signal });
  const started = performance.now();
  let outcome: DeliveryOutcome;
  try {
    outcome = await target.sink.deliver(outbound);
  } catch (error) {
    outcome = { kind: 'retry', error: (error as Error).message };
  }
  // A sink is not a tenant's to turn off: `gone` is retried like any failure.
  if (outcome.kind === 'gone') outcome = { kind: 'retry', error: outcome.error };
  return { outcome, statusCode: null, latencyMs: Math.round(performance.now() - started) };
}

/** The delay before the next attempt after `failed` failed ones (schedule, jitter, Retry-After). */
export function delayAfter(failed: number, outcome: DeliveryOutcome, retryScale: number, sink: boolean): number {
  const retryAfterMs = outcome.kind === 'retry' ? outcome.retryAfterMs : undefined;
  const delay = retryDelayMs(Math.min(failed, MAX_ATTEMPTS - 1), retryScale, retryAfterMs);
  return sink ? Math.min(delay, SINK_MAX_DELAY_MS * retryScale) : delay;
}

/** An event as every destination receives it: `data` is the event as the pull API presents it. */
export function toOutbound(event: TenantEventRow): OutboundEvent {
  return {
    id: event.id,
    type: event.type,
    tenantId: event.tenantId,
    sequence: event.sequence,
    occurredAt: event.occurredAt,
    data: {
      id: event.id,
      type: event.type,
      tenantId: event.tenantId,
      sequence: event.sequence,
      occurredAt: event.occurredAt.toISOString(),
      actorId: event.actorId,
      targetUserId: event.targetUserId,
      batchId: event.batchId,
      data: event.data,
    },
  };
}

export function logRecord(endpointId: string, event: TenantEventRow, attempt: number, result: Attempt): AttemptRecord {
  const error = result.outcome.kind === 'delivered' ? null : result.outcome.error;
  return { endpointId, event, attempt, statusCode: result.statusCode, error, latencyMs: result.latencyMs, at: new Date() };
}
