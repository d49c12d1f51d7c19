import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { findCurrentUser } from '../../domain/accounts/find-current-user.ts';
import { findUserIdByEmail } from '../../domain/accounts/find-user-id.ts';
import { checkPassword } from '../../domain/accounts/login.ts';
import { prepareRegistration, registerUser } from '../../domain/accounts/register-user.ts';
import { actorOf } from '../actor.ts';
import { requestMeta, type Context } from '../context.ts';
import { UUID } from '../scalars.ts';
import { CredentialsArgs, UserIdByEmailArgs } from './accounts.args.ts';
import { LoginPayloadType } from './login-payload.type.ts';
import { UserType } from './user.type.ts';

/** Accounts: registering, logging in, the caller, finding a user by email. */
@Resolver()
export class AccountsResolver {
  @Query(() => UserType, { description: 'The caller.' })
  me(@Ctx() ctx: Context): Promise<UserType> {
    return findCurrentUser(ctx.db, actorOf(ctx));
  }

  @Query(() => UUID, { description: 'The id of the account with this email (case-insensitive), to invite it. NOT_FOUND if none.' })
  userIdByEmail(@Args(() => UserIdByEmailArgs) args: UserIdByEmailArgs, @Ctx() ctx: Context): Promise<string> {
    return findUserIdByEmail(ctx.db, args.email);
  }

  @Mutation(() => UserType, { description: 'Creates an account.' })
  async register(@Args(() => CredentialsArgs) args: CredentialsArgs, @Ctx() ctx: Context): Promise<UserType> {
    const registration = await prepareRegistration(args);
    return inTransaction(ctx.db, (tx) => registerUser(tx, registration, requestMeta(ctx)));
  }

  @Mutation(() => LoginPayloadType, { description: 'Exchanges email and password for a short-lived bearer token.' })
  async login(@Args(() => CredentialsArgs) args: CredentialsArgs, @Ctx() ctx: Context): Promise<LoginPayloadType> {
    const user = await checkPassword(ctx.db, args.email, args.password);
    const { token, expiresIn } = await ctx.jwt.issue(user.id);
    return { accessToken: token, tokenType: 'bearer', expiresIn };
  }
}
