import type { Actor } from '../../actor.ts';
import type { Tx } from '../../../db/transaction.ts';
import { Prisma } from '../../../generated/prisma/client.ts';
import { decodeCursor, encodeCursor, pageSize } from '../../cursor.ts';
import { readableEndpoint } from './webhook-endpoint.ts';

/** An endpoint's delivery log and dead letters (`tenant.webhooks:manage`). The log keeps the
 * newest 1,000 attempts per endpoint (src/events/relay/store.ts, DELIVERY_LOG_KEPT). */

export interface WebhookDeliveryAttempt {
  eventId: string;
  eventType: string;
  sequence: number;
  /** 1 for the first attempt at this event, up to 8. */
  attempt: number;
  /** The HTTP status answered; null when none was (timeout, connection refused, target refused). */
  statusCode: number | null;
  /** Why it failed; null when delivered. */
  error: string | null;
  latencyMs: number;
  at: Date;
}

export interface WebhookDeliveryPage {
  attempts: WebhookDeliveryAttempt[];
  hasNextPage: boolean;
  /** Pass as `after` for older attempts; null on an empty page. */
  endCursor: string | null;
}

export interface WebhookDeadLetter {
  eventId: string;
  eventType: string | null;
  sequence: number;
  attempts: number;
  lastError: string | null;
  /** When it died; null for an event queued by a resend that never died. */
  deadAt: Date | null;
  /** Queued to be sent again at; null = dead, waiting for a replay. */
  replayAt: Date | null;
}

export const MAX_DELIVERY_PAGE = 200;

/** The log, newest first.
 * @throws NotFoundError (endpoint), ForbiddenError, InvalidInputError (page size, cursor). */
export async function listWebhookDeliveries(tx: Tx, actor: Actor, input: { endpointId: string; first?: number | null; after?: string | null }): Promise<WebhookDeliveryPage> {
  await readableEndpoint(tx, actor.userId, input.endpointId);
  const first = pageSize(input.first, 50, MAX_DELIVERY_PAGE);
  const before = input.after
    ? decodeCursor(input.after, (value) => (Array.isArray(value) && value[0] === 'wd' && value[1] === input.endpointId && typeof value[2] === 'string' && /^\d+$/.test(value[2]) ? value[2] : null))
    : null;
  const rows = await tx.$queryRaw<(Omit<WebhookDeliveryAttempt, 'sequence'> & { id: bigint; sequence: bigint })[]>`
    SELECT id, event_id AS "eventId", event_type AS "eventType", tenant_seq AS sequence, attempt, status_code AS "statusCode", error,
           latency_ms AS "latencyMs", at
    FROM webhook_deliveries WHERE endpoint_id = ${input.endpointId}::uuid ${before ? Prisma.sql`AND id < ${BigInt(before)}` : Prisma.empty}
    ORDER BY id DESC LIMIT ${first + 1}`;
  const page = rows.slice(0, first);
  const last = page.at(-1);
  return {
    attempts: page.map(({ id: _id, ...row }) => ({ ...row, sequence: Number(row.sequence) })),
    hasNextPage: rows.length > first,
    endCursor: last ? encodeCursor(['wd', input.endpointId, String(last.id)]) : null,
  };
}

/** Dead letters and queued redeliveries, in stream order (at most one per event).
 * @throws NotFoundError (endpoint), ForbiddenError. */
export async function listWebhookDeadLetters(tx: Tx, actor: Actor, input: { endpointId: string }): Promise<WebhookDeadLetter[]> {
  await readableEndpoint(tx, actor.userId, input.endpointId);
  const rows = await tx.$queryRaw<(Omit<WebhookDeadLetter, 'sequence'> & { sequence: bigint })[]>`
    SELECT d.event_id AS "eventId", e.action AS "eventType", d.tenant_seq AS sequence, d.attempts, d.last_error AS "lastError",
           d.dead_at AS "deadAt", d.replay_at AS "replayAt"
    FROM webhook_dead_letters d LEFT JOIN audit_events e ON e.id = d.event_id
    WHERE d.endpoint_id = ${input.endpointId}::uuid ORDER BY d.tenant_seq`;
  return rows.map((row) => ({ ...row, sequence: Number(row.sequence) }));
}
