import { Prisma } from '../../generated/prisma/client.ts';

/** A tenant's events are numbered 1, 2, 3… (audit_events.tenant_seq) from a counter on the tenant
 * row (tenants.last_event_seq), raised in the transaction that writes them. The UPDATE holds the
 * tenant row until commit (every writer already holds it: src/db/locks.ts), so the next writer's
 * number waits for this one's commit or rollback: numbers commit in order, and a rollback (a
 * refusal, a preview) gives its numbers back. Hence no gaps, and a reader that sees number n has
 * seen every number below it (docs/ARCHITECTURE.md, "Events").
 *
 * A CTE named `seq` raising the counter by `count` (an SQL expression), returning `last_seq`,
 * the new last number: the rows written take last_seq - count + 1 … last_seq. With count 0 it
 * writes nothing and returns no row. */
export function nextTenantSeq(tenantId: string, count: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`seq AS (
    UPDATE tenants SET last_event_seq = last_event_seq + ${count} WHERE id = ${tenantId}::uuid AND ${count} > 0 RETURNING last_event_seq AS last_seq
  )`;
}
