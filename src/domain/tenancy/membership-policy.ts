import { Prisma } from '../../generated/prisma/client.ts';
import type { Tx } from '../../db/transaction.ts';
import { ForbiddenError, type NotFoundError } from '../errors.ts';
import { canManageUsersSql, tenantNotFound, tenantViewDenial, type TenantViewerAccess } from './policy.ts';

/** The decisions that rest on the caller's own standing in a tenant rather than on managing
 * it: acting in it or leaving it (any member: the same membership decision as seeing its
 * insides, policy.ts's tenantViewDenial) and giving it away (the owner only, because ownership
 * is the owner's own property). Shield rules read them without a lock; the use-cases read them
 * again under the tenant lock. */

export interface TenantStanding extends TenantViewerAccess {
  isOwner: boolean;
}

/** Row lock on the tenant, by what the caller is about to do:
 * - `share`: selecting a tenant changes only the caller's own row; FOR SHARE conflicts with the
 *   FOR NO KEY UPDATE every membership write takes, so the membership read cannot go stale,
 *   while selections by many members of one tenant do not queue behind each other;
 * - `owner`: changing tenants.owner_id, a column of the unique key (owner_id, id), is a key
 *   update and needs FOR UPDATE; taken up front rather than upgraded from a weaker lock. */
export type TenantLock = 'share' | 'owner';

const LOCK_SQL: Record<TenantLock, Prisma.Sql> = {
  share: Prisma.sql`FOR SHARE`,
  owner: Prisma.sql`FOR UPDATE`,
};

/** One query: does the tenant exist, is the actor a member, the owner, a manager. With `lock`,
 * the row lock is taken first, in a statement of its own: after waiting for a row lock
 * PostgreSQL re-reads only that row, so a membership subquery of the same statement would
 * still see memberships as they were before the wait. */
export async function readTenantStanding(db: Tx, actorId: string, tenantId: string, options: { lock?: TenantLock } = {}): Promise<TenantStanding | null> {
  if (options.lock) await db.$queryRaw`SELECT id FROM tenants WHERE id = ${tenantId}::uuid ${LOCK_SQL[options.lock]}`;
  const rows = await db.$queryRaw<TenantStanding[]>`
    SELECT t.id AS "tenantId", t.name, t.owner_id AS "ownerId", t.created_at AS "createdAt",
           ${canManageUsersSql(actorId, 't')} AS "canManageUsers",
           EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = t.id AND m.user_id = ${actorId}::uuid) AS "isMember",
           t.owner_id = ${actorId}::uuid AS "isOwner"
    FROM tenants t WHERE t.id = ${tenantId}::uuid`;
  return rows[0] ?? null;
}

export const NOT_THE_OWNER = 'Only the tenant owner can transfer ownership of the tenant.';

/** Acting in a tenant (selecting it, leaving it) needs membership: 404 for an unknown tenant
 * before 403 "User is not a member of this tenant". Returned, not thrown, for shield rules. */
export function membershipDenial(standing: TenantViewerAccess | null, tenantId: string): NotFoundError | ForbiddenError | null {
  return tenantViewDenial(standing, tenantId);
}

/** Giving a tenant away is the owner's alone: a manager may run the tenant, not give it away. */
export function ownershipDenial(standing: TenantStanding | null, tenantId: string): NotFoundError | ForbiddenError | null {
  if (!standing) return tenantNotFound(tenantId);
  if (!standing.isOwner) return new ForbiddenError(NOT_THE_OWNER);
  return null;
}

/** Locks the tenant FOR SHARE and applies the membership decision.
 * @throws NotFoundError for an unknown tenant; ForbiddenError for a non-member. */
export async function lockTenantForMember(tx: Tx, actorId: string, tenantId: string): Promise<TenantStanding> {
  const standing = await readTenantStanding(tx, actorId, tenantId, { lock: 'share' });
  const denial = membershipDenial(standing, tenantId);
  if (denial) throw denial;
  return standing!;
}

/** Locks the tenant FOR UPDATE and applies the ownership decision.
 * @throws NotFoundError for an unknown tenant; ForbiddenError when the actor is not the owner. */
export async function lockTenantForOwner(tx: Tx, actorId: string, tenantId: string): Promise<TenantStanding> {
  const standing = await readTenantStanding(tx, actorId, tenantId, { lock: 'owner' });
  const denial = ownershipDenial(standing, tenantId);
  if (denial) throw denial;
  return standing!;
}
