import { Prisma } from '../generated/prisma/client.ts';
import { UNAWAITED } from './pipelined-client.ts';
import type { Tx } from './transaction.ts';

/** Every row lock the service takes, named for what it protects.
 *
 * Lock order, everywhere: tenants (in id order when several), then datasets (in id order),
 * then users. Every write that changes who belongs to a tenant or what they may do in it
 * locks the tenant first, so the decisions read under it cannot go stale and two writes in
 * one tenant never deadlock.
 *
 * Each lock is a statement of its own, before the reads it protects: after waiting for a row
 * lock PostgreSQL re-reads only the locked row, so a subquery of the same statement (roles,
 * memberships) would still see the rows as they were before the wait. The next statement takes
 * a fresh snapshot.
 *
 * A lock whose rows nobody reads is written UNAWAITED: on a pipelined connection the statement
 * after it travels in the same flight, and reports the lock's error if it failed
 * (src/db/pipelined-client.ts). PostgreSQL still runs the two in order. */

/** Marks a lock statement as one whose answer is not read. */
const unawaited = Prisma.raw(UNAWAITED);

/** How strongly a use-case holds the tenant row:
 * - `member`: FOR SHARE. Selecting a tenant changes only the caller's own row; it conflicts
 *   with the `manager` lock every membership write takes, so the membership read cannot go
 *   stale, while selections by many members of one tenant do not queue behind each other.
 * - `manager`: FOR NO KEY UPDATE. Changing members, roles or grants of the tenant.
 * - `owner`: FOR UPDATE. Changing tenants.owner_id, a column of the unique key (owner_id, id),
 *   is a key update; taken up front rather than upgraded from a weaker lock. */
export type TenantLock = 'member' | 'manager' | 'owner';

const TENANT_LOCK_SQL: Record<TenantLock, Prisma.Sql> = {
  member: Prisma.sql`FOR SHARE`,
  manager: Prisma.sql`FOR NO KEY UPDATE`,
  owner: Prisma.sql`FOR UPDATE`,
};

/** Locks one tenant row (nothing happens for an unknown tenant). */
export async function lockTenant(tx: Tx, tenantId: string, lock: TenantLock): Promise<void> {
  await tx.$queryRaw`${unawaited}SELECT id FROM tenants WHERE id = ${tenantId}::uuid ${TENANT_LOCK_SQL[lock]}`;
}

/** A membership ends (removal, departure): locks the tenant, then, only if the tenant exists,
 * the user, in one statement (tenant first, as the order says). */
export async function lockTenantAndUser(tx: Tx, tenantId: string, userId: string): Promise<void> {
  await tx.$queryRaw`${unawaited}
    WITH t AS (SELECT id FROM tenants WHERE id = ${tenantId}::uuid FOR NO KEY UPDATE)
    SELECT u.id FROM users u WHERE u.id = ${userId}::uuid AND EXISTS (SELECT 1 FROM t) FOR NO KEY UPDATE`;
}

/** A grant or revoke on datasets: locks the tenants of the named datasets, in id order (two
 * grants never deadlock), so memberships and roles cannot change under the decision. */
export async function lockDatasetTenants(tx: Tx, datasetIds: string[]): Promise<void> {
  if (!datasetIds.length) return;
  await tx.$queryRaw(Prisma.sql`${unawaited}
    SELECT t.id FROM tenants t
    WHERE t.id IN (SELECT d.tenant_id FROM datasets d WHERE d.id = ANY (${datasetIds}::uuid[]))
    ORDER BY t.id FOR NO KEY UPDATE`);
}

/** A revoke on datasets, after lockDatasetTenants: the dataset rows in id order. Personal
 * datasets have no tenant to lock, and two revokes on one dataset must not both pass the
 * `share` check on grants the other is removing. */
export async function lockDatasets(tx: Tx, datasetIds: string[]): Promise<void> {
  await tx.$queryRaw`${unawaited}SELECT id FROM datasets WHERE id = ANY (${datasetIds}::uuid[]) ORDER BY id FOR NO KEY UPDATE`;
}

/** Users after their tenant (a bulk removal, a reinstatement): in id order, so two batches over
 * overlapping users cannot deadlock. */
export async function lockUsers(tx: Tx, userIds: string[]): Promise<void> {
  await tx.$queryRaw`${unawaited}SELECT id FROM users WHERE id = ANY (${userIds}::uuid[]) ORDER BY id FOR NO KEY UPDATE`;
}

/** Before lockUser, for a write in the tenant the user acts in (a dataset created there, whose
 * event takes the tenant's next number): that tenant, read unlocked, so the tenant is locked
 * before the user as the order says. Should the user select another tenant in between, the
 * event's counter update locks that one after the user; a deadlock that follows is retried. */
export async function lockActiveTenant(tx: Tx, userId: string): Promise<void> {
  await tx.$queryRaw`${unawaited}
    SELECT t.id FROM tenants t WHERE t.id = (SELECT u.active_tenant_id FROM users u WHERE u.id = ${userId}::uuid) FOR NO KEY UPDATE`;
}

/** Locks a user row (its active tenant) against concurrent change; null for an unknown user. */
export async function lockUser(tx: Tx, userId: string): Promise<{ id: string; email: string; activeTenantId: string | null } | null> {
  const rows = await tx.$queryRaw<{ id: string; email: string; activeTenantId: string | null }[]>`
    SELECT id, email, active_tenant_id AS "activeTenantId" FROM users WHERE id = ${userId}::uuid FOR NO KEY UPDATE`;
  return rows[0] ?? null;
}

/** Inside a statement that purges expired rows (idempotency answers): lock each row it takes,
 * and skip the rows another transaction holds rather than wait for them: a purge is best effort,
 * the next store takes what this one left. */
export const LOCK_SKIPPING_HELD_ROWS = Prisma.sql`FOR UPDATE SKIP LOCKED`;
