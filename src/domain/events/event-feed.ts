import type { Tx } from '../../db/transaction.ts';
import { Prisma } from '../../generated/prisma/client.ts';

/** Every tenant's events in one global order that is safe to page: by the writing transaction's
 * id (audit_events.xid), reading only below the oldest transaction still running
 * (pg_snapshot_xmin). Every transaction under that horizon has ended, so an event that becomes
 * visible later has an xid at or above it, and sorts after everything already read: a reader
 * that continues after its last (xid, id) skips nothing. created_at or a sequence would not do:
 * both are taken before commit, and transactions commit in another order.
 *
 * What a relay reading all tenants pages on; within one tenant the stream's own sequence
 * (list-tenant-events.ts) is the order to deliver in. Events without a tenant are here too. */

export interface FeedPosition {
  /** xid8 as decimal text (it exceeds 2^53). */
  xid: string;
  id: string;
}

export interface FeedEvent extends FeedPosition {
  type: string;
  tenantId: string | null;
  sequence: number | null;
}

/** Up to `limit` events after `after` (null = from the first), committed below the horizon. */
export async function readEventFeed(db: Tx, after: FeedPosition | null, limit: number): Promise<FeedEvent[]> {
  const from = after ? Prisma.sql`AND (e.xid, e.id) > (${after.xid}::xid8, ${after.id}::uuid)` : Prisma.empty;
  const rows = await db.$queryRaw<(Omit<FeedEvent, 'sequence'> & { sequence: bigint | null })[]>`
    SELECT e.xid::text AS xid, e.id, e.action AS type, e.tenant_id AS "tenantId", e.tenant_seq AS sequence
    FROM audit_events e
    WHERE e.xid < pg_snapshot_xmin(pg_current_snapshot())
      ${from}
    ORDER BY e.xid, e.id LIMIT ${limit}`;
  return rows.map((row) => ({ ...row, sequence: row.sequence === null ? null : Number(row.sequence) }));
}
