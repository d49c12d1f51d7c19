import type { Actor } from '../actor.ts';
import type { Tx } from '../../db/transaction.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import { lockTenantFor } from './tenant-access.ts';

export const ALREADY_OWNER = 'The user already owns this tenant.';

/** Gives a tenant to another of its members. The owner only (`tenant:transfer-ownership`: no
 * capability grants it). The old owner stays a member, keeping exactly the roles they hold (owning gave them management; a
 * role may still give it). Atomic under the tenant's `owner` lock (src/db/locks.ts), which every membership
 * write and every departure also waits for: the new owner cannot leave or be removed halfway,
 * and the deferred owner-membership key re-checks "the owner is a member" at commit.
 * Transferring to oneself is refused (400 ALREADY_OWNER) rather than a silent no-op: it changes
 * nothing, and an audit event "A gave A the tenant" would only mislead.
 * @throws NotFoundError (tenant, user, membership), ForbiddenError (not the owner), InvalidInputError ALREADY_OWNER. */
export async function transferTenantOwnership(tx: Tx, actor: Actor, input: { tenantId: string; newOwnerId: string }, meta: RequestMeta = {}) {
  const tenant = await lockTenantFor(tx, actor.userId, input.tenantId, 'tenant:transfer-ownership');
  if (input.newOwnerId === tenant.ownerId) throw new InvalidInputError(ALREADY_OWNER, [], 'ALREADY_OWNER');
  const newOwner = await tx.user.findUnique({
    where: { id: input.newOwnerId },
    select: { id: true, memberships: { where: { tenantId: input.tenantId }, select: { tenantId: true } } },
  });
  if (!newOwner) throw new NotFoundError(`Could not find user: ${input.newOwnerId}`);
  if (!newOwner.memberships.length) throw new NotFoundError('User not found in this tenant.');

  const updated = await tx.tenant.update({ where: { id: input.tenantId }, data: { ownerId: newOwner.id } });
  await recordAudit(tx, {
    actorId: actor.userId,
    action: 'tenant.ownership_transferred',
    tenantId: input.tenantId,
    targetUserId: newOwner.id,
    details: { previousOwnerId: tenant.ownerId, newOwnerId: newOwner.id },
    requestId: meta.requestId,
  });
  return updated;
}
