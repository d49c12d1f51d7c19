import { rule } from 'graphql-shield';
import { datasetDenial, readDatasetAccess } from '../../domain/datasets/dataset-policy.ts';
import { UnauthenticatedError } from '../../domain/errors.ts';
import { findRoleTenant, roleNotFound } from '../../domain/roles/find-role-tenant.ts';
import { effectiveTenantId, noActiveTenant } from '../../domain/tenancy/effective-tenant.ts';
import { manageUsersDenial, readTenantAccess } from '../../domain/tenancy/policy.ts';
import type { Context } from '../context.ts';

// Rules RETURN typed errors: shield passes a returned error through unchanged, while a thrown
// one would become a plain denial and lose its code (and the 404-before-403 order). Each rule
// asks the domain's policy module; the use-case asks it again under lock.

export const isAuthenticated = rule({ cache: 'contextual' })((_parent, _args, ctx: Context) =>
  ctx.actor ? true : new UnauthenticatedError(),
);

/** Owner or MANAGE_USERS in `args.tenantId`, or where it is optional (createRole) and left
 * out, in the caller's active tenant; 400 NO_ACTIVE_TENANT when there is none; 404 for an
 * unknown tenant before any 403. */
export const canManageTenantUsers = rule({ cache: 'no_cache' })(async (_parent, args: { tenantId?: string | null }, ctx: Context) => {
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

/** `share` on every dataset in `args.datasetIds`. */
export const canShareDatasets = rule({ cache: 'no_cache' })(async (_parent, args: { datasetIds: string[] }, ctx: Context) => {
  if (!ctx.actor) return new UnauthenticatedError();
  const ids = [...new Set(args.datasetIds)];
  return datasetDenial(await readDatasetAccess(ctx.db, ctx.actor.userId, ids, 'share'), ids, 'share') ?? true;
});

/** `read` on the dataset `args.id`. */
export const canReadDataset = rule({ cache: 'no_cache' })(async (_parent, args: { id: string }, ctx: Context) => {
  if (!ctx.actor) return new UnauthenticatedError();
  return datasetDenial(await readDatasetAccess(ctx.db, ctx.actor.userId, [args.id], 'read'), [args.id], 'read') ?? true;
});
