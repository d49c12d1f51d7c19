import { rule } from 'graphql-shield';
import { datasetDenial } from '../../domain/datasets/dataset-policy.ts';
import { ForbiddenError, UnauthenticatedError } from '../../domain/errors.ts';
import { tenantViewDenial } from '../../domain/tenancy/policy.ts';
import type { Context } from '../context.ts';
import { loadersFor } from '../loaders/index.ts';

// Rules of the read surface. Like rules.ts they RETURN typed errors and take every decision
// from a domain policy module; the answers come through per-request loaders (loadersFor), so a
// rule on a field of 40 list items asks the database once, not 40 times, and the rule and the
// viewerCan… flags read the same answer. No shield caching ('no_cache'): the loaders are the
// cache, scoped to the request, the actor and (in a mutation) the root field.

/** Members of tenant `args.id`: 404 for an unknown tenant before 403 for a non-member. */
export const canViewTenant = rule({ cache: 'no_cache' })(async (_parent, args: { id: string }, ctx: Context, info) => {
  if (!ctx.actor) return new UnauthenticatedError();
  return tenantViewDenial(await loadersFor(ctx, info).tenantAccess.load(args.id), args.id) ?? true;
});

/** Fields inside a Tenant (members, roles, datasets): members of that tenant only. A Tenant is
 * also reached from mutation payloads, e.g. by a manager who has just removed themselves. */
export const isMemberOfTenant = rule({ cache: 'no_cache' })(async (parent: { id: string }, _args, ctx: Context, info) => {
  if (!ctx.actor) return new UnauthenticatedError();
  return tenantViewDenial(await loadersFor(ctx, info).tenantAccess.load(parent.id), parent.id) ?? true;
});

/** Fields of a Role that describe the tenant's members (memberCount): members of its tenant. */
export const isMemberOfRoleTenant = rule({ cache: 'no_cache' })(async (parent: { tenantId: string }, _args, ctx: Context, info) => {
  if (!ctx.actor) return new UnauthenticatedError();
  return tenantViewDenial(await loadersFor(ctx, info).tenantAccess.load(parent.tenantId), parent.tenantId) ?? true;
});

/** Fields that name or list a user's tenants (activeTenantId too): only on the caller's own User. Another user's tenants
 * are not the caller's business, however the User was reached (a payload, a future list). */
export const isViewerSelf = rule({ cache: 'no_cache' })((parent: { id: string }, _args, ctx: Context) => {
  if (!ctx.actor) return new UnauthenticatedError();
  return parent.id === ctx.actor.userId ? true : new ForbiddenError('Only the user themselves can see their tenants');
});

/** A dataset's grants: `share` on it (who has access is the sharer's business). */
export const canShareParentDataset = rule({ cache: 'no_cache' })(async (parent: { id: string }, _args, ctx: Context, info) => {
  if (!ctx.actor) return new UnauthenticatedError();
  const access = await loadersFor(ctx, info).datasetShare.load(parent.id);
  return datasetDenial(access ? [access] : [], [parent.id], 'share') ?? true;
});
