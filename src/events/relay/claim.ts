import type { PrismaClient } from '../../db/client.ts';
import { TENANT_EVENT_COLUMNS, toTenantEventRow, type RawTenantEventRow, type TenantEventRow } from '../../domain/events/list-tenant-events.ts';
import { lease } from './store.ts';

/** Events read per claim before the cursor is claimed again (others get a turn). */
export const BATCH = 100;

export interface EndpointTarget {
  id: string;
  url: string;
  /** null = every type. */
  eventTypes: string[] | null;
  /** The current secret, then the previous one while it is still valid. */
  secrets: string[];
}

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
  /** Events of this (endpoint, tenant) are queued to be sent again, due now. */
  replayDue: boolean;
  /** The endpoint as the claim found it (enabled); null for a sink. */
  endpoint: EndpointTarget | null;
  /** Up to BATCH events after lastSeq up to upTo, in order, of the endpoint's types (none when
   * the stream is not due). */
  events: TenantEventRow[];
}

type ClaimRow = Partial<RawTenantEventRow> & {
  destination: string;
  claimTenantId: string;
  endpointId: string | null;
  lastSeq: bigint;
  attempts: number;
  claimedBy: string;
  upTo: bigint;
  streamDue: boolean;
  replayDue: boolean;
  url: string | null;
  eventTypes: string[] | null;
  secret: string | null;
  previous: string | null;
};

/** Claims up to `limit` cursors with work due, skipping those another relay is claiming right
 * now (SKIP LOCKED) or holds by lease: a destination's due events, or (endpoints) events queued
 * to be sent again. Disabled endpoints and sinks this process does not run are left alone. One
 * statement returns, with each claim, its endpoint and its first BATCH events: a row per event
 * (one with no event columns when there is none). */
export async function claimCursors(prisma: PrismaClient, sinks: readonly string[], limit: number): Promise<Claim[]> {
  const rows = await prisma.$queryRaw<ClaimRow[]>`
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
    ), claimed AS (
      UPDATE event_deliveries_cursor c SET claimed_until = ${lease}, claimed_by = gen_random_uuid()
      FROM due WHERE c.destination = due.destination AND c.tenant_id = due.tenant_id
      RETURNING c.destination, c.tenant_id, c.endpoint_id, c.last_seq, c.attempts, c.claimed_by, due.up_to,
                c.next_attempt_at <= now() AS stream_due
    )
    SELECT k.destination, k.tenant_id AS "claimTenantId", k.endpoint_id AS "endpointId", k.last_seq AS "lastSeq", k.attempts,
           k.claimed_by AS "claimedBy", k.up_to AS "upTo", k.stream_due AS "streamDue",
           (k.endpoint_id IS NOT NULL AND EXISTS (
              SELECT 1 FROM webhook_dead_letters d WHERE d.endpoint_id = k.endpoint_id AND d.tenant_id = k.tenant_id AND d.replay_at <= now())) AS "replayDue",
           w.url, w.event_types AS "eventTypes", w.secret,
           CASE WHEN w.previous_secret_expires_at > now() THEN w.previous_secret END AS previous,
           e.*
    FROM claimed k
    LEFT JOIN webhook_endpoints w ON w.id = k.endpoint_id
    LEFT JOIN LATERAL (
      SELECT ${TENANT_EVENT_COLUMNS} FROM audit_events e
      WHERE k.stream_due AND e.tenant_id = k.tenant_id AND e.tenant_seq > k.last_seq AND e.tenant_seq <= k.up_to
        AND (w.id IS NULL OR coalesce(cardinality(w.event_types), 0) = 0 OR e.action = ANY (w.event_types))
      ORDER BY e.tenant_seq LIMIT ${BATCH}
    ) e ON true
    ORDER BY k.destination, k.tenant_id, e.sequence`;
  const claims = new Map<string, Claim>();
  for (const row of rows) {
    const key = `${row.destination}\n${row.claimTenantId}`;
    let claim = claims.get(key);
    if (!claim) {
      claim = {
        destination: row.destination,
        tenantId: row.claimTenantId,
        endpointId: row.endpointId,
        lastSeq: Number(row.lastSeq),
        attempts: row.attempts,
        claimedBy: row.claimedBy,
        upTo: Number(row.upTo),
        streamDue: row.streamDue,
        replayDue: row.replayDue,
        endpoint: row.endpointId ? endpointOf(row.endpointId, row) : null,
        events: [],
      };
      claims.set(key, claim);
    }
    if (row.id) claim.events.push(eventOf(row as RawTenantEventRow));
  }
  return [...claims.values()];
}

function eventOf(row: RawTenantEventRow): TenantEventRow {
  const { id, type, tenantId, sequence, occurredAt, actorId, targetUserId, batchId, data } = row;
  return toTenantEventRow({ id, type, tenantId, sequence, occurredAt, actorId, targetUserId, batchId, data });
}

function endpointOf(id: string, row: ClaimRow): EndpointTarget {
  return { id, url: row.url!, eventTypes: row.eventTypes?.length ? row.eventTypes : null, secrets: row.previous ? [row.secret!, row.previous] : [row.secret!] };
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
