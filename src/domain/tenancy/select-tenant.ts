import type { Actor } from '../actor.ts';
import { lockUser } from '../../db/locks.ts';
import type { Tx } from '../../db/transaction.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { UnauthenticatedError } from '../errors.ts';
import { lockTenantFor } from './tenant-access.ts';

/** Sets the tenant the caller acts in (datasets they create go there); null = personal.
 * Any member may select a tenant. The tenant is locked (`member` lock, src/db/locks.ts) before
 * the user row, so a concurrent removal or departure either runs first (then
 * this answers 403) or waits and then clears the active tenant with the membership.
 * One audit event per call, even when the tenant was already the active one. It names only the
 * tenant selected: the tenant the user came from is another tenant's business (docs/CONTRACT.md §10).
 * @throws NotFoundError (tenant), ForbiddenError (not a member). */
export async function selectTenant(tx: Tx, actor: Actor, input: { tenantId?: string | null }, meta: RequestMeta = {}) {
  const tenantId = input.tenantId ?? null;
  if (tenantId) await lockTenantFor(tx, actor.userId, tenantId, 'tenant:select');
  const locked = await lockUser(tx, actor.userId);
  if (!locked) throw new UnauthenticatedError();
  const user = await tx.user.update({
    where: { id: actor.userId },
    data: { activeTenantId: tenantId },
    select: { id: true, email: true, isActive: true, activeTenantId: true, createdAt: true },
  });
  await recordAudit(tx, {
    actorId: actor.userId,
    action: 'user.tenant_selected',
    tenantId,
    targetUserId: actor.userId,
    details: { tenantId },
    requestId: meta.requestId,
  });
  return user;
}
