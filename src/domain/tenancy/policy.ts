import { Prisma } from '../../generated/prisma/client.ts';
import type { Tx } from '../../db/transaction.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';

/** The one decision on managing a tenant's users: the owner, or a member holding
 * MANAGE_USERS through a role of that tenant. Shield rules, use-cases (under lock) and the
 * `viewerCan…` fields all come here. */

export interface TenantAccess {
  tenantId: string;
  name: string;
  ownerId: string;
  createdAt: Date;
  canManageUsers: boolean;
}

/** SQL for "actor may manage users of tenant `t`" (t = a tenants row alias). Holding a role
 * implies membership (role_assignments reference memberships), so no separate member test. */
export function canManageUsersSql(actorId: string, tenantAlias: string): Prisma.Sql {
  const t = Prisma.raw(tenantAlias);
  return Prisma.sql`(${t}.owner_id = ${actorId}::uuid OR EXISTS (
    SELECT 1 FROM role_assignments ra JOIN roles r ON r.id = ra.role_id
    WHERE ra.user_id = ${actorId}::uuid AND ra.tenant_id = ${t}.id AND 'MANAGE_USERS' = ANY (r.capabilities)))`;
}

/** One query: does the tenant exist, who owns it, may the actor manage its users.
 * With `lock`, the tenant row is locked (FOR NO KEY UPDATE) for the rest of the transaction:
 * every write that changes membership, roles or ownership takes this lock first, so the
 * answer cannot go stale before the caller acts on it (see src/db/locks.ts for the order). */
export async function readTenantAccess(db: Tx, actorId: string, tenantId: string, options: { lock?: boolean } = {}): Promise<TenantAccess | null> {
  // The lock is its own statement: after waiting for a row lock PostgreSQL re-reads only that
  // row, so the role subquery of the same statement would still see the old roles.
  if (options.lock) await db.$queryRaw`SELECT id FROM tenants WHERE id = ${tenantId}::uuid FOR NO KEY UPDATE`;
  const rows = await db.$queryRaw<TenantAccess[]>`
    SELECT t.id AS "tenantId", t.name, t.owner_id AS "ownerId", t.created_at AS "createdAt", ${canManageUsersSql(actorId, 't')} AS "canManageUsers"
    FROM tenants t WHERE t.id = ${tenantId}::uuid`;
  return rows[0] ?? null;
}

/** Locks the tenant and applies the decision: what every membership/role write starts with.
 * @throws NotFoundError, ForbiddenError (see assertCanManageUsers). */
export async function lockTenantForManager(tx: Tx, actorId: string, tenantId: string): Promise<TenantAccess> {
  const access = await readTenantAccess(tx, actorId, tenantId, { lock: true });
  assertCanManageUsers(access, tenantId);
  return access;
}

export const NOT_AUTHORIZED_TO_MANAGE = 'User is not authorized to manage users for this tenant';

export function tenantNotFound(tenantId: string): NotFoundError {
  return new NotFoundError(`Could not find tenant: ${tenantId}`);
}

/** The decision, in the contract's order: a missing tenant answers 404 before 403.
 * @throws NotFoundError when the tenant does not exist; ForbiddenError when the actor may not manage it. */
export function assertCanManageUsers(access: TenantAccess | null, tenantId: string): asserts access is TenantAccess {
  const denial = manageUsersDenial(access, tenantId);
  if (denial) throw denial;
}

/** The same decision as a value, for shield rules (which must return, not throw, errors). */
export function manageUsersDenial(access: TenantAccess | null, tenantId: string): NotFoundError | ForbiddenError | null {
  if (!access) return tenantNotFound(tenantId);
  if (!mayManageUsers(access)) return new ForbiddenError(NOT_AUTHORIZED_TO_MANAGE);
  return null;
}

/** The same decision as a flag, for `viewerCan…` fields: a list of 500 tenants asks it 500
 * times, and an error object (with its stack trace) per answer is what it would cost. */
export function mayManageUsers(access: TenantAccess | null): access is TenantAccess {
  return access !== null && access.canManageUsers;
}

/** TenantAccess plus "is the actor a member": what the read side needs to decide visibility. */
export interface TenantViewerAccess extends TenantAccess {
  isMember: boolean;
}

/** readTenantAccess for many tenants in one statement, plus membership: the dashboard's
 * batched view of the same decision (the manage-users part is canManageUsersSql, unchanged).
 * Never locks: it answers what to show, not whether a write may proceed. */
export function readTenantViewerAccess(db: Tx, actorId: string, tenantIds: readonly string[]): Promise<TenantViewerAccess[]> {
  return db.$queryRaw<TenantViewerAccess[]>`
    SELECT t.id AS "tenantId", t.name, t.owner_id AS "ownerId", t.created_at AS "createdAt",
      ${canManageUsersSql(actorId, 't')} AS "canManageUsers",
      EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = t.id AND m.user_id = ${actorId}::uuid) AS "isMember"
    FROM tenants t WHERE t.id = ANY (${[...tenantIds]}::uuid[])`;
}

export const NOT_A_MEMBER = 'User is not a member of this tenant';

/** Who may see a tenant's insides (members, roles, datasets): its members. A missing tenant
 * answers 404 before any 403, as everywhere. Returned, not thrown, for shield rules. */
export function tenantViewDenial(access: TenantViewerAccess | null, tenantId: string): NotFoundError | ForbiddenError | null {
  if (!access) return tenantNotFound(tenantId);
  if (!access.isMember) return new ForbiddenError(NOT_A_MEMBER);
  return null;
}

/** "May the actor remove this member": the removal's own decision (manageUsersDenial) and the
 * one target it always refuses, the owner. What `viewerCanRemove` shows. */
export function canRemoveMember(access: TenantAccess | null, memberId: string): boolean {
  return mayManageUsers(access) && memberId !== access.ownerId;
}
