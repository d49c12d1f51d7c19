import type { Actor } from '../actor.ts';
import type { Tx } from '../../db/transaction.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { lockRoleForManager } from './lock-role-for-manager.ts';

/** Deletes a role with everything that hangs on it: its assignments and the dataset
 * permissions granted to it (explicit deletes, so the audit event can count them; the foreign
 * keys would cascade the same rows). Owner or MANAGE_USERS in the role's tenant, under the
 * tenant lock, which grants to the role also take. A manager may delete the role that makes
 * them one: the owner always manages, so a tenant can never be left without a manager.
 * @throws NotFoundError (role), ForbiddenError. */
export async function deleteRole(tx: Tx, actor: Actor, input: { roleId: string }, meta: RequestMeta = {}) {
  const role = await lockRoleForManager(tx, actor.userId, input.roleId);
  const assignments = await tx.roleAssignment.deleteMany({ where: { roleId: role.id } });
  const permissions = await tx.datasetPermission.deleteMany({ where: { roleId: role.id } });
  await tx.role.delete({ where: { id: role.id } });
  const auditEventId = await recordAudit(tx, {
    actorId: actor.userId,
    action: 'role.deleted',
    tenantId: role.tenantId,
    details: {
      roleId: role.id,
      name: role.name,
      capabilities: role.capabilities,
      revokedAssignmentCount: assignments.count,
      revokedDatasetPermissionCount: permissions.count,
    },
    requestId: meta.requestId,
  });
  return { role, revokedAssignmentCount: assignments.count, revokedDatasetPermissionCount: permissions.count, auditEventId };
}
