import type { Actor } from '../../auth/actor.ts';
import type { Tx } from '../../db/transaction.ts';
import type { RequestMeta } from '../audit/record-audit.ts';
import { NotFoundError, OwnerNotRemovableError } from '../errors.ts';
import { assertCanManageUsers, canManageUsersSql } from './policy.ts';

export interface RemoveUserFromTenantInput {
  tenantId: string;
  userId: string;
}

export interface RemovedUser {
  tenant: { id: string; name: string; ownerId: string; createdAt: Date };
  user: { id: string; email: string; isActive: boolean; activeTenantId: string | null; createdAt: Date };
  revokedRoleCount: number;
  revokedDatasetPermissionCount: number;
  activeTenantCleared: boolean;
  auditEventId: string;
}

interface LockedState {
  tenantId: string | null;
  tenantName: string;
  ownerId: string;
  tenantCreatedAt: Date;
  canManageUsers: boolean | null;
  targetId: string | null;
  targetEmail: string;
  targetIsActive: boolean;
  targetActiveTenantId: string | null;
  targetCreatedAt: Date;
  isMember: boolean;
}

/** Takes a user out of a tenant: every role assignment there, every permission they hold
 * directly on the tenant's datasets (owned ones included), the membership, and the active
 * tenant if it was this one; one audit event. Nothing else moves: their datasets stay, other
 * principals' grants and their other tenants are untouched. Two statements: one locks and
 * reads everything the decision needs, one makes every change set-based.
 * @throws NotFoundError (tenant, user, membership), ForbiddenError, OwnerNotRemovableError. */
export async function removeUserFromTenant(tx: Tx, actor: Actor, input: RemoveUserFromTenantInput, meta: RequestMeta = {}): Promise<RemovedUser> {
  const state = await lockAndRead(tx, actor, input);
  // Contract §2 checks 3–7, re-verified under the locks, in the contract's order.
  const access = state.tenantId
    ? { tenantId: state.tenantId, name: state.tenantName, ownerId: state.ownerId, createdAt: state.tenantCreatedAt, canManageUsers: Boolean(state.canManageUsers) }
    : null;
  assertCanManageUsers(access, input.tenantId);
  if (state.ownerId === input.userId) throw new OwnerNotRemovableError();
  if (!state.targetId) throw new NotFoundError(`Could not find user: ${input.userId}`);
  if (!state.isMember) throw new NotFoundError('User not found in this tenant.');

  const activeTenantCleared = state.targetActiveTenantId === input.tenantId;
  const [effect] = await tx.$queryRaw<{ auditEventId: string; roles: number; permissions: number }[]>`
    WITH revoked_roles AS (
      DELETE FROM role_assignments WHERE user_id = ${input.userId}::uuid AND tenant_id = ${input.tenantId}::uuid RETURNING 1
    ), revoked_permissions AS (
      DELETE FROM dataset_permissions WHERE user_id = ${input.userId}::uuid AND tenant_id = ${input.tenantId}::uuid RETURNING 1
    ), removed_membership AS (
      -- The active-tenant foreign key nulls users.active_tenant_id with it (ON DELETE SET NULL (active_tenant_id)).
      DELETE FROM memberships WHERE user_id = ${input.userId}::uuid AND tenant_id = ${input.tenantId}::uuid RETURNING 1
    ), counts AS (
      SELECT (SELECT count(*) FROM revoked_roles)::int AS roles,
             (SELECT count(*) FROM revoked_permissions)::int AS permissions,
             (SELECT count(*) FROM removed_membership)::int AS memberships
    )
    INSERT INTO audit_events (actor_id, action, tenant_id, target_user_id, details, request_id)
    SELECT ${actor.userId}::uuid, 'tenant.user_removed', ${input.tenantId}::uuid, ${input.userId}::uuid,
           jsonb_build_object('revokedRoleCount', roles, 'revokedDatasetPermissionCount', permissions,
                              'activeTenantCleared', ${activeTenantCleared}::boolean, 'removedMembership', memberships = 1),
           ${meta.requestId ?? null}
    FROM counts
    RETURNING id AS "auditEventId", (details->>'revokedRoleCount')::int AS roles, (details->>'revokedDatasetPermissionCount')::int AS permissions`;

  return {
    tenant: { id: input.tenantId, name: state.tenantName, ownerId: state.ownerId, createdAt: state.tenantCreatedAt },
    user: {
      id: input.userId,
      email: state.targetEmail,
      isActive: state.targetIsActive,
      activeTenantId: activeTenantCleared ? null : state.targetActiveTenantId,
      createdAt: state.targetCreatedAt,
    },
    revokedRoleCount: effect.roles,
    revokedDatasetPermissionCount: effect.permissions,
    activeTenantCleared,
    auditEventId: effect.auditEventId,
  };
}

/** Locks the tenant (then, only if it exists, the target user: tenant-first lock order) and
 * reads every fact checks 3–7 need, in one round trip. */
async function lockAndRead(tx: Tx, actor: Actor, input: RemoveUserFromTenantInput): Promise<LockedState> {
  const [state] = await tx.$queryRaw<LockedState[]>`
    WITH t AS (
      SELECT id, name, owner_id, created_at FROM tenants WHERE id = ${input.tenantId}::uuid FOR NO KEY UPDATE
    ), u AS (
      SELECT id, email, is_active, active_tenant_id, created_at FROM users
      WHERE id = ${input.userId}::uuid AND EXISTS (SELECT 1 FROM t) FOR NO KEY UPDATE
    )
    SELECT t.id AS "tenantId", t.name AS "tenantName", t.owner_id AS "ownerId", t.created_at AS "tenantCreatedAt",
           ${canManageUsersSql(actor.userId, 't')} AS "canManageUsers",
           u.id AS "targetId", u.email AS "targetEmail", u.is_active AS "targetIsActive",
           u.active_tenant_id AS "targetActiveTenantId", u.created_at AS "targetCreatedAt",
           EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = t.id AND m.user_id = ${input.userId}::uuid) AS "isMember"
    FROM (SELECT 1) AS one LEFT JOIN t ON true LEFT JOIN u ON true`;
  return state;
}
