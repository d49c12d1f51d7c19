import type { Actor } from '../domain/actor.ts';
import { UnauthenticatedError } from '../domain/errors.ts';
import type { Context } from './context.ts';

/** The authenticated caller. Shield already refused anonymous callers for these fields; this
 * keeps the type honest and fails closed if a rule is ever loosened by mistake. */
export function actorOf(ctx: Context): Actor {
  if (!ctx.actor) throw new UnauthenticatedError();
  return ctx.actor;
}
