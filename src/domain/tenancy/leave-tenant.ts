import type { Actor } from '../actor.ts';
import { lockTenantAndUser } from '../../db/locks.ts';
import type { Tx } from '../../db/transaction.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import type { RequestMeta } from '../audit/record-audit.ts';
import { InvalidInputError } from '../errors.ts';
import { actionDenial } from './policy.ts';
import { mayDoSql } from './tenant-access.ts';
import { accessFromFacts, receiptOf, revokeMembership, type MembershipRemovalReceipt } from './revoke-membership.ts';

export const OWNER_CANNOT_LEAVE = 'The tenant owner cannot leave; transfer ownership first.';

/** The caller leaves a tenant, with the same effects as being removed from it (roles, direct
 * grants, membership, active tenant; one audit event `tenant.user_left`): the very statement
 * removeUserFromTenant runs (revoke-membership.ts). Any member but the owner: a tenant always
 * has an owner who is a member, so the owner first gives it away (transferTenantOwnership).
 * Checks, under the tenant lock that transfers and removals also take: tenant exists (404),
 * caller is a member (403), caller is not the owner (400).
 * @throws NotFoundError (tenant), ForbiddenError (not a member), InvalidInputError OWNER_CANNOT_LEAVE. */
export async function leaveTenant(tx: Tx, actor: Actor, input: { tenantId: string }, meta: RequestMeta = {}): Promise<MembershipRemovalReceipt> {
  const me = { tenantId: input.tenantId, userId: actor.userId };
  await lockTenantAndUser(tx, me.tenantId, me.userId);
  // The SQL guard is the checks below so a refused request changes no row; the checks decide
  // the answer, in order. A disagreement is an internal error (receiptOf).
  const guard = Prisma.sql`f."tenantId" IS NOT NULL AND ${mayDoSql('tenant:leave', 'f')} AND f."ownerId" <> ${actor.userId}::uuid`;
  const result = await revokeMembership(tx, { ...me, actorId: actor.userId, action: 'tenant.user_left', requestId: meta.requestId }, guard);

  const denial = actionDenial(accessFromFacts(result), input.tenantId, 'tenant:leave');
  if (denial) throw denial;
  if (result.ownerId === actor.userId) throw new InvalidInputError(OWNER_CANNOT_LEAVE, [], 'OWNER_CANNOT_LEAVE');
  return receiptOf(me, result);
}
