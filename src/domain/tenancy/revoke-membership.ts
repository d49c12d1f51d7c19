import { recordEffect, type Tx } from '../../db/transaction.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import type { DatasetPermissionKind } from '../../generated/prisma/client.ts';
import type { AuditAction } from '../audit/audit-actions.ts';
import { DATASET_LIST, permissionListSql, ROLE_LIST } from './holding-lists.ts';
import type { TenantAccess } from './policy.ts';
import { tenantAccessColumns } from './tenant-access.ts';
import { nextTenantSeq } from '../events/tenant-sequence.ts';

/** The facts a membership decision reads, as of the moment the locks were held: the tenant as
 * the actor sees it (TenantAccess; nulls when the tenant does not exist) and the target user. */
export interface MembershipFacts extends Omit<TenantAccess, 'tenantId'> {
  tenantId: string | null;
  targetId: string | null;
  targetEmail: string;
  targetIsActive: boolean;
  targetActiveTenantId: string | null;
  targetCreatedAt: Date;
  targetIsMember: boolean;
}

export interface RoleRef {
  id: string;
  name: string;
}

export interface DatasetRef {
  id: string;
  name: string;
}

/** One (dataset, permission) a user held directly and lost. */
export interface RevokedPermission {
  datasetId: string;
  datasetName: string;
  permission: DatasetPermissionKind;
}

/** What ending one user's membership took, exactly as the revoking statement returned it. */
export interface RevokedHoldings {
  userId: string;
  auditEventId: string;
  revokedRoles: RoleRef[];
  revokedDatasetPermissions: RevokedPermission[];
  /** Datasets the user owns in the tenant: they stay, with their owner. */
  ownedDatasets: DatasetRef[];
  activeTenantCleared: boolean;
}

export interface AuditStamp {
  actorId: string;
  action: Extract<AuditAction, 'tenant.user_removed' | 'tenant.user_left'>;
  requestId?: string;
  /** Shared by the events of one bulk removal. */
  batchId?: string;
}

/** The revocation itself, as CTEs that follow a `targets (user_id)` CTE listing the users to
 * take out of `tenantId`: their role assignments there, their direct permissions on its
 * datasets (all kinds, owned datasets included), the membership (the active-tenant key nulls
 * users.active_tenant_id with it), and one audit event per user whose membership went, which
 * records exactly what was revoked (reinstatement restores from it); the events take the tenant's
 * next numbers, consecutive, in user-id order (src/domain/events/tenant-sequence.ts). Set-based: one statement
 * for one user or a thousand. Ends with a `revoked` CTE of RevokedHoldings-shaped rows.
 * The deletes look the targets up by `= ANY (array)`, an index probe per user (a join to the
 * CTE lets the planner hash and scan whole tables). The users acting in the tenant are set to no
 * tenant here, in one update, rather than by the foreign key's ON DELETE SET NULL (a trigger
 * query per row, about 1 ms each), which then finds nothing left to do. Revoked roles are joined to the tenant's roles (exact: an
 * assignment's role is of its tenant by a composite key), so no plan reads every tenant's roles.
 * Every value in the audit JSON is a database column or a count, so it can hold nothing jsonb
 * refuses (text columns already exclude NUL and lone surrogates). */
export function revocationCtes(tenantId: string, stamp: AuditStamp): Prisma.Sql {
  const tenant = Prisma.sql`${tenantId}::uuid`;
  return Prisma.sql`
    revoked_roles AS (
      DELETE FROM role_assignments ra WHERE ra.user_id = ANY (ARRAY(SELECT user_id FROM targets)) AND ra.tenant_id = ${tenant} RETURNING ra.user_id, ra.role_id
    ), revoked_permissions AS (
      DELETE FROM dataset_permissions p WHERE p.user_id = ANY (ARRAY(SELECT user_id FROM targets)) AND p.tenant_id = ${tenant} RETURNING p.user_id, p.dataset_id, p.permission
    ), removed_membership AS (
      DELETE FROM memberships m WHERE m.user_id = ANY (ARRAY(SELECT user_id FROM targets)) AND m.tenant_id = ${tenant} RETURNING m.user_id
    ), cleared_active_tenant AS (
      UPDATE users u SET active_tenant_id = NULL FROM removed_membership rm WHERE u.id = rm.user_id AND u.active_tenant_id = ${tenant} RETURNING u.id
    ), role_lists AS (
      SELECT rr.user_id, ${ROLE_LIST} AS roles
      FROM revoked_roles rr JOIN roles r ON r.id = rr.role_id AND r.tenant_id = ${tenant} GROUP BY rr.user_id
    ), permission_lists AS (
      SELECT rp.user_id, ${permissionListSql('rp')} AS permissions
      FROM revoked_permissions rp JOIN datasets d ON d.id = rp.dataset_id GROUP BY rp.user_id
    ), owned_lists AS (
      SELECT d.owner_id AS user_id, ${DATASET_LIST} AS datasets
      FROM datasets d JOIN removed_membership rm ON rm.user_id = d.owner_id WHERE d.tenant_id = ${tenant} GROUP BY d.owner_id
    ), summary AS (
      SELECT rm.user_id, COALESCE(rl.roles, '[]'::jsonb) AS roles, COALESCE(pl.permissions, '[]'::jsonb) AS permissions,
             COALESCE(ol.datasets, '[]'::jsonb) AS owned, (u.active_tenant_id = ${tenant}) IS TRUE AS cleared
      FROM removed_membership rm JOIN users u ON u.id = rm.user_id
      LEFT JOIN role_lists rl ON rl.user_id = rm.user_id
      LEFT JOIN permission_lists pl ON pl.user_id = rm.user_id
      LEFT JOIN owned_lists ol ON ol.user_id = rm.user_id
    ), ${nextTenantSeq(tenantId, Prisma.sql`(SELECT count(*) FROM summary)`)}, audit AS (
      INSERT INTO audit_events (actor_id, action, tenant_id, target_user_id, details, request_id, batch_id, tenant_seq)
      SELECT ${stamp.actorId}::uuid, ${stamp.action}, ${tenant}, s.user_id,
             jsonb_build_object('revokedRoleCount', jsonb_array_length(s.roles), 'revokedDatasetPermissionCount', jsonb_array_length(s.permissions),
                                'activeTenantCleared', s.cleared, 'revokedRoles', s.roles, 'revokedDatasetPermissions', s.permissions),
             ${stamp.requestId ?? null}, ${stamp.batchId ?? null}::uuid,
             seq.last_seq - count(*) OVER () + row_number() OVER (ORDER BY s.user_id)
      FROM summary s CROSS JOIN seq
      RETURNING id, target_user_id
    ), revoked AS (
      SELECT s.user_id AS "userId", a.id AS "auditEventId", s.roles AS "revokedRoles", s.permissions AS "revokedDatasetPermissions",
             s.owned AS "ownedDatasets", s.cleared AS "activeTenantCleared"
      FROM summary s JOIN audit a ON a.target_user_id = s.user_id
    )`;
}

/** In ONE statement, after lockTenantAndUser (src/db/locks.ts): reads the facts and, only where
 * `guard` (a boolean SQL expression over the facts row `f`) holds, runs the revocation
 * (revocationCtes) for this one user. The caller applies its decision to the facts in the order
 * of docs/CONTRACT.md and throws (rolling everything back) on the first failure; the guard only
 * keeps a refused request from touching rows at all. `revoked` is null when nothing was revoked. */
export async function revokeMembership(
  tx: Tx,
  input: { tenantId: string; userId: string } & AuditStamp,
  guard: Prisma.Sql,
): Promise<MembershipFacts & { revoked: RevokedHoldings | null }> {
  const { tenantId, userId } = input;
  const [row] = await tx.$queryRaw<(MembershipFacts & { revoked: RevokedHoldings | null })[]>`
    WITH f AS (
      SELECT ${tenantAccessColumns(input.actorId, 't')},
             u.id AS "targetId", u.email AS "targetEmail", u.is_active AS "targetIsActive",
             u.active_tenant_id AS "targetActiveTenantId", u.created_at AS "targetCreatedAt",
             EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = t.id AND m.user_id = u.id) AS "targetIsMember"
      FROM (SELECT 1) AS one
      LEFT JOIN tenants t ON t.id = ${tenantId}::uuid
      LEFT JOIN users u ON u.id = ${userId}::uuid
    ), targets AS (
      SELECT ${userId}::uuid AS user_id FROM f WHERE ${guard}
    ), ${revocationCtes(tenantId, input)}
    SELECT f.*, (SELECT to_jsonb(revoked) FROM revoked) AS revoked FROM f`;
  if (row.revoked) recordEffect(tx);
  return row;
}

/** The facts' tenant as a TenantAccess for the policy (null when it does not exist). */
export function accessFromFacts(facts: MembershipFacts): TenantAccess | null {
  if (!facts.tenantId) return null;
  const { tenantId, name, ownerId, createdAt, isOwner, isMember, capabilities } = facts;
  return { tenantId, name, ownerId, createdAt, isOwner, isMember, capabilities };
}

/** What a removal or a departure reports: the tenant, the user as they are now, what went. */
export interface MembershipRemovalReceipt {
  tenant: { id: string; name: string; ownerId: string; createdAt: Date };
  user: { id: string; email: string; isActive: boolean; activeTenantId: string | null; createdAt: Date };
  revokedRoleCount: number;
  revokedDatasetPermissionCount: number;
  activeTenantCleared: boolean;
  auditEventId: string;
  revokedRoles: RoleRef[];
  revokedDatasetPermissions: RevokedPermission[];
  ownedDatasets: DatasetRef[];
}

/** The guard and the caller's decision disagreed: the decision let the request through, the
 * guard changed nothing. A fault in our code, not the caller's: logged and answered 500. */
class RemovalGuardMismatchError extends Error {
  constructor(input: { tenantId: string; userId: string }) {
    super(`Membership revocation: the decision allowed tenant ${input.tenantId} user ${input.userId}, the SQL guard revoked nothing`);
    this.name = 'RemovalGuardMismatchError';
  }
}

/** The receipt of a revocation the caller's decision allowed.
 * @throws RemovalGuardMismatchError when the guard nevertheless revoked nothing. */
export function receiptOf(input: { tenantId: string; userId: string }, result: MembershipFacts & { revoked: RevokedHoldings | null }): MembershipRemovalReceipt {
  if (!result.revoked) throw new RemovalGuardMismatchError(input);
  const tenant = { id: input.tenantId, name: result.name, ownerId: result.ownerId, createdAt: result.createdAt };
  const user = { id: input.userId, email: result.targetEmail, isActive: result.targetIsActive, activeTenantId: result.targetActiveTenantId, createdAt: result.targetCreatedAt };
  return receiptFrom(tenant, user, result.revoked);
}

/** One user's receipt from the tenant and the user as read before the revocation. */
export function receiptFrom(tenant: MembershipRemovalReceipt['tenant'], user: MembershipRemovalReceipt['user'], revoked: RevokedHoldings): MembershipRemovalReceipt {
  return {
    tenant,
    user: { ...user, activeTenantId: revoked.activeTenantCleared ? null : user.activeTenantId },
    revokedRoleCount: revoked.revokedRoles.length,
    revokedDatasetPermissionCount: revoked.revokedDatasetPermissions.length,
    activeTenantCleared: revoked.activeTenantCleared,
    auditEventId: revoked.auditEventId,
    revokedRoles: revoked.revokedRoles,
    revokedDatasetPermissions: revoked.revokedDatasetPermissions,
    ownedDatasets: revoked.ownedDatasets,
  };
}
