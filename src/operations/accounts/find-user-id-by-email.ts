import { z } from 'zod';
import { Args, ArgsType, Ctx, Field, Query, Resolver } from 'type-graphql';
import { findUserIdByEmail } from '../../domain/accounts/find-user-id.ts';
import type { Context } from '../../graphql/context.ts';
import { isAuthenticated } from '../../graphql/permissions/account.rules.ts';
import { UUID } from '../../graphql/scalars.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { uuidOut } from '../../rest/response-shapes.ts';
import { text } from '../../rest/validation.ts';
import { defineOperation, SIGNED_IN } from '../operation.ts';

@ArgsType()
export class UserIdByEmailArgs {
  @Field(() => String)
  email!: string;
}

@Resolver()
class UserIdByEmailResolver {
  @Query(() => UUID, { description: 'The id of the account with this email (case-insensitive), to invite it. NOT_FOUND if none.' })
  userIdByEmail(@Args(() => UserIdByEmailArgs) args: UserIdByEmailArgs, @Ctx() ctx: Context): Promise<string> {
    return findUserIdByEmail(ctx.db, args.email);
  }
}

/** Finding an account to invite: any signed-in caller. */
export const operation = defineOperation({
  on: 'Query',
  field: 'userIdByEmail',
  resolver: UserIdByEmailResolver,
  guard: { rule: isAuthenticated },
  routes: [
    legacyRoute({
      method: 'POST',
      url: '/api/v1/users/get-user-id',
      operation: `query LegacyUserIdByEmail($email: String!) { userIdByEmail(email: $email) }`,
      body: z.object({ email: text(320) }),
      variables: ({ body }) => ({ email: body.email }),
      response: z.object({ user_id: uuidOut }),
      present: (data: { userIdByEmail: string }) => ({ user_id: data.userIdByEmail }),
    }),
  ],
  examples: [{ args: { email: '@newcomer.email' }, rest: { body: { email: '@newcomer.email' } }, writes: false, allowed: SIGNED_IN }],
});
