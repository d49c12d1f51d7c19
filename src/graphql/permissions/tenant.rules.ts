import { rule } from 'graphql-shield';
import type { DomainError } from '../../domain/errors.ts';
import { UnauthenticatedError } from '../../domain/errors.ts';
import { actionDenial } from '../../domain/tenancy/policy.ts';
import { readTenantAccess } from '../../domain/tenancy/tenant-access.ts';
import type { TenantAction } from '../../domain/tenancy/tenant-actions.ts';
import type { Context } from '../context.ts';
import { loadersFor } from '../loaders/index.ts';

// The one kind of tenant rule (see account.rules.ts for how rules work): "may the caller do
// this action in that tenant", where each rule says only which action and where the tenant is.

/** Where a rule finds its tenant: its id; the refusal when the thing that names it does not
 * exist; or `true` when the request names no tenant and so needs none (selecting no tenant). */
export type TenantLocator = (parent: any, args: any, ctx: Context & { actor: NonNullable<Context['actor']> }) => string | DomainError | true | Promise<string | DomainError | true>;

/** May the caller do `action` in the tenant `locate` finds: 404 for an unknown tenant before
 * the action's 403. A root mutation's rule reads the access afresh, since its payload's fields
 * read through that mutation's loaders and must see the state after the write; every other
 * rule reads through the per-request loader, so a rule on 40 list items asks the database
 * once and the viewerCan… flags read the same answer. */
export function may(action: TenantAction, locate: TenantLocator) {
  return rule({ cache: 'no_cache' })(async (parent, args, ctx: Context, info) => {
    const { actor } = ctx;
    if (!actor) return new UnauthenticatedError();
    const tenantId = await locate(parent, args, { ...ctx, actor });
    if (typeof tenantId !== 'string') return tenantId;
    const access =
      info.parentType.name === 'Mutation' ? await readTenantAccess(ctx.db, actor.userId, tenantId) : await loadersFor(ctx, info).tenantAccess.load(tenantId);
    return actionDenial(access, tenantId, action) ?? true;
  });
}

/** The tenant named by an argument. */
export const tenantArg =
  (name: 'id' | 'tenantId'): TenantLocator =>
  (_parent, args) =>
    args[name];

/** The tenant named by an optional argument; left out, the request acts in no tenant. */
export const optionalTenantArg =
  (name: 'tenantId'): TenantLocator =>
  (_parent, args) =>
    args[name] ?? true;

/** The tenant the parent object is, or belongs to. */
export const parentTenant =
  (field: 'id' | 'tenantId'): TenantLocator =>
  (parent) =>
    parent[field];
