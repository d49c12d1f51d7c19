import type { Actor } from '../../auth/actor.ts';
import type { Tx } from '../../db/transaction.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import type { RequestMeta } from '../audit/record-audit.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import { membershipDenial } from './membership-policy.ts';
import { canManageUsersSql } from './policy.ts';
import { accessFromFacts, factsParties, lockTenantAndUser, revokeMembership, revokedMembership, type RevokedMembership } from './revoke-membership.ts';

export const OWNER_CANNOT_LEAVE = 'The tenant owner cannot leave; transfer ownership first.';

/** The caller leaves a tenant, with the same effects as being removed from it (roles, direct
 * grants, membership, active tenant; one audit event `tenant.user_left`): the very statement
 * removeUserFromTenant runs (revoke-membership.ts). Any member but the owner: a tenant always
 * has an owner who is a member, so the owner first gives it away (transferTenantOwnership).
 * Checks, under the tenant lock that transfers and removals also take: tenant exists (404),
 * caller is a member (403), caller is not the owner (400).
 * @throws NotFoundError (tenant), ForbiddenError (not a member), InvalidInputError OWNER_CANNOT_LEAVE. */
export async function leaveTenant(tx: Tx, actor: Actor, input: { tenantId: string }, meta: RequestMeta = {}): Promise<RevokedMembership> {
  const me = { tenantId: input.tenantId, userId: actor.userId };
  await lockTenantAndUser(tx, me.tenantId, me.userId);
  // The SQL guard mirrors the checks below so a refused request changes no row; the checks
  // decide the answer, in order.
  const guard = Prisma.sql`f."tenantId" IS NOT NULL AND f."isMember" AND f."ownerId" <> ${actor.userId}::uuid`;
  const result = await revokeMembership(
    tx,
    { ...me, actorId: actor.userId, action: 'tenant.user_left', requestId: meta.requestId },
    canManageUsersSql(actor.userId, 't'),
    guard,
  );

  const access = accessFromFacts(result);
  const denial = membershipDenial(access && { ...access, isMember: result.isMember }, input.tenantId);
  if (denial) throw denial;
  if (result.ownerId === actor.userId) throw new InvalidInputError(OWNER_CANNOT_LEAVE, [], 'OWNER_CANNOT_LEAVE');
  if (!result.revoked) throw new NotFoundError('User not found in this tenant.');
  const { tenant, user } = factsParties(result, me.userId);
  return revokedMembership(tenant, user, result.revoked);
}
