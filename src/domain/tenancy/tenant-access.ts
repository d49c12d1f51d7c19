import { lockTenant, type TenantLock } from '../../db/locks.ts';
import type { Tx } from '../../db/transaction.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import { ownershipDenial, tenantViewDenial, assertCanManageUsers, type TenantAccess, type TenantStanding, type TenantViewerAccess } from './policy.ts';

/** The reads that feed the tenancy policy (policy.ts), and the lock-read-decide steps the
 * use-cases start with. Shield rules read without a lock; use-cases read again under one. */

/** SQL for "actor may manage users of tenant `t`" (t = a tenants row alias). Holding a role
 * implies membership (role_assignments reference memberships), so no separate member test. */
export function canManageUsersSql(actorId: string, tenantAlias: string): Prisma.Sql {
  const t = Prisma.raw(tenantAlias);
  return Prisma.sql`(${t}.owner_id = ${actorId}::uuid OR EXISTS (
    SELECT 1 FROM role_assignments ra JOIN roles r ON r.id = ra.role_id
    WHERE ra.user_id = ${actorId}::uuid AND ra.tenant_id = ${t}.id AND 'MANAGE_USERS' = ANY (r.capabilities)))`;
}

/** The select list of a TenantAccess over the tenants row `t`: the one projection every read
 * of the policy's facts uses (this module, the memberships list, the removal's statement). */
export function tenantAccessColumns(actorId: string, tenantAlias: string): Prisma.Sql {
  const t = Prisma.raw(tenantAlias);
  return Prisma.sql`${t}.id AS "tenantId", ${t}.name, ${t}.owner_id AS "ownerId", ${t}.created_at AS "createdAt",
    ${canManageUsersSql(actorId, tenantAlias)} AS "canManageUsers"`;
}

function isMemberSql(actorId: string): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = t.id AND m.user_id = ${actorId}::uuid)`;
}

/** One query: does the tenant exist, who owns it, may the actor manage its users. */
export async function readTenantAccess(db: Tx, actorId: string, tenantId: string): Promise<TenantAccess | null> {
  const rows = await db.$queryRaw<TenantAccess[]>`SELECT ${tenantAccessColumns(actorId, 't')} FROM tenants t WHERE t.id = ${tenantId}::uuid`;
  return rows[0] ?? null;
}

/** readTenantAccess for many tenants in one statement, plus membership: the dashboard's
 * batched view of the same decision. Never locks: it answers what to show, not whether a
 * write may proceed. */
export function readTenantViewerAccess(db: Tx, actorId: string, tenantIds: readonly string[]): Promise<TenantViewerAccess[]> {
  return db.$queryRaw<TenantViewerAccess[]>`
    SELECT ${tenantAccessColumns(actorId, 't')}, ${isMemberSql(actorId)} AS "isMember"
    FROM tenants t WHERE t.id = ANY (${[...tenantIds]}::uuid[])`;
}

/** One query: does the tenant exist, is the actor a member, the owner, a manager. */
export async function readTenantStanding(db: Tx, actorId: string, tenantId: string): Promise<TenantStanding | null> {
  const rows = await db.$queryRaw<TenantStanding[]>`
    SELECT ${tenantAccessColumns(actorId, 't')}, ${isMemberSql(actorId)} AS "isMember", t.owner_id = ${actorId}::uuid AS "isOwner"
    FROM tenants t WHERE t.id = ${tenantId}::uuid`;
  return rows[0] ?? null;
}

/** What every membership, role and grant write in one tenant starts with: lock the tenant
 * (`manager`), read, apply manageUsersDenial.
 * @throws NotFoundError (tenant), ForbiddenError. */
export async function lockTenantForManager(tx: Tx, actorId: string, tenantId: string): Promise<TenantAccess> {
  await lockTenant(tx, tenantId, 'manager');
  const access = await readTenantAccess(tx, actorId, tenantId);
  assertCanManageUsers(access, tenantId);
  return access;
}

/** Acting in a tenant as a member (selecting it): lock (`member`), read, apply tenantViewDenial.
 * @throws NotFoundError (tenant), ForbiddenError (not a member). */
export async function lockTenantForMember(tx: Tx, actorId: string, tenantId: string): Promise<TenantStanding> {
  return lockAndDecide(tx, actorId, tenantId, 'member', tenantViewDenial);
}

/** Giving the tenant away: lock (`owner`), read, apply ownershipDenial.
 * @throws NotFoundError (tenant), ForbiddenError (not the owner). */
export async function lockTenantForOwner(tx: Tx, actorId: string, tenantId: string): Promise<TenantStanding> {
  return lockAndDecide(tx, actorId, tenantId, 'owner', ownershipDenial);
}

async function lockAndDecide(tx: Tx, actorId: string, tenantId: string, lock: TenantLock, decide: (s: TenantStanding | null, id: string) => Error | null) {
  await lockTenant(tx, tenantId, lock);
  const standing = await readTenantStanding(tx, actorId, tenantId);
  const denial = decide(standing, tenantId);
  if (denial) throw denial;
  return standing!;
}
