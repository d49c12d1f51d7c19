import type { Actor } from '../actor.ts';
import type { Tx } from '../../db/transaction.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { lockRoleForManager } from './lock-role-for-manager.ts';

/** Gives a member of the role's tenant the role (owner or MANAGE_USERS of that tenant).
 * @throws NotFoundError (role, user, membership), ForbiddenError, ConflictError when already held. */
export async function addUserToRole(tx: Tx, actor: Actor, input: { roleId: string; userId: string }, meta: RequestMeta = {}) {
  // Re-reads the role under its tenant's lock: a role deleted meanwhile answers 404, not 500.
  const role = await lockRoleForManager(tx, actor.userId, input.roleId);
  const tenantId = role.tenantId;
  const user = await tx.user.findUnique({
    where: { id: input.userId },
    select: {
      id: true,
      email: true,
      isActive: true,
      activeTenantId: true,
      createdAt: true,
      memberships: { where: { tenantId }, select: { roleAssignments: { where: { roleId: input.roleId }, select: { roleId: true } } } },
    },
  });
  if (!user) throw new NotFoundError(`Could not find user: ${input.userId}`);
  const [membership] = user.memberships;
  if (!membership) throw new NotFoundError('User not found in this tenant.');
  if (membership.roleAssignments.length) throw new ConflictError('User already has this role.');
  await tx.roleAssignment.create({ data: { userId: user.id, tenantId, roleId: role.id } });
  await recordAudit(tx, { actorId: actor.userId, action: 'role.user_added', tenantId, targetUserId: user.id, details: { roleId: role.id }, requestId: meta.requestId });
  const { memberships: _, ...plain } = user;
  return { role, user: plain };
}
