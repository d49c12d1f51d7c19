import { findRoleTenant, roleNotFound } from '../../domain/roles/find-role-tenant.ts';
import { effectiveTenantId, noActiveTenant } from '../../domain/tenancy/effective-tenant.ts';
import type { TenantLocator } from './tenant.rules.ts';

// Where a role's rules find their tenant: a role is governed by its tenant's policy.

/** createRole's tenant: `args.tenantId`, or where it is left out, the caller's active tenant;
 * 400 NO_ACTIVE_TENANT when there is none. */
export const createdRoleTenant: TenantLocator = async (_parent, args: { tenantId?: string | null }, ctx) =>
  (await effectiveTenantId(ctx.db, ctx.actor.userId, args.tenantId)) ?? noActiveTenant();

/** The tenant of `args.roleId`; 404 for an unknown role. */
export const roleTenant: TenantLocator = async (_parent, args: { roleId: string }, ctx) => (await findRoleTenant(ctx.db, args.roleId)) ?? roleNotFound(args.roleId);
