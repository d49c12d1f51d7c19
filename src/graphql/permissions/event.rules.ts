import { rule } from 'graphql-shield';
import { UnauthenticatedError } from '../../domain/errors.ts';
import { tenantHistoryDenial } from '../../domain/tenancy/policy.ts';
import type { Context } from '../context.ts';
import { loadersFor } from '../loaders/index.ts';

/** A tenant's event stream: whoever may read its audit trail (tenantHistoryDenial): 404 for an
 * unknown tenant, 403 for a non-member, 403 for a member who does not manage users. */
export const canReadTenantEvents = rule({ cache: 'no_cache' })(async (_parent, args: { tenantId: string }, ctx: Context, info) => {
  if (!ctx.actor) return new UnauthenticatedError();
  return tenantHistoryDenial(await loadersFor(ctx, info).tenantAccess.load(args.tenantId), args.tenantId) ?? true;
});
