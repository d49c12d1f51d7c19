import { findAuditEventTenant } from '../../domain/tenancy/reinstate-tenant-member.ts';
import { notARemoval } from '../../domain/tenancy/reinstatement-policy.ts';
import type { TenantLocator } from './tenant.rules.ts';

/** The tenant of the removal to undo: `args.tenantId` (the event must then belong to it, which
 * the use-case checks), else the event's own; 404 NOT_A_REMOVAL for an event of no tenant. */
export const removalEventTenant: TenantLocator = async (_parent, args: { auditEventId: string; tenantId?: string | null }, ctx) =>
  args.tenantId ?? (await findAuditEventTenant(ctx.db, args.auditEventId)) ?? notARemoval(args.auditEventId);
