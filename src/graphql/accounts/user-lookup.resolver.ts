import { Args, ArgsType, Ctx, Field, Query, Resolver } from 'type-graphql';
import { findUserIdByEmail } from '../../domain/accounts/find-user-id.ts';
import type { Context } from '../context.ts';
import { UUID } from '../scalars.ts';

@ArgsType()
class UserIdByEmailArgs {
  @Field(() => String)
  email!: string;
}

@Resolver()
export class UserLookupResolver {
  @Query(() => UUID, { description: 'The id of the account with this email (case-insensitive), to invite it. NOT_FOUND if none.' })
  userIdByEmail(@Args(() => UserIdByEmailArgs) args: UserIdByEmailArgs, @Ctx() ctx: Context): Promise<string> {
    return findUserIdByEmail(ctx.db, args.email);
  }
}
