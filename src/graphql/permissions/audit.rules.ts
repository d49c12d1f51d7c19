import { rule } from 'graphql-shield';
import { UnauthenticatedError } from '../../domain/errors.ts';
import { manageUsersDenial } from '../../domain/tenancy/policy.ts';
import type { Context } from '../context.ts';
import { loadersFor } from '../loaders/index.ts';

/** A tenant's audit trail: its owner and user managers (the people who act on what it shows).
 * Members get 403; a tenant the caller cannot see was already refused by the field that
 * reached it (tenant(id): 404, then 403). */
export const canManageParentTenant = rule({ cache: 'no_cache' })(async (parent: { id: string }, _args, ctx: Context, info) => {
  if (!ctx.actor) return new UnauthenticatedError();
  return manageUsersDenial(await loadersFor(ctx, info).tenantAccess.load(parent.id), parent.id) ?? true;
});
