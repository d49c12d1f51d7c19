import type { Actor } from '../actor.ts';
import { lockTenantAndUser } from '../../db/locks.ts';
import type { Tx } from '../../db/transaction.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import type { RequestMeta } from '../audit/record-audit.ts';
import { NotFoundError, OwnerNotRemovableError, type DomainError } from '../errors.ts';
import { assertMayDo } from './policy.ts';
import { mayDoSql } from './tenant-access.ts';
import { accessFromFacts, receiptOf, revokeMembership, type MembershipRemovalReceipt } from './revoke-membership.ts';

export interface RemoveUserFromTenantInput {
  tenantId: string;
  userId: string;
}

export const NOT_IN_TENANT = 'User not found in this tenant.';

/** The per-user checks of a removal, after the tenant-level ones (404 tenant, 403), in the
 * contract's order: the owner (400), an unknown user (404), a non-member (404). The single and
 * the bulk removal both answer from here, so a user gets the same refusal either way. */
export function removalRefusal(target: { ownerId: string; userId: string; exists: boolean; isMember: boolean }): DomainError | null {
  if (target.ownerId === target.userId) return new OwnerNotRemovableError();
  if (!target.exists) return new NotFoundError(`Could not find user: ${target.userId}`);
  if (!target.isMember) return new NotFoundError(NOT_IN_TENANT);
  return null;
}

/** Takes a user out of a tenant: every role assignment there, every permission they hold
 * directly on the tenant's datasets (owned ones included), the membership, and the active
 * tenant if it was this one; one audit event recording what went. Nothing else moves: their datasets stay, other
 * principals' grants and their other tenants are untouched. Two statements under the
 * transaction: lock (tenant, then target), then read-decide-revoke set-based in one go. A
 * preview runs exactly this and rolls back (rehearseInTransaction, src/db/transaction.ts).
 * @throws NotFoundError (tenant, user, membership), ForbiddenError, OwnerNotRemovableError. */
export async function removeUserFromTenant(tx: Tx, actor: Actor, input: RemoveUserFromTenantInput, meta: RequestMeta = {}): Promise<MembershipRemovalReceipt> {
  await lockTenantAndUser(tx, input.tenantId, input.userId);
  // The SQL guard is the checks below (docs/CONTRACT.md, removal checks 3-7) so a refused
  // request changes no row; the JavaScript answers, in that order. Should they ever disagree,
  // receiptOf fails with an internal error, never a misleading 404.
  const guard = Prisma.sql`f."tenantId" IS NOT NULL AND ${mayDoSql('tenant.members:remove', 'f')} AND f."ownerId" <> ${input.userId}::uuid
    AND f."targetId" IS NOT NULL AND f."targetIsMember"`;
  const result = await revokeMembership(tx, { ...input, actorId: actor.userId, action: 'tenant.user_removed', requestId: meta.requestId }, guard);

  assertMayDo(accessFromFacts(result), input.tenantId, 'tenant.members:remove');
  const refusal = removalRefusal({ ownerId: result.ownerId, userId: input.userId, exists: result.targetId !== null, isMember: result.targetIsMember });
  if (refusal) throw refusal;
  return receiptOf(input, result);
}
