import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { needsFirstAdmin } from '../../domain/accounts/setup-status.ts';
import type { Context } from '../../graphql/context.ts';
import { defineOperation, EVERYONE } from '../operation.ts';

@ObjectType('SetupStatus', { description: 'What a sign-in screen needs before anyone is signed in; public, so it holds nothing more.' })
export class SetupStatusType {
  @Field(() => Boolean, { description: 'True while the database has no account at all: the console then offers to create the first administrator (with `register`).' })
  needsFirstAdmin!: boolean;
}

@Resolver()
class SetupStatusResolver {
  @Query(() => SetupStatusType, { description: 'Public: whether the first account is still to be made (a first-run screen asks before anyone can sign in).' })
  async setupStatus(@Ctx() ctx: Context): Promise<SetupStatusType> {
    return { needsFirstAdmin: await needsFirstAdmin(ctx.db) };
  }
}

/** The first-run question, asked before anyone can sign in. */
export const operation = defineOperation({
  on: 'Query',
  field: 'setupStatus',
  resolver: SetupStatusResolver,
  guard: { public: true },
  opens: ['SetupStatus'],
  // Answered to anyone, refused credentials too.
  examples: [{ args: {}, select: 'needsFirstAdmin', writes: false, allowed: EVERYONE }],
});
