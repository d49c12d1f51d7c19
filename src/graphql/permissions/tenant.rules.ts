import { rule } from 'graphql-shield';
import { UnauthenticatedError } from '../../domain/errors.ts';
import { manageUsersDenial, memberHoldingsDenial, ownershipDenial, tenantViewDenial, type TenantViewerAccess } from '../../domain/tenancy/policy.ts';
import { readTenantAccess, readTenantStanding } from '../../domain/tenancy/tenant-access.ts';
import type { Context } from '../context.ts';
import { loadersFor } from '../loaders/index.ts';

// Rules about a tenant and its members (see account.rules.ts for how rules work). The read
// rules answer through the per-request loaders, so a rule on a field of 40 list items asks the
// database once, and the rule and the viewerCan… flags read the same answer.

/** Members of tenant `args.id`: 404 for an unknown tenant before 403 for a non-member. */
export const canViewTenant = rule({ cache: 'no_cache' })(async (_parent, args: { id: string }, ctx: Context, info) => {
  if (!ctx.actor) return new UnauthenticatedError();
  return tenantViewDenial(await loadersFor(ctx, info).tenantAccess.load(args.id), args.id) ?? true;
});

/** A rule on a field inside a Tenant: `decide` on the caller's access to that tenant, read
 * through the request's loader. A Tenant is also reached from mutation payloads, e.g. by a
 * manager who has just removed themselves, so the field decides again. */
export function onParentTenant(decide: (access: TenantViewerAccess | null, tenantId: string) => Error | null) {
  return rule({ cache: 'no_cache' })(async (parent: { id: string }, _args, ctx: Context, info) => {
    if (!ctx.actor) return new UnauthenticatedError();
    return decide(await loadersFor(ctx, info).tenantAccess.load(parent.id), parent.id) ?? true;
  });
}

/** Fields inside a Tenant (members, roles, datasets): members of that tenant only. */
export const isMemberOfTenant = onParentTenant(tenantViewDenial);

/** What a member holds in the tenant: whoever may remove them (policy.ts, memberHoldingsDenial). */
export const canSeeMemberHoldings = onParentTenant(memberHoldingsDenial);

/** Owner or MANAGE_USERS in `args.tenantId`: 404 for an unknown tenant before any 403. */
export const canManageTenantUsers = rule({ cache: 'no_cache' })(async (_parent, args: { tenantId: string }, ctx: Context) => {
  if (!ctx.actor) return new UnauthenticatedError();
  return manageUsersDenial(await readTenantAccess(ctx.db, ctx.actor.userId, args.tenantId), args.tenantId) ?? true;
});

/** Any caller may go personal (no tenant); selecting a tenant needs membership in it. */
export const canSelectTenant = rule({ cache: 'no_cache' })(async (_parent, args: { tenantId?: string | null }, ctx: Context) => {
  if (!ctx.actor) return new UnauthenticatedError();
  if (!args.tenantId) return true;
  return tenantViewDenial(await readTenantStanding(ctx.db, ctx.actor.userId, args.tenantId), args.tenantId) ?? true;
});

/** A member of `args.tenantId` (the owner passes here; the use-case refuses them with 400). */
export const isTenantMember = rule({ cache: 'no_cache' })(async (_parent, args: { tenantId: string }, ctx: Context) => {
  if (!ctx.actor) return new UnauthenticatedError();
  return tenantViewDenial(await readTenantStanding(ctx.db, ctx.actor.userId, args.tenantId), args.tenantId) ?? true;
});

/** The owner of `args.tenantId`, and only the owner. */
export const isTenantOwner = rule({ cache: 'no_cache' })(async (_parent, args: { tenantId: string }, ctx: Context) => {
  if (!ctx.actor) return new UnauthenticatedError();
  return ownershipDenial(await readTenantStanding(ctx.db, ctx.actor.userId, args.tenantId), args.tenantId) ?? true;
});
