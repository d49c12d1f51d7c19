import type { Tx } from '../../db/transaction.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { AuditAction } from '../audit/audit-actions.ts';
import type { TenantAccess } from './policy.ts';
import { tenantAccessColumns } from './tenant-access.ts';

/** The facts a membership decision reads, as of the moment the locks were held: the tenant as
 * the actor sees it (TenantAccess; nulls when the tenant does not exist) and the target user. */
export interface MembershipFacts {
  tenantId: string | null;
  name: string;
  ownerId: string;
  createdAt: Date;
  canManageUsers: boolean | null;
  targetId: string | null;
  targetEmail: string;
  targetIsActive: boolean;
  targetActiveTenantId: string | null;
  targetCreatedAt: Date;
  isMember: boolean;
}

export interface Revocation {
  /** Null when the guard did not hold and nothing was changed. */
  auditEventId: string | null;
  revokedRoleCount: number;
  revokedDatasetPermissionCount: number;
  removedMembership: boolean;
  activeTenantCleared: boolean;
}

export interface RevokeInput {
  tenantId: string;
  userId: string;
  actorId: string;
  action: Extract<AuditAction, 'tenant.user_removed' | 'tenant.user_left'>;
  requestId?: string;
}

/** In ONE statement, after lockTenantAndUser (src/db/locks.ts): reads the facts and, only where
 * `guard` (a boolean SQL expression over the facts row `f`) holds, revokes the user's role
 * assignments in the tenant, their direct permissions on its datasets (all kinds, owned
 * datasets included), the membership (the active-tenant key nulls users.active_tenant_id with
 * it) and writes the audit event. The caller applies its decision to the facts in the order
 * of docs/CONTRACT.md and throws (rolling everything back) on the first failure; the guard only
 * keeps a refused request from touching rows at all. */
export async function revokeMembership(tx: Tx, input: RevokeInput, guard: Prisma.Sql) {
  const { tenantId, userId } = input;
  const [row] = await tx.$queryRaw<(MembershipFacts & Revocation)[]>`
    WITH f AS (
      SELECT ${tenantAccessColumns(input.actorId, 't')},
             u.id AS "targetId", u.email AS "targetEmail", u.is_active AS "targetIsActive",
             u.active_tenant_id AS "targetActiveTenantId", u.created_at AS "targetCreatedAt",
             EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = t.id AND m.user_id = u.id) AS "isMember"
      FROM (SELECT 1) AS one
      LEFT JOIN tenants t ON t.id = ${tenantId}::uuid
      LEFT JOIN users u ON u.id = ${userId}::uuid
    ), go AS (
      SELECT 1 FROM f WHERE ${guard}
    ), revoked_roles AS (
      DELETE FROM role_assignments WHERE user_id = ${userId}::uuid AND tenant_id = ${tenantId}::uuid AND EXISTS (SELECT 1 FROM go) RETURNING 1
    ), revoked_permissions AS (
      DELETE FROM dataset_permissions WHERE user_id = ${userId}::uuid AND tenant_id = ${tenantId}::uuid AND EXISTS (SELECT 1 FROM go) RETURNING 1
    ), removed_membership AS (
      DELETE FROM memberships WHERE user_id = ${userId}::uuid AND tenant_id = ${tenantId}::uuid AND EXISTS (SELECT 1 FROM go) RETURNING 1
    ), counts AS (
      SELECT (SELECT count(*) FROM revoked_roles)::int AS roles,
             (SELECT count(*) FROM revoked_permissions)::int AS permissions,
             EXISTS (SELECT 1 FROM removed_membership) AS membership,
             (SELECT "targetActiveTenantId" = ${tenantId}::uuid FROM f) IS TRUE AS cleared
    ), audit AS (
      INSERT INTO audit_events (actor_id, action, tenant_id, target_user_id, details, request_id)
      SELECT ${input.actorId}::uuid, ${input.action}, ${tenantId}::uuid, ${userId}::uuid,
             jsonb_build_object('revokedRoleCount', roles, 'revokedDatasetPermissionCount', permissions, 'activeTenantCleared', cleared),
             ${input.requestId ?? null}
      FROM counts WHERE EXISTS (SELECT 1 FROM go)
      RETURNING id
    )
    SELECT f.*, (SELECT id FROM audit) AS "auditEventId", counts.roles AS "revokedRoleCount",
           counts.permissions AS "revokedDatasetPermissionCount", counts.membership AS "removedMembership",
           counts.cleared AS "activeTenantCleared"
    FROM f, counts`;
  return row;
}

/** The facts' tenant as a TenantAccess for the policy (null when it does not exist). */
export function accessFromFacts(facts: MembershipFacts): TenantAccess | null {
  return facts.tenantId
    ? { tenantId: facts.tenantId, name: facts.name, ownerId: facts.ownerId, createdAt: facts.createdAt, canManageUsers: Boolean(facts.canManageUsers) }
    : null;
}

/** What a removal or a departure reports: the tenant, the user as they are now, the counts. */
export interface MembershipRemovalReceipt {
  tenant: { id: string; name: string; ownerId: string; createdAt: Date };
  user: { id: string; email: string; isActive: boolean; activeTenantId: string | null; createdAt: Date };
  revokedRoleCount: number;
  revokedDatasetPermissionCount: number;
  activeTenantCleared: boolean;
  auditEventId: string;
}

/** The guard and the caller's decision disagreed: the decision let the request through, the
 * guard changed nothing. A fault in our code, not the caller's: logged and answered 500. */
export class RemovalGuardMismatchError extends Error {
  constructor(input: { tenantId: string; userId: string }) {
    super(`Membership revocation: the decision allowed tenant ${input.tenantId} user ${input.userId}, the SQL guard revoked nothing`);
    this.name = 'RemovalGuardMismatchError';
  }
}

/** The receipt of a revocation the caller's decision allowed.
 * @throws RemovalGuardMismatchError when the guard nevertheless revoked nothing. */
export function receiptOf(input: { tenantId: string; userId: string }, result: MembershipFacts & Revocation): MembershipRemovalReceipt {
  if (!result.auditEventId || !result.removedMembership) throw new RemovalGuardMismatchError(input);
  return {
    tenant: { id: input.tenantId, name: result.name, ownerId: result.ownerId, createdAt: result.createdAt },
    user: {
      id: input.userId,
      email: result.targetEmail,
      isActive: result.targetIsActive,
      activeTenantId: result.activeTenantCleared ? null : result.targetActiveTenantId,
      createdAt: result.targetCreatedAt,
    },
    revokedRoleCount: result.revokedRoleCount,
    revokedDatasetPermissionCount: result.revokedDatasetPermissionCount,
    activeTenantCleared: result.activeTenantCleared,
    auditEventId: result.auditEventId,
  };
}
