import type { Tx } from './transaction.ts';

/** Row locks, named for what they protect. Lock order across the code base: tenant first
 * (readTenantAccess with lock, in domain/tenancy/policy.ts), then users. Every write that
 * changes who belongs to a tenant or what they may do in it takes the tenant lock first, so
 * decisions read under it cannot go stale and two admin writes in one tenant never deadlock. */

/** Locks a user row (its active tenant) against concurrent change. */
export async function lockUser(tx: Tx, userId: string): Promise<{ id: string; email: string; activeTenantId: string | null } | null> {
  const rows = await tx.$queryRaw<{ id: string; email: string; activeTenantId: string | null }[]>`
    SELECT id, email, active_tenant_id AS "activeTenantId" FROM users WHERE id = ${userId}::uuid FOR NO KEY UPDATE`;
  return rows[0] ?? null;
}
