import type { Actor } from '../../auth/actor.ts';
import type { Tx } from '../../db/transaction.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import type { RequestMeta } from '../audit/record-audit.ts';
import { NotFoundError, OwnerNotRemovableError, type DomainError } from '../errors.ts';
import { assertCanManageUsers, canManageUsersSql } from './policy.ts';
import { accessFromFacts, factsParties, lockTenantAndUser, revokeMembership, revokedMembership, type RevokedMembership } from './revoke-membership.ts';

export interface RemoveUserFromTenantInput {
  tenantId: string;
  userId: string;
}

export type RemovedUser = RevokedMembership;

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
 * tenant if it was this one; one audit event recording what went. Nothing else moves: their
 * datasets stay, other principals' grants and their other tenants are untouched. Two
 * statements under the transaction: lock (tenant, then target), then read-decide-revoke
 * set-based in one go. A preview runs exactly this and rolls back (db/transaction.ts).
 * @throws NotFoundError (tenant, user, membership), ForbiddenError, OwnerNotRemovableError. */
export async function removeUserFromTenant(tx: Tx, actor: Actor, input: RemoveUserFromTenantInput, meta: RequestMeta = {}): Promise<RemovedUser> {
  await lockTenantAndUser(tx, input.tenantId, input.userId);
  const canManage = canManageUsersSql(actor.userId, 't');
  // The SQL guard mirrors the checks so a refused request changes no row; the decision that
  // answers (and rolls back if it disagrees) is the JavaScript below, in the contract's order.
  const guard = Prisma.sql`f."tenantId" IS NOT NULL AND f."canManageUsers" AND f."ownerId" <> ${input.userId}::uuid AND f."targetId" IS NOT NULL AND f."isMember"`;
  const result = await revokeMembership(tx, { ...input, actorId: actor.userId, action: 'tenant.user_removed', requestId: meta.requestId }, canManage, guard);

  assertCanManageUsers(accessFromFacts(result), input.tenantId);
  const refusal = removalRefusal({ ownerId: result.ownerId, userId: input.userId, exists: result.targetId !== null, isMember: result.isMember });
  if (refusal) throw refusal;
  if (!result.revoked) throw new NotFoundError(NOT_IN_TENANT);

  const { tenant, user } = factsParties(result, input.userId);
  return revokedMembership(tenant, user, result.revoked);
}
