import { rule } from 'graphql-shield';
import { UnauthenticatedError } from '../../domain/errors.ts';
import { manageUsersDenial } from '../../domain/tenancy/policy.ts';
import { readTenantAccess } from '../../domain/tenancy/tenant-access.ts';
import { findAuditEventTenant } from '../../domain/tenancy/reinstate-tenant-member.ts';
import { notARemoval } from '../../domain/tenancy/reinstatement-policy.ts';
import type { Context } from '../context.ts';
import { onParentTenant } from './tenant.rules.ts';

/** A tenant's audit trail: its owner and user managers (the people who act on what it shows).
 * Members get 403; a tenant the caller cannot see was already refused by the field that
 * reached it (tenant(id): 404, then 403). */
export const canManageParentTenant = onParentTenant(manageUsersDenial);

/** Undoing a removal: who may add users to the event's tenant (or to `args.tenantId`, which the
 * event must then belong to). 404 for an event of no tenant before any 403. */
export const canReinstateRemoval = rule({ cache: 'no_cache' })(async (_parent, args: { auditEventId: string; tenantId?: string | null }, ctx: Context) => {
  if (!ctx.actor) return new UnauthenticatedError();
  const tenantId = args.tenantId ?? (await findAuditEventTenant(ctx.db, args.auditEventId));
  if (!tenantId) return notARemoval(args.auditEventId);
  return manageUsersDenial(await readTenantAccess(ctx.db, ctx.actor.userId, tenantId), tenantId) ?? true;
});
