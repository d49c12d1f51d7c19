import { lockTenant, type TenantLock } from '../../db/locks.ts';
import type { Tx } from '../../db/transaction.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import { assertMayDo, type TenantAccess } from './policy.ts';
import { capabilitiesGranting, MEMBER_ACTIONS, type TenantAction } from './tenant-actions.ts';

/** The reads that feed the tenancy policy (policy.ts), and the lock-read-decide step the
 * use-cases start with. Shield rules read without a lock; use-cases read again under one. */

function isMemberSql(actorId: string, tenantAlias: string): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = ${Prisma.raw(tenantAlias)}.id AND m.user_id = ${actorId}::uuid)`;
}

/** The select list of a TenantAccess over the tenants row `t`: the one projection every read
 * of the policy's facts uses (this module, the memberships list, the removal's statement).
 * `isMember` may be given where the query already knows it. */
export function tenantAccessColumns(actorId: string, tenantAlias: string, isMember = isMemberSql(actorId, tenantAlias)): Prisma.Sql {
  const t = Prisma.raw(tenantAlias);
  return Prisma.sql`${t}.id AS "tenantId", ${t}.name, ${t}.owner_id AS "ownerId", ${t}.created_at AS "createdAt",
    ${t}.owner_id = ${actorId}::uuid AS "isOwner", ${isMember} AS "isMember",
    ARRAY(SELECT DISTINCT held.capability::text FROM role_assignments ra JOIN roles r ON r.id = ra.role_id, unnest(r.capabilities) AS held(capability)
          WHERE ra.user_id = ${actorId}::uuid AND ra.tenant_id = ${t}.id ORDER BY 1) AS "capabilities"`;
}

/** mayDo (policy.ts) in SQL, over a row `row` of tenantAccessColumns: the guard of a statement
 * that decides and writes at once. Built from the same table, so the two cannot drift. */
export function mayDoSql(action: TenantAction, row: string): Prisma.Sql {
  const f = Prisma.raw(row);
  const byMembership = Prisma.raw(MEMBER_ACTIONS.includes(action) ? 'true' : 'false');
  return Prisma.sql`(${f}."isOwner" OR (${f}."isMember" AND (${byMembership} OR ${f}."capabilities" && ${capabilitiesGranting(action)}::text[])))`;
}

/** One query: does the tenant exist, and the caller's standing in it. */
export async function readTenantAccess(db: Tx, actorId: string, tenantId: string): Promise<TenantAccess | null> {
  const rows = await readTenantAccesses(db, actorId, [tenantId]);
  return rows[0] ?? null;
}

/** readTenantAccess for many tenants in one statement: the dashboard's batched view of the
 * same decision. Never locks: it answers what to show, not whether a write may proceed. */
export function readTenantAccesses(db: Tx, actorId: string, tenantIds: readonly string[]): Promise<TenantAccess[]> {
  return db.$queryRaw<TenantAccess[]>`SELECT ${tenantAccessColumns(actorId, 't')} FROM tenants t WHERE t.id = ANY (${[...tenantIds]}::uuid[])`;
}

/** How strongly each action's write locks the tenant (src/db/locks.ts): giving the tenant away
 * changes a key column, selecting it only needs it to stay, every other write is a manager's. */
const LOCK_FOR: Readonly<Record<TenantAction, TenantLock>> = {
  'tenant:view': 'member',
  'tenant:select': 'member',
  'tenant:leave': 'manager',
  'tenant:transfer-ownership': 'owner',
  'tenant.members:add': 'manager',
  'tenant.members:remove': 'manager',
  'tenant.members:reinstate': 'manager',
  'tenant.roles:manage': 'manager',
  'tenant.audit:read': 'member',
  // An endpoint's cursor starts at the tenant's last event number, which this lock holds still.
  'tenant.webhooks:manage': 'manager',
};

/** What every write in one tenant starts with: lock the tenant as the action needs, read the
 * caller's access again under the lock, and decide with the rule's own function.
 * @throws NotFoundError (tenant), ForbiddenError. */
export async function lockTenantFor(tx: Tx, actorId: string, tenantId: string, action: TenantAction): Promise<TenantAccess> {
  await lockTenant(tx, tenantId, LOCK_FOR[action]);
  const access = await readTenantAccess(tx, actorId, tenantId);
  assertMayDo(access, tenantId, action);
  return access;
}
