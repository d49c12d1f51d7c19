import type { PrismaClient } from '../../db/client.ts';
import { TENANT_EVENT_COLUMNS, toTenantEventRow, type RawTenantEventRow, type TenantEventRow } from '../../domain/events/list-tenant-events.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import type { Claim } from './claim.ts';

/** The relay's writes. Each is one statement in a transaction of its own (autocommit): no
 * transaction is held across a delivery, so the embedded database, which runs one transaction
 * at a time, is never blocked by a slow receiver (docs/ARCHITECTURE.md §6). */

/** How long a claim holds a cursor without renewing: above one attempt's 15 s timeout plus its
 * recording. A relay killed mid-delivery gives its claims up when they lapse. */
export const LEASE_MS = 60_000;
/** Attempts kept in webhook_deliveries per endpoint (each process prunes after adding 100 more:
 * the log may briefly hold up to 100 per process above it). */
export const DELIVERY_LOG_KEPT = 1_000;

export const lease = Prisma.sql`now() + ${LEASE_MS} * interval '1 millisecond'`;

/** One attempt, for the delivery log (webhook endpoints only). */
export interface AttemptRecord {
  endpointId: string;
  event: TenantEventRow;
  attempt: number;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  /** When the attempt ended: rows written later, once per batch, keep the attempt's time. */
  at: Date;
}

/** An event passed over after its last attempt (webhook endpoints). */
export interface DeadLetter {
  endpointId: string;
  event: TenantEventRow;
  attempts: number;
  error: string;
}

/** The attempts as one INSERT, whatever their number: one JSON parameter, rows in attempt order. */
function logAttempts(records: readonly AttemptRecord[]): Prisma.Sql {
  if (!records.length) return Prisma.empty;
  const rows = records.map((r, n) => ({
    n,
    endpoint_id: r.endpointId,
    tenant_id: r.event.tenantId,
    event_id: r.event.id,
    event_type: r.event.type,
    tenant_seq: r.event.sequence,
    attempt: r.attempt,
    status_code: r.statusCode,
    error: r.error,
    latency_ms: r.latencyMs,
    at: r.at.toISOString(),
  }));
  return Prisma.sql`, logged AS (
    INSERT INTO webhook_deliveries (endpoint_id, tenant_id, event_id, event_type, tenant_seq, attempt, status_code, error, latency_ms, at)
    SELECT endpoint_id, tenant_id, event_id, event_type, tenant_seq, attempt, status_code, error, latency_ms, at
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS l(n int, endpoint_id uuid, tenant_id uuid, event_id uuid, event_type text, tenant_seq bigint, attempt int, status_code int, error text, latency_ms int, at timestamptz)
    ORDER BY n
  )`;
}

function deadLetters(dead: readonly DeadLetter[]): Prisma.Sql {
  if (!dead.length) return Prisma.empty;
  const rows = dead.map((d) => ({ endpoint_id: d.endpointId, event_id: d.event.id, tenant_id: d.event.tenantId, tenant_seq: d.event.sequence, attempts: d.attempts, last_error: d.error }));
  return Prisma.sql`, dead AS (
    INSERT INTO webhook_dead_letters (endpoint_id, event_id, tenant_id, tenant_seq, attempts, last_error, dead_at)
    SELECT endpoint_id, event_id, tenant_id, tenant_seq, attempts, last_error, now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS d(endpoint_id uuid, event_id uuid, tenant_id uuid, tenant_seq bigint, attempts int, last_error text)
    ON CONFLICT (endpoint_id, event_id) DO UPDATE SET attempts = EXCLUDED.attempts, last_error = EXCLUDED.last_error, dead_at = now(), replay_at = NULL
  )`;
}

/** An endpoint answered 410: it is turned off, and its cursors stop where they are. */
function turnOff(endpointId: string | null): Prisma.Sql {
  if (!endpointId) return Prisma.empty;
  return Prisma.sql`, off AS (UPDATE webhook_endpoints SET enabled = false, disabled_reason = 'GONE' WHERE id = ${endpointId}::uuid)`;
}

export interface CursorMove {
  /** The cursor's new last_seq (never lowered). */
  lastSeq: number;
  /** Failed attempts at the event after it. */
  attempts: number;
  /** Delay before the next attempt; 0 = due now. */
  delayMs: number;
  /** undefined keeps the cursor's (a lease renewal before anything was settled). */
  lastError: string | null | undefined;
  /** Give the claim up (the claim is done), or renew its lease (more to deliver). */
  release: boolean;
  /** The batch's attempts since the last move, for the delivery log. */
  log?: readonly AttemptRecord[];
  /** Events passed over after their last attempt: dead letters. */
  dead?: readonly DeadLetter[];
  /** The endpoint that answered 410, turned off in the same statement. */
  gone?: string;
}

/** Moves the cursor under the claim, with the batch's log rows, its dead letters and a 410's
 * endpoint, in one statement. False when the claim is no longer ours (it lapsed and another
 * relay took it): the cursor stays, the attempts are logged all the same (they happened). */
export async function moveCursor(prisma: PrismaClient, claim: Claim, move: CursorMove): Promise<boolean> {
  const rows = await prisma.$queryRaw<{ moved: number }[]>`
    WITH moved AS (
      UPDATE event_deliveries_cursor
      SET last_seq = GREATEST(last_seq, ${move.lastSeq}), attempts = ${move.attempts},
          next_attempt_at = now() + ${move.delayMs} * interval '1 millisecond',
          last_error = ${move.lastError === undefined ? Prisma.sql`last_error` : move.lastError},
          claimed_until = ${move.release ? Prisma.sql`NULL` : lease}, claimed_by = ${move.release ? Prisma.sql`NULL` : Prisma.sql`claimed_by`}
      WHERE destination = ${claim.destination} AND tenant_id = ${claim.tenantId}::uuid AND claimed_by = ${claim.claimedBy}::uuid
      RETURNING 1
    ) ${logAttempts(move.log ?? [])} ${deadLetters(move.dead ?? [])} ${turnOff(move.gone ?? null)}
    SELECT count(*)::int AS moved FROM moved`;
  return rows[0].moved > 0;
}

/** Gives a claim up without moving the cursor (stopping, or nothing left). */
export async function releaseClaim(prisma: PrismaClient, claim: Claim): Promise<void> {
  await prisma.$executeRaw`
    UPDATE event_deliveries_cursor SET claimed_until = NULL, claimed_by = NULL
    WHERE destination = ${claim.destination} AND tenant_id = ${claim.tenantId}::uuid AND claimed_by = ${claim.claimedBy}::uuid`;
}

/** Keeps the newest DELIVERY_LOG_KEPT attempts of an endpoint. */
export async function pruneDeliveryLog(prisma: PrismaClient, endpointId: string): Promise<void> {
  await prisma.$executeRaw`
    DELETE FROM webhook_deliveries WHERE endpoint_id = ${endpointId}::uuid AND id < (
      SELECT id FROM webhook_deliveries WHERE endpoint_id = ${endpointId}::uuid ORDER BY id DESC OFFSET ${DELIVERY_LOG_KEPT - 1} LIMIT 1)`;
}

export interface Redelivery {
  eventId: string;
  attempts: number;
  /** null when the event is no longer kept (the audit retention removed it). */
  event: TenantEventRow | null;
}

/** Events of this (endpoint, tenant) queued to be sent again, due now, oldest first. */
export async function dueRedeliveries(prisma: PrismaClient, claim: Claim, limit: number): Promise<Redelivery[]> {
  const rows = await prisma.$queryRaw<(Partial<RawTenantEventRow> & { eventId: string; attempts: number; found: boolean })[]>`
    SELECT d.event_id AS "eventId", d.attempts, e.id IS NOT NULL AS found, ${TENANT_EVENT_COLUMNS}
    FROM webhook_dead_letters d LEFT JOIN audit_events e ON e.id = d.event_id
    WHERE d.endpoint_id = ${claim.endpointId}::uuid AND d.tenant_id = ${claim.tenantId}::uuid AND d.replay_at <= now()
    ORDER BY d.tenant_seq LIMIT ${limit}`;
  return rows.map(({ eventId, attempts, found, ...event }) => ({ eventId, attempts, event: found ? toTenantEventRow(event as RawTenantEventRow) : null }));
}

/** The outcome of a redelivery: done (the row goes), again later, or dead again; with its log
 * row, and the endpoint turned off when it answered 410. */
export async function settleRedelivery(
  prisma: PrismaClient,
  endpointId: string,
  eventId: string,
  next: { done: true } | { done: false; attempts: number; delayMs: number | null; error: string },
  attempt: AttemptRecord | null,
  gone = false,
): Promise<void> {
  const change = next.done
    ? Prisma.sql`DELETE FROM webhook_dead_letters WHERE endpoint_id = ${endpointId}::uuid AND event_id = ${eventId}::uuid`
    : Prisma.sql`UPDATE webhook_dead_letters SET attempts = ${next.attempts}, last_error = ${next.error},
        replay_at = ${next.delayMs === null ? Prisma.sql`NULL` : Prisma.sql`now() + ${next.delayMs} * interval '1 millisecond'`},
        dead_at = ${next.delayMs === null ? Prisma.sql`now()` : Prisma.sql`dead_at`}
      WHERE endpoint_id = ${endpointId}::uuid AND event_id = ${eventId}::uuid`;
  await prisma.$queryRaw`WITH changed AS (${change} RETURNING 1) ${logAttempts(attempt ? [attempt] : [])} ${turnOff(gone ? endpointId : null)}
    SELECT count(*)::int AS n FROM changed`;
}

/** Events committed and not yet delivered (nor passed over) by enabled destinations. */
export async function countPending(prisma: PrismaClient, sinks: readonly string[]): Promise<number> {
  const [row] = await prisma.$queryRaw<{ pending: bigint | null }[]>`
    SELECT sum(t.last_event_seq - c.last_seq) AS pending
    FROM event_deliveries_cursor c JOIN tenants t ON t.id = c.tenant_id LEFT JOIN webhook_endpoints w ON w.id = c.endpoint_id
    WHERE t.last_event_seq > c.last_seq AND (CASE WHEN c.endpoint_id IS NULL THEN c.destination = ANY (${[...sinks]}::text[]) ELSE w.enabled END)`;
  return Number(row?.pending ?? 0);
}

/** Whether any webhook endpoint is enabled: when none is and no sink runs, the relay has
 * nowhere to deliver. */
export async function anyEnabledEndpoint(prisma: PrismaClient): Promise<boolean> {
  const [row] = await prisma.$queryRaw<{ any: boolean }[]>`SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE enabled) AS any`;
  return row.any;
}
