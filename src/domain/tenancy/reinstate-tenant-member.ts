import type { Actor } from '../actor.ts';
import { lockUsers } from '../../db/locks.ts';
import type { Tx } from '../../db/transaction.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { lockTenantFor } from './tenant-access.ts';
import { supersededSql } from './superseded-removal.ts';
import { notARemoval, recordedRevocations, reinstatementRefusal, type RemovalEventFacts } from './reinstatement-policy.ts';
import type { RevokedPermission, RoleRef } from './revoke-membership.ts';

export interface ReinstateInput {
  auditEventId: string;
  /** When given (the REST path), the event must belong to this tenant. */
  tenantId?: string | null;
  /** How many days back a removal may be undone (REINSTATE_WINDOW_DAYS). */
  windowDays: number;
  /** The moment the window is measured from; now unless given. */
  now?: Date;
}

export interface Reinstatement {
  tenant: { id: string; name: string; ownerId: string; createdAt: Date };
  user: { id: string; email: string; isActive: boolean; activeTenantId: string | null; createdAt: Date };
  /** The `tenant.user_reinstated` event. */
  auditEventId: string;
  removalEventId: string;
  reinstatedRoles: RoleRef[];
  reinstatedDatasetPermissions: RevokedPermission[];
  /** Recorded, but the role or dataset no longer exists in the tenant. */
  skippedRoles: RoleRef[];
  skippedDatasetPermissions: RevokedPermission[];
}

type EventRow = RemovalEventFacts;

interface TargetRow {
  id: string;
  email: string;
  isActive: boolean;
  activeTenantId: string | null;
  createdAt: Date;
  isMember: boolean;
}

/** Undoes a removal (a single one or one entry of a bulk removal) within the window: the
 * membership comes back, with the role assignments and direct dataset permissions the removal's
 * event recorded; a role or dataset that no longer exists in the tenant is skipped and reported.
 * Who: as for adding a user to the tenant. One transaction under the tenant lock (then the
 * user's), the same lock every removal takes, so a reinstatement and a removal of the same user
 * run one after the other; its own audit event `tenant.user_reinstated` names the removal.
 * @throws NotFoundError (tenant, NOT_A_REMOVAL, user), ForbiddenError, InvalidInputError
 * (REINSTATE_WINDOW_PASSED, USER_DEACTIVATED, NOT_RESTORABLE), ConflictError (ALREADY_MEMBER,
 * SUPERSEDED: only the latest change to the user's membership here can be undone). */
export async function reinstateTenantMember(
  tx: Tx,
  actor: Actor,
  input: ReinstateInput,
  meta: RequestMeta = {},
): Promise<Reinstatement> {
  const tenantId = input.tenantId ?? (await findAuditEventTenant(tx, input.auditEventId));
  if (!tenantId) throw notARemoval(input.auditEventId);
  const access = await lockTenantFor(tx, actor.userId, tenantId, 'tenant.members:reinstate');

  // After the tenant lock, which every change to who belongs to the tenant takes: `superseded` cannot go stale.
  const [event] = await tx.$queryRaw<EventRow[]>`
    SELECT e.id, e.action, e.created_at AS "occurredAt", e.tenant_id AS "tenantId", e.target_user_id AS "targetUserId", e.details,
           ${supersededSql('e')} AS superseded
    FROM audit_events e WHERE e.id = ${input.auditEventId}::uuid`;
  if (!event) throw notARemoval(input.auditEventId);
  const userId = event.targetUserId;
  if (userId) await lockUsers(tx, [userId]);
  const [target] = userId
    ? await tx.$queryRaw<TargetRow[]>`
        SELECT u.id, u.email, u.is_active AS "isActive", u.active_tenant_id AS "activeTenantId", u.created_at AS "createdAt",
               EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = ${tenantId}::uuid AND m.user_id = u.id) AS "isMember"
        FROM users u WHERE u.id = ${userId}::uuid`
    : [];
  const refusal = reinstatementRefusal(
    tenantId,
    event,
    { exists: Boolean(target), isActive: target?.isActive ?? false, isMember: target?.isMember ?? false },
    input.now ?? new Date(),
    input.windowDays,
  );
  if (refusal) throw refusal;
  const recorded = recordedRevocations(event.details)!;

  await tx.membership.create({ data: { userId: target.id, tenantId } });
  const [restored] = await tx.$queryRaw<{ roles: RoleRef[]; permissions: RevokedPermission[] }[]>`
    WITH roles_back AS (
      INSERT INTO role_assignments (user_id, tenant_id, role_id)
      SELECT ${target.id}::uuid, r.tenant_id, r.id FROM roles r
      WHERE r.id = ANY (${recorded.roles.map((role) => role.id)}::uuid[]) AND r.tenant_id = ${tenantId}::uuid
      RETURNING role_id
    ), permissions_back AS (
      INSERT INTO dataset_permissions (dataset_id, user_id, permission)
      SELECT d.id, ${target.id}::uuid, x.permission::"DatasetPermissionKind"
      FROM unnest(${recorded.permissions.map((p) => p.datasetId)}::uuid[], ${recorded.permissions.map((p) => p.permission)}::text[]) AS x(dataset_id, permission)
      JOIN datasets d ON d.id = x.dataset_id AND d.tenant_id = ${tenantId}::uuid
      ON CONFLICT DO NOTHING
      RETURNING dataset_id, permission
    )
    SELECT
      (SELECT COALESCE(jsonb_agg(jsonb_build_object('id', r.id, 'name', r.name) ORDER BY r.name, r.id), '[]'::jsonb)
       FROM roles_back rb JOIN roles r ON r.id = rb.role_id) AS roles,
      (SELECT COALESCE(jsonb_agg(jsonb_build_object('datasetId', d.id, 'datasetName', d.name, 'permission', pb.permission) ORDER BY d.name, d.id, pb.permission), '[]'::jsonb)
       FROM permissions_back pb JOIN datasets d ON d.id = pb.dataset_id) AS permissions`;

  const roleBack = new Set(restored.roles.map((role) => role.id));
  const permissionBack = new Set(restored.permissions.map((p) => `${p.datasetId}:${p.permission}`));
  const skippedRoles = recorded.roles.filter((role) => !roleBack.has(role.id));
  const skippedDatasetPermissions = recorded.permissions.filter((p) => !permissionBack.has(`${p.datasetId}:${p.permission}`));
  const auditEventId = await recordAudit(tx, {
    actorId: actor.userId,
    action: 'tenant.user_reinstated',
    tenantId,
    targetUserId: target.id,
    requestId: meta.requestId,
    details: {
      removalEventId: event.id,
      reinstatedRoles: restored.roles.map((role) => ({ ...role })),
      reinstatedDatasetPermissions: restored.permissions.map((p) => ({ ...p })),
      skippedRoles: skippedRoles.map((role) => ({ ...role })),
      skippedDatasetPermissions: skippedDatasetPermissions.map((p) => ({ ...p })),
    },
  });
  return {
    tenant: { id: access.tenantId, name: access.name, ownerId: access.ownerId, createdAt: access.createdAt },
    user: { id: target.id, email: target.email, isActive: target.isActive, activeTenantId: target.activeTenantId, createdAt: target.createdAt },
    auditEventId,
    removalEventId: event.id,
    reinstatedRoles: restored.roles,
    reinstatedDatasetPermissions: restored.permissions,
    skippedRoles,
    skippedDatasetPermissions,
  };
}

/** The tenant an audit event belongs to (null: no such event, or not a tenant's). */
export async function findAuditEventTenant(tx: Tx, auditEventId: string): Promise<string | null> {
  const [row] = await tx.$queryRaw<{ tenantId: string | null }[]>`SELECT tenant_id AS "tenantId" FROM audit_events WHERE id = ${auditEventId}::uuid`;
  return row?.tenantId ?? null;
}
