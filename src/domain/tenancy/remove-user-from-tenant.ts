import type { Actor } from '../../auth/actor.ts';
import { lockTenantAndUser } from '../../db/locks.ts';
import type { Tx } from '../../db/transaction.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import type { RequestMeta } from '../audit/record-audit.ts';
import { NotFoundError, OwnerNotRemovableError } from '../errors.ts';
import { assertCanManageUsers } from './policy.ts';
import { accessFromFacts, receiptOf, revokeMembership, type MembershipRemovalReceipt } from './revoke-membership.ts';

export interface RemoveUserFromTenantInput {
  tenantId: string;
  userId: string;
}

/** Takes a user out of a tenant: every role assignment there, every permission they hold
 * directly on the tenant's datasets (owned ones included), the membership, and the active
 * tenant if it was this one; one audit event. Nothing else moves: their datasets stay, other
 * principals' grants and their other tenants are untouched. Two statements under the
 * transaction: lock (tenant, then target), then read-decide-revoke set-based in one go.
 * @throws NotFoundError (tenant, user, membership), ForbiddenError, OwnerNotRemovableError. */
export async function removeUserFromTenant(tx: Tx, actor: Actor, input: RemoveUserFromTenantInput, meta: RequestMeta = {}): Promise<MembershipRemovalReceipt> {
  await lockTenantAndUser(tx, input.tenantId, input.userId);
  // The SQL guard is the checks below (docs/CONTRACT.md, removal checks 3-7) so a refused
  // request changes no row; the JavaScript answers, in that order. Should they ever disagree,
  // receiptOf fails with an internal error, never a misleading 404.
  const guard = Prisma.sql`f."tenantId" IS NOT NULL AND f."canManageUsers" AND f."ownerId" <> ${input.userId}::uuid AND f."targetId" IS NOT NULL AND f."isMember"`;
  const result = await revokeMembership(tx, { ...input, actorId: actor.userId, action: 'tenant.user_removed', requestId: meta.requestId }, guard);

  assertCanManageUsers(accessFromFacts(result), input.tenantId);
  if (result.ownerId === input.userId) throw new OwnerNotRemovableError();
  if (!result.targetId) throw new NotFoundError(`Could not find user: ${input.userId}`);
  if (!result.isMember) throw new NotFoundError('User not found in this tenant.');
  return receiptOf(input, result);
}
