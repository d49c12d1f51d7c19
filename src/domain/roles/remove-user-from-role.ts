import type { Actor } from '../actor.ts';
import type { Tx } from '../../db/transaction.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { NotFoundError } from '../errors.ts';
import { lockRoleForManager } from './lock-role-for-manager.ts';

const ROLE_NOT_HELD = 'User does not have this role.';

/** Takes a role from a user (owner or MANAGE_USERS in the role's tenant). The user keeps their
 * membership and direct grants; what the role gave them (capabilities, role grants on
 * datasets) ends with the assignment. Under the tenant lock, which assignments are made under.
 * @throws NotFoundError (role, user, assignment), ForbiddenError. */
export async function removeUserFromRole(tx: Tx, actor: Actor, input: { roleId: string; userId: string }, meta: RequestMeta = {}) {
  const role = await lockRoleForManager(tx, actor.userId, input.roleId);
  const user = await tx.user.findUnique({
    where: { id: input.userId },
    select: { id: true, email: true, isActive: true, activeTenantId: true, createdAt: true },
  });
  if (!user) throw new NotFoundError(`Could not find user: ${input.userId}`);
  const removed = await tx.roleAssignment.deleteMany({ where: { roleId: role.id, userId: user.id } });
  if (removed.count === 0) throw new NotFoundError(ROLE_NOT_HELD);
  await recordAudit(tx, { actorId: actor.userId, action: 'role.user_removed', tenantId: role.tenantId, targetUserId: user.id, details: { roleId: role.id }, requestId: meta.requestId });
  return { role, user };
}
