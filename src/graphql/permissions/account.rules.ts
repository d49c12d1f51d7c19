import { rule } from 'graphql-shield';
import { ForbiddenError, UnauthenticatedError } from '../../domain/errors.ts';
import type { Context } from '../context.ts';

// How every rule file works: rules RETURN typed errors (shield passes a returned error through
// unchanged, while a thrown one would become a plain denial and lose its code and the
// 404-before-403 order); each takes its decision from a domain policy module, and the
// use-case asks that module again under lock. Rules that read go through the per-request
// loaders or the policy's reads; no shield caching ('no_cache') where the answer depends on
// arguments or the parent.

/** Any signed-in caller. */
export const isAuthenticated = rule({ cache: 'contextual' })((_parent, _args, ctx: Context) =>
  ctx.actor ? true : new UnauthenticatedError(),
);

/** Fields that name or list a user's tenants (activeTenantId too): only on the caller's own User. Another user's tenants
 * are not the caller's business, however the User was reached (a payload, a future list). */
export const isViewerSelf = rule({ cache: 'no_cache' })((parent: { id: string }, _args, ctx: Context) => {
  if (!ctx.actor) return new UnauthenticatedError();
  return parent.id === ctx.actor.userId ? true : new ForbiddenError('Only the user themselves can see their tenants');
});
