import { rule } from 'graphql-shield';
import { UnauthenticatedError } from '../../domain/errors.ts';
import { findRoleTenant, roleNotFound } from '../../domain/roles/find-role-tenant.ts';
import { effectiveTenantId, noActiveTenant } from '../../domain/tenancy/effective-tenant.ts';
import { manageUsersDenial, tenantViewDenial } from '../../domain/tenancy/policy.ts';
import { readTenantAccess } from '../../domain/tenancy/tenant-access.ts';
import type { Context } from '../context.ts';
import { loadersFor } from '../loaders/index.ts';

// Rules about roles: a role is governed by the tenancy policy of its tenant (see
// account.rules.ts for how rules work).

/** createRole: owner or MANAGE_USERS in `args.tenantId`, or where it is left out, in the
 * caller's active tenant; 400 NO_ACTIVE_TENANT when there is none; 404 for an unknown tenant
 * before any 403. */
export const canCreateRole = rule({ cache: 'no_cache' })(async (_parent, args: { tenantId?: string | null }, ctx: Context) => {
  if (!ctx.actor) return new UnauthenticatedError();
  const tenantId = await effectiveTenantId(ctx.db, ctx.actor.userId, args.tenantId);
  if (!tenantId) return noActiveTenant();
  return manageUsersDenial(await readTenantAccess(ctx.db, ctx.actor.userId, tenantId), tenantId) ?? true;
});

/** Owner or MANAGE_USERS in the tenant of `args.roleId`. */
export const canManageRoleTenant = rule({ cache: 'no_cache' })(async (_parent, args: { roleId: string }, ctx: Context) => {
  if (!ctx.actor) return new UnauthenticatedError();
  const tenantId = await findRoleTenant(ctx.db, args.roleId);
  if (!tenantId) return roleNotFound(args.roleId);
  return manageUsersDenial(await readTenantAccess(ctx.db, ctx.actor.userId, tenantId), tenantId) ?? true;
});

/** Fields of a Role that describe the tenant's members (memberCount): members of its tenant. */
export const isMemberOfRoleTenant = rule({ cache: 'no_cache' })(async (parent: { tenantId: string }, _args, ctx: Context, info) => {
  if (!ctx.actor) return new UnauthenticatedError();
  return tenantViewDenial(await loadersFor(ctx, info).tenantAccess.load(parent.tenantId), parent.tenantId) ?? true;
});
