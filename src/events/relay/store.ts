import type { PrismaClient } from '../../db/client.ts';
import { TENANT_EVENT_COLUMNS, toTenantEventRow, type RawTenantEventRow, type TenantEventRow } from '../../domain/events/list-tenant-events.ts';
import { Prisma } from '../../generated/prisma/client.ts';

/** The relay's statements. Each is one statement in a transaction of its own (autocommit): no
 * transaction is held across a delivery, so the embedded database, which runs one transaction
 * at a time, is never blocked by a slow receiver (docs/ARCHITECTURE.md §6). */

/** How long a claim holds a cursor without renewing: above one attempt's 15 s timeout plus its
 * recording. A relay killed mid-delivery gives its claims up when they lapse. */
export const LEASE_MS = 60_000;
/** Attempts kept in webhook_deliveries per endpoint (each process prunes after adding 100 more:
 * the log may briefly hold up to 100 per process above it). */
export const DELIVERY_LOG_KEPT = 1_000;

const lease = Prisma.sql`now() + ${LEASE_MS} * interval '1 millisecond'`;

export interface Claim {
  destination: string;
  tenantId: string;
  /** Set for a webhook endpoint's cursor. */
  endpointId: string | null;
  lastSeq: number;
  attempts: number;
  /** The fencing token: every write under the claim names it, so a lapsed claim taken over by
   * another relay cannot move the cursor. */
  claimedBy: string;
  /** tenants.last_event_seq as the claim read it: every event up to it had committed. */
  upTo: number;
  /** The stream's next attempt is due (else the claim is for queued redeliveries only). */
  streamDue: boolean;
}

/** Claims up to `limit` cursors with work due, skipping those another relay is claiming right
 * now (SKIP LOCKED) or holds by lease: a destination's due events, or (endpoints) events queued
 * to be sent again. Disabled endpoints and sinks this process does not run are left alone. */
export async function claimCursors(prisma: PrismaClient, sinks: readonly string[], limit: number): Promise<Claim[]> {
  const rows = await prisma.$queryRaw<(Omit<Claim, 'lastSeq' | 'upTo'> & { lastSeq: bigint; upTo: bigint })[]>`
    WITH due AS (
      SELECT c.destination, c.tenant_id, t.last_event_seq AS up_to
      FROM event_deliveries_cursor c
      JOIN tenants t ON t.id = c.tenant_id
      LEFT JOIN webhook_endpoints w ON w.id = c.endpoint_id
      WHERE (c.claimed_until IS NULL OR c.claimed_until < now())
        AND (CASE WHEN c.endpoint_id IS NULL THEN c.destination = ANY (${[...sinks]}::text[]) ELSE w.enabled END)
        AND ((t.last_event_seq > c.last_seq AND c.next_attempt_at <= now())
             OR (c.endpoint_id IS NOT NULL AND EXISTS (
                   SELECT 1 FROM webhook_dead_letters d WHERE d.endpoint_id = c.endpoint_id AND d.tenant_id = c.tenant_id AND d.replay_at <= now())))
      ORDER BY c.next_attempt_at
      LIMIT ${limit}
      FOR UPDATE OF c SKIP LOCKED
    )
    UPDATE event_deliveries_cursor c SET claimed_until = ${lease}, claimed_by = gen_random_uuid()
    FROM due WHERE c.destination = due.destination AND c.tenant_id = due.tenant_id
    RETURNING c.destination, c.tenant_id AS "tenantId", c.endpoint_id AS "endpointId", c.last_seq AS "lastSeq", c.attempts,
              c.claimed_by AS "claimedBy", due.up_to AS "upTo", c.next_attempt_at <= now() AS "streamDue"`;
  return rows.map((row) => ({ ...row, lastSeq: Number(row.lastSeq), upTo: Number(row.upTo) }));
}

/** Gives sinks a cursor for every tenant with events, from its first event kept (lazily: a sink
 * is not a row anyone creates, and a new tenant needs one as soon as it has events). */
export async function ensureSinkCursors(prisma: PrismaClient, sinks: readonly string[]): Promise<void> {
  if (!sinks.length) return;
  await prisma.$executeRaw`
    INSERT INTO event_deliveries_cursor (destination, tenant_id, last_seq)
    SELECT s.name, t.id, 0 FROM tenants t CROSS JOIN unnest(${[...sinks]}::text[]) AS s(name)
    WHERE t.last_event_seq > 0
      AND NOT EXISTS (SELECT 1 FROM event_deliveries_cursor c WHERE c.destination = s.name AND c.tenant_id = t.id)
    ON CONFLICT DO NOTHING`;
}

/** The tenant's events after `afterSeq` up to `upTo`, in order; only `types` when given. */
export async function readEvents(prisma: PrismaClient, claim: Claim, afterSeq: number, types: readonly string[] | null, limit: number): Promise<TenantEventRow[]> {
  const typeFilter = types ? Prisma.sql`AND e.action = ANY (${[...types]}::text[])` : Prisma.empty;
  const rows = await prisma.$queryRaw<RawTenantEventRow[]>`
    SELECT ${TENANT_EVENT_COLUMNS} FROM audit_events e
    WHERE e.tenant_id = ${claim.tenantId}::uuid AND e.tenant_seq > ${afterSeq} AND e.tenant_seq <= ${claim.upTo} ${typeFilter}
    ORDER BY e.tenant_seq LIMIT ${limit}`;
  return rows.map(toTenantEventRow);
}

export interface EndpointTarget {
  id: string;
  url: string;
  /** null = every type. */
  eventTypes: string[] | null;
  /** The current secret, then the previous one while it is still valid. */
  secrets: string[];
}

/** The endpoints still enabled among `ids`. */
export async function loadEndpoints(prisma: PrismaClient, ids: readonly string[]): Promise<Map<string, EndpointTarget>> {
  if (!ids.length) return new Map();
  const rows = await prisma.$queryRaw<{ id: string; url: string; eventTypes: string[] | null; secret: string; previous: string | null }[]>`
    SELECT id, url, event_types AS "eventTypes", secret,
           CASE WHEN previous_secret_expires_at > now() THEN previous_secret END AS previous
    FROM webhook_endpoints WHERE id = ANY (${[...ids]}::uuid[]) AND enabled`;
  return new Map(
    rows.map((row) => [row.id, { id: row.id, url: row.url, eventTypes: row.eventTypes?.length ? row.eventTypes : null, secrets: row.previous ? [row.secret, row.previous] : [row.secret] }]),
  );
}

/** One attempt, for the delivery log (webhook endpoints only). */
export interface AttemptRecord {
  endpointId: string;
  event: TenantEventRow;
  attempt: number;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
}

function logAttempt(record: AttemptRecord | null): Prisma.Sql {
  if (!record) return Prisma.empty;
  return Prisma.sql`, logged AS (
    INSERT INTO webhook_deliveries (endpoint_id, tenant_id, event_id, event_type, tenant_seq, attempt, status_code, error, latency_ms)
    VALUES (${record.endpointId}::uuid, ${record.event.tenantId}::uuid, ${record.event.id}::uuid, ${record.event.type}, ${record.event.sequence},
            ${record.attempt}, ${record.statusCode}, ${record.error}, ${record.latencyMs})
  )`;
}

export interface CursorMove {
  /** The cursor's new last_seq (never lowered). */
  lastSeq: number;
  /** Failed attempts at the event after it. */
  attempts: number;
  /** Delay before the next attempt; 0 = due now. */
  delayMs: number;
  lastError: string | null;
  /** Give the claim up (the claim is done), or renew its lease (more to deliver). */
  release: boolean;
  /** The event passed over after its last attempt (webhook endpoints): a dead letter. */
  dead?: { endpointId: string; event: TenantEventRow; attempts: number; error: string };
}

/** Moves the cursor under the claim, with the attempt's log row and the dead letter, in one
 * statement. False when the claim is no longer ours (it lapsed and another relay took it). */
export async function moveCursor(prisma: PrismaClient, claim: Claim, move: CursorMove, attempt: AttemptRecord | null): Promise<boolean> {
  const dead = move.dead
    ? Prisma.sql`, dead AS (
        INSERT INTO webhook_dead_letters (endpoint_id, event_id, tenant_id, tenant_seq, attempts, last_error, dead_at)
        VALUES (${move.dead.endpointId}::uuid, ${move.dead.event.id}::uuid, ${move.dead.event.tenantId}::uuid, ${move.dead.event.sequence}, ${move.dead.attempts}, ${move.dead.error}, now())
        ON CONFLICT (endpoint_id, event_id) DO UPDATE SET attempts = EXCLUDED.attempts, last_error = EXCLUDED.last_error, dead_at = now(), replay_at = NULL
      )`
    : Prisma.empty;
  const rows = await prisma.$queryRaw<{ moved: number }[]>`
    WITH moved AS (
      UPDATE event_deliveries_cursor
      SET last_seq = GREATEST(last_seq, ${move.lastSeq}), attempts = ${move.attempts},
          next_attempt_at = now() + ${move.delayMs} * interval '1 millisecond', last_error = ${move.lastError},
          claimed_until = ${move.release ? Prisma.sql`NULL` : lease}, claimed_by = ${move.release ? Prisma.sql`NULL` : Prisma.sql`claimed_by`}
      WHERE destination = ${claim.destination} AND tenant_id = ${claim.tenantId}::uuid AND claimed_by = ${claim.claimedBy}::uuid
      RETURNING 1
    ) ${logAttempt(attempt)} ${dead}
    SELECT count(*)::int AS moved FROM moved`;
  return rows[0].moved > 0;
}

/** Gives a claim up without moving the cursor (stopping, or nothing left). */
export async function releaseClaim(prisma: PrismaClient, claim: Claim): Promise<void> {
  await prisma.$executeRaw`
    UPDATE event_deliveries_cursor SET claimed_until = NULL, claimed_by = NULL
    WHERE destination = ${claim.destination} AND tenant_id = ${claim.tenantId}::uuid AND claimed_by = ${claim.claimedBy}::uuid`;
}

/** An endpoint answered 410: it is turned off, and its cursors stop where they are. */
export async function disableGoneEndpoint(prisma: PrismaClient, endpointId: string, attempt: AttemptRecord): Promise<void> {
  await prisma.$queryRaw`
    WITH off AS (UPDATE webhook_endpoints SET enabled = false, disabled_reason = 'GONE' WHERE id = ${endpointId}::uuid RETURNING 1)
    ${logAttempt(attempt)}
    SELECT count(*)::int AS n FROM off`;
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

/** The outcome of a redelivery: done (the row goes), again later, or dead again. */
export async function settleRedelivery(
  prisma: PrismaClient,
  endpointId: string,
  eventId: string,
  next: { done: true } | { done: false; attempts: number; delayMs: number | null; error: string },
  attempt: AttemptRecord | null,
): Promise<void> {
  const change = next.done
    ? Prisma.sql`DELETE FROM webhook_dead_letters WHERE endpoint_id = ${endpointId}::uuid AND event_id = ${eventId}::uuid`
    : Prisma.sql`UPDATE webhook_dead_letters SET attempts = ${next.attempts}, last_error = ${next.error},
        replay_at = ${next.delayMs === null ? Prisma.sql`NULL` : Prisma.sql`now() + ${next.delayMs} * interval '1 millisecond'`},
        dead_at = ${next.delayMs === null ? Prisma.sql`now()` : Prisma.sql`dead_at`}
      WHERE endpoint_id = ${endpointId}::uuid AND event_id = ${eventId}::uuid`;
  await prisma.$queryRaw`WITH changed AS (${change} RETURNING 1) ${logAttempt(attempt)} SELECT count(*)::int AS n FROM changed`;
}

/** Events committed and not yet delivered (nor passed over) by enabled destinations. */
export async function countPending(prisma: PrismaClient, sinks: readonly string[]): Promise<number> {
  const [row] = await prisma.$queryRaw<{ pending: bigint | null }[]>`
    SELECT sum(t.last_event_seq - c.last_seq) AS pending
    FROM event_deliveries_cursor c JOIN tenants t ON t.id = c.tenant_id LEFT JOIN webhook_endpoints w ON w.id = c.endpoint_id
    WHERE t.last_event_seq > c.last_seq AND (CASE WHEN c.endpoint_id IS NULL THEN c.destination = ANY (${[...sinks]}::text[]) ELSE w.enabled END)`;
  return Number(row?.pending ?? 0);
}
