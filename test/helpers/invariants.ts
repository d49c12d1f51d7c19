import type { PrismaClient } from '../../src/db/client.ts';

/** One broken invariant: which rule, and the rows that break it (ids only). */
export interface Violation {
  invariant: string;
  rows: Record<string, unknown>[];
}

/** The invariants of docs/CONTRACT.md §1 as plain SQL over the whole database. The foreign keys should
 * make every query here return nothing; stress tests call this after a burst of parallel
 * requests to prove that no interleaving got past them. Returns [] when all hold. */
const CHECKS: { invariant: string; sql: string }[] = [
  {
    invariant: 'no role assignment without a membership in the role tenant',
    sql: `SELECT ra.user_id AS "userId", ra.tenant_id AS "tenantId", ra.role_id AS "roleId"
          FROM role_assignments ra
          LEFT JOIN memberships m ON m.user_id = ra.user_id AND m.tenant_id = ra.tenant_id
          WHERE m.user_id IS NULL`,
  },
  {
    invariant: 'a role assignment is in the tenant of its role',
    sql: `SELECT ra.user_id AS "userId", ra.tenant_id AS "tenantId", ra.role_id AS "roleId"
          FROM role_assignments ra JOIN roles r ON r.id = ra.role_id
          WHERE r.tenant_id <> ra.tenant_id`,
  },
  {
    invariant: "no user permission on a tenant's dataset without a membership in that tenant",
    sql: `SELECT p.id, p.user_id AS "userId", d.tenant_id AS "tenantId", p.dataset_id AS "datasetId", p.permission::text
          FROM dataset_permissions p JOIN datasets d ON d.id = p.dataset_id
          LEFT JOIN memberships m ON m.user_id = p.user_id AND m.tenant_id = d.tenant_id
          WHERE p.user_id IS NOT NULL AND d.tenant_id IS NOT NULL AND m.user_id IS NULL`,
  },
  {
    invariant: "a permission's tenant_id is its dataset's tenant",
    sql: `SELECT p.id, p.tenant_id AS "permissionTenantId", d.tenant_id AS "datasetTenantId"
          FROM dataset_permissions p JOIN datasets d ON d.id = p.dataset_id
          WHERE p.tenant_id IS DISTINCT FROM d.tenant_id`,
  },
  {
    invariant: "every tenant's owner is a member",
    sql: `SELECT t.id AS "tenantId", t.owner_id AS "ownerId"
          FROM tenants t LEFT JOIN memberships m ON m.user_id = t.owner_id AND m.tenant_id = t.id
          WHERE m.user_id IS NULL`,
  },
  {
    invariant: "every user's active tenant is one of their memberships",
    sql: `SELECT u.id AS "userId", u.active_tenant_id AS "activeTenantId"
          FROM users u LEFT JOIN memberships m ON m.user_id = u.id AND m.tenant_id = u.active_tenant_id
          WHERE u.active_tenant_id IS NOT NULL AND m.user_id IS NULL`,
  },
];

export async function checkInvariants(prisma: PrismaClient): Promise<Violation[]> {
  const results = await Promise.all(
    CHECKS.map(async ({ invariant, sql }) => ({ invariant, rows: await prisma.$queryRawUnsafe<Record<string, unknown>[]>(sql) })),
  );
  return results.filter((result) => result.rows.length > 0);
}

/** What a user holds in one tenant: memberships (0 or 1), role assignments, direct grants on
 * the tenant's datasets. For "removed means holding nothing there" assertions. */
export async function holdingsIn(prisma: PrismaClient, tenantId: string, userId: string) {
  const [member, roles, permissions] = await prisma.$transaction([
    prisma.membership.count({ where: { tenantId, userId } }),
    prisma.roleAssignment.count({ where: { tenantId, userId } }),
    prisma.datasetPermission.count({ where: { userId, dataset: { tenantId } } }),
  ]);
  return { member: member === 1, roles, permissions };
}

export interface CommittedAuditEvent {
  id: string;
  action: string;
  actorId: string | null;
  targetUserId: string | null;
  /** The writing transaction's id (xmin). */
  xid: bigint;
}

/** A tenant's audit events in the order their transactions took the tenant lock, which is the
 * order they committed in: every membership/role write locks the tenant row first and holds
 * the lock to commit.
 *
 * Neither column of audit_events can give that order: `created_at` is CURRENT_TIMESTAMP, the
 * transaction's START (a transaction queued behind the lock started before the holder
 * committed, and it is millisecond-rounded), and `id` is a random UUID. The row's xmin can:
 * PostgreSQL assigns a transaction its id when it first locks or writes a row, and a
 * transaction queued on a row lock gets it only after the lock is granted (measured on
 * PostgreSQL 15). So among transactions whose first locking statement is the tenant lock,
 * xid order is lock order. Real PostgreSQL only (PGlite runs one transaction at a time anyway). */
export async function auditEventsInLockOrder(prisma: PrismaClient, tenantId: string): Promise<CommittedAuditEvent[]> {
  return prisma.$queryRaw<CommittedAuditEvent[]>`
    SELECT id, action, actor_id AS "actorId", target_user_id AS "targetUserId", xmin::text::bigint AS xid
    FROM audit_events WHERE tenant_id = ${tenantId}::uuid
    ORDER BY xmin::text::bigint, created_at`;
}
