import type { Actor } from '../actor.ts';
import type { Tx } from '../../db/transaction.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { lockTenantFor } from './tenant-access.ts';

/** Adds an existing user to a tenant (owner or MANAGE_USERS, the same rule as removal).
 * @throws NotFoundError (tenant, user), ForbiddenError, ConflictError when already a member. */
export async function addUserToTenant(tx: Tx, actor: Actor, input: { tenantId: string; userId: string }, meta: RequestMeta = {}) {
  const access = await lockTenantFor(tx, actor.userId, input.tenantId, 'tenant.members:add');
  const user = await tx.user.findUnique({
    where: { id: input.userId },
    select: { id: true, email: true, isActive: true, activeTenantId: true, createdAt: true, memberships: { where: { tenantId: input.tenantId }, select: { tenantId: true } } },
  });
  if (!user) throw new NotFoundError(`Could not find user: ${input.userId}`);
  if (user.memberships.length) throw new ConflictError('User is already a member of this tenant.');
  await tx.membership.create({ data: { userId: user.id, tenantId: input.tenantId } });
  await recordAudit(tx, { actorId: actor.userId, action: 'tenant.user_added', tenantId: input.tenantId, targetUserId: user.id, requestId: meta.requestId });
  const { memberships: _, ...plain } = user;
  return { tenant: { id: access.tenantId, name: access.name, ownerId: access.ownerId, createdAt: access.createdAt }, user: plain };
}
