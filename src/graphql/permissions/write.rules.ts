import { rule } from 'graphql-shield';
import { UnauthenticatedError } from '../../domain/errors.ts';
import { membershipDenial, ownershipDenial, readTenantStanding } from '../../domain/tenancy/membership-policy.ts';
import type { Context } from '../context.ts';

// Rules of the admin write surface. Like rules.ts: each RETURNS the policy module's typed
// error (404 before 403), and the use-case decides again under the tenant lock.

/** Any caller may go personal (no tenant); selecting a tenant needs membership in it. */
export const canSelectTenant = rule({ cache: 'no_cache' })(async (_parent, args: { tenantId?: string | null }, ctx: Context) => {
  if (!ctx.actor) return new UnauthenticatedError();
  if (!args.tenantId) return true;
  return membershipDenial(await readTenantStanding(ctx.db, ctx.actor.userId, args.tenantId), args.tenantId) ?? true;
});

/** A member of `args.tenantId` (the owner passes here; the use-case refuses them with 400). */
export const isTenantMember = rule({ cache: 'no_cache' })(async (_parent, args: { tenantId: string }, ctx: Context) => {
  if (!ctx.actor) return new UnauthenticatedError();
  return membershipDenial(await readTenantStanding(ctx.db, ctx.actor.userId, args.tenantId), args.tenantId) ?? true;
});

/** The owner of `args.tenantId`, and only the owner. */
export const isTenantOwner = rule({ cache: 'no_cache' })(async (_parent, args: { tenantId: string }, ctx: Context) => {
  if (!ctx.actor) return new UnauthenticatedError();
  return ownershipDenial(await readTenantStanding(ctx.db, ctx.actor.userId, args.tenantId), args.tenantId) ?? true;
});
