import { randomUUID } from 'node:crypto';
import { planForTheValuesGiven } from '../../db/custom-plans.ts';
import { lockUsers } from '../../db/locks.ts';
import type { Actor } from '../actor.ts';
import { recordEffect, type Tx } from '../../db/transaction.ts';
import type { RequestMeta } from '../audit/record-audit.ts';
import { InvalidInputError, NotFoundError, type DomainError } from '../errors.ts';
import { lockTenantFor } from './tenant-access.ts';
import { NOT_IN_TENANT, removalRefusal } from './remove-user-from-tenant.ts';
import { receiptFrom, revocationCtes, type MembershipRemovalReceipt, type RevokedHoldings } from './revoke-membership.ts';

const MAX_BULK_REMOVAL = 1_000;

export interface RemoveUsersFromTenantInput {
  tenantId: string;
  userIds: readonly string[];
  /** Remove no one if anyone is refused. */
  atomic: boolean;
}

/** A user not removed because someone else in an atomic batch was refused. */
export interface AbortedRemoval {
  code: 'ABORTED';
  message: string;
  reason?: undefined;
}

export const ABORTED: AbortedRemoval = { code: 'ABORTED', message: 'Not removed: another user in this atomic batch was refused.' };

export type BulkRemovalOutcome = { userId: string; removed: true; receipt: MembershipRemovalReceipt } | { userId: string; removed: false; refusal: DomainError | AbortedRemoval };

export interface BulkRemoval {
  /** Shared by the batch's audit events; null when nobody was removed. */
  batchId: string | null;
  outcomes: BulkRemovalOutcome[];
}

interface TargetFacts {
  userId: string;
  exists: boolean;
  email: string;
  isActive: boolean;
  activeTenantId: string | null;
  createdAt: Date;
  isMember: boolean;
}

/** Removes many users from one tenant in one transaction under one tenant lock. The tenant-level
 * checks (404 tenant, 403) refuse the whole call; then each user gets the single removal's own
 * per-user decision (removalRefusal), so the same refusal either way. Set-based: six statements
 * for one user or a thousand (custom plans, lock tenant, read access, lock users, read them,
 * revoke), each
 * removed user with an audit event of their own sharing one batch id.
 * @throws InvalidInputError (no ids, more than 1,000, duplicates), NotFoundError (tenant), ForbiddenError. */
export async function removeUsersFromTenant(tx: Tx, actor: Actor, input: RemoveUsersFromTenantInput, meta: RequestMeta = {}): Promise<BulkRemoval> {
  assertUserIds(input.userIds);
  await planForTheValuesGiven(tx);
  const access = await lockTenantFor(tx, actor.userId, input.tenantId, 'tenant.members:remove');
  const ids = [...input.userIds];
  await lockUsers(tx, ids);
  const facts = await tx.$queryRaw<TargetFacts[]>`
    SELECT i.user_id AS "userId", u.id IS NOT NULL AS exists, u.email, u.is_active AS "isActive", u.active_tenant_id AS "activeTenantId",
           u.created_at AS "createdAt", EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = ${input.tenantId}::uuid AND m.user_id = i.user_id) AS "isMember"
    FROM unnest(${ids}::uuid[]) AS i(user_id) LEFT JOIN users u ON u.id = i.user_id`;
  const byId = new Map(facts.map((fact) => [fact.userId, fact]));
  const refusals = new Map<string, DomainError>();
  for (const userId of ids) {
    const fact = byId.get(userId)!;
    const refusal = removalRefusal({ ownerId: access.ownerId, userId, exists: fact.exists, isMember: fact.isMember });
    if (refusal) refusals.set(userId, refusal);
  }
  if (input.atomic && refusals.size > 0) {
    return { batchId: null, outcomes: ids.map((userId) => ({ userId, removed: false, refusal: refusals.get(userId) ?? ABORTED })) };
  }

  const removable = ids.filter((userId) => !refusals.has(userId));
  const batchId = removable.length ? randomUUID() : null;
  const revoked = removable.length
    ? await tx.$queryRaw<RevokedHoldings[]>`
        WITH targets AS (SELECT unnest(${removable}::uuid[]) AS user_id),
        ${revocationCtes(input.tenantId, { actorId: actor.userId, action: 'tenant.user_removed', requestId: meta.requestId, batchId: batchId ?? undefined })}
        SELECT * FROM revoked`
    : [];
  if (revoked.length) recordEffect(tx);
  const revokedById = new Map(revoked.map((row) => [row.userId, row]));
  const tenant = { id: access.tenantId, name: access.name, ownerId: access.ownerId, createdAt: access.createdAt };
  return {
    batchId,
    outcomes: ids.map((userId): BulkRemovalOutcome => {
      const refusal = refusals.get(userId);
      if (refusal) return { userId, removed: false, refusal };
      const holdings = revokedById.get(userId);
      // Cannot happen under the locks held; answered rather than assumed.
      if (!holdings) return { userId, removed: false, refusal: new NotFoundError(NOT_IN_TENANT) };
      const fact = byId.get(userId)!;
      const user = { id: userId, email: fact.email, isActive: fact.isActive, activeTenantId: fact.activeTenantId, createdAt: fact.createdAt };
      return { userId, removed: true, receipt: receiptFrom(tenant, user, holdings) };
    }),
  };
}

/** 1 to 1,000 distinct ids. @throws InvalidInputError */
function assertUserIds(userIds: readonly string[]): void {
  if (userIds.length < 1 || userIds.length > MAX_BULK_REMOVAL) {
    throw new InvalidInputError(`userIds must hold 1 to ${MAX_BULK_REMOVAL} ids`, [
      { loc: ['userIds'], msg: `List should have 1 to ${MAX_BULK_REMOVAL} items`, type: 'too_long', input: userIds.length },
    ]);
  }
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const id of userIds) {
    const key = id.toLowerCase();
    if (seen.has(key)) duplicates.add(id);
    seen.add(key);
  }
  if (duplicates.size) {
    throw new InvalidInputError('userIds must be distinct', [{ loc: ['userIds'], msg: 'List should not repeat an id', type: 'value_error', input: [...duplicates].slice(0, 10) }]);
  }
}
