import type { Actor } from '../../auth/actor.ts';
import type { Tx } from '../../db/transaction.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import type { RequestMeta } from '../audit/record-audit.ts';
import { NotFoundError, OwnerNotRemovableError } from '../errors.ts';
import { assertCanManageUsers, canManageUsersSql } from './policy.ts';
import { accessFromFacts, lockTenantAndUser, revokeMembership, revokedMembership, type RevokedMembership } from './revoke-membership.ts';

export interface RemoveUserFromTenantInput {
  tenantId: string;
  userId: string;
}

export type RemovedUser = RevokedMembership;

/** Takes a user out of a tenant: every role assignment there, every permission they hold
 * directly on the tenant's datasets (owned ones included), the membership, and the active
 * tenant if it was this one; one audit event. Nothing else moves: their datasets stay, other
 * principals' grants and their other tenants are untouched. Two statements under the
 * transaction: lock (tenant, then target), then read-decide-revoke set-based in one go.
 * @throws NotFoundError (tenant, user, membership), ForbiddenError, OwnerNotRemovableError. */
export async function removeUserFromTenant(tx: Tx, actor: Actor, input: RemoveUserFromTenantInput, meta: RequestMeta = {}): Promise<RemovedUser> {
  await lockTenantAndUser(tx, input.tenantId, input.userId);
  const canManage = canManageUsersSql(actor.userId, 't');
  // The SQL guard mirrors checks 3-7 so a refused request changes no row; the decision that
  // answers (and rolls back if it disagrees) is the JavaScript below, in the contract's order.
  const guard = Prisma.sql`f."tenantId" IS NOT NULL AND f."canManageUsers" AND f."ownerId" <> ${input.userId}::uuid AND f."targetId" IS NOT NULL AND f."isMember"`;
  const result = await revokeMembership(tx, { ...input, actorId: actor.userId, action: 'tenant.user_removed', requestId: meta.requestId }, canManage, guard);

  assertCanManageUsers(accessFromFacts(result), input.tenantId);
  if (result.ownerId === input.userId) throw new OwnerNotRemovableError();
  if (!result.targetId) throw new NotFoundError(`Could not find user: ${input.userId}`);
  if (!result.isMember || !result.removedMembership || !result.auditEventId) throw new NotFoundError('User not found in this tenant.');

  return revokedMembership(input, { ...result, auditEventId: result.auditEventId });
}
