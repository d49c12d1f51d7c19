import { Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context.ts';
import { defineOperation, EVERYONE } from '../operation.ts';

@Resolver()
class LogoutResolver {
  @Mutation(() => Boolean, { description: "Ends the browser session: clears the session cookie (true). Anyone may call it; a bearer token or API key stays valid until it expires or is revoked." })
  logout(@Ctx() ctx: Context): boolean {
    ctx.session?.clear();
    return true;
  }
}

/** Ending a browser session: anyone, the cookie alone saying whose. */
export const operation = defineOperation({
  on: 'Mutation',
  field: 'logout',
  resolver: LogoutResolver,
  guard: { public: true },
  examples: [{ args: {}, writes: false, allowed: EVERYONE }],
});
