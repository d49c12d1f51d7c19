import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { findCurrentUser } from '../../domain/accounts/find-current-user.ts';
import { findUserIdByEmail } from '../../domain/accounts/find-user-id.ts';
import { checkPassword } from '../../domain/accounts/login.ts';
import { prepareRegistration, registerUser } from '../../domain/accounts/register-user.ts';
import { needsFirstAdmin } from '../../domain/accounts/setup-status.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { actorOf } from '../actor.ts';
import { requestMeta, type Context } from '../context.ts';
import { UUID } from '../scalars.ts';
import { CredentialsArgs, LoginArgs, UserIdByEmailArgs } from './accounts.args.ts';
import { LoginPayloadType } from './login-payload.type.ts';
import { SetupStatusType } from './setup-status.type.ts';
import { UserType } from './user.type.ts';

/** Accounts: whether the first one is still to be made, registering, logging in, the caller, finding a user by email. */
@Resolver()
export class AccountsResolver {
  @Query(() => UserType, { description: 'The caller.' })
  me(@Ctx() ctx: Context): Promise<UserType> {
    // Tracked: the caller's memberships load in the request's next wave (loaders/batch-waves.ts).
    return ctx.loaders.track(findCurrentUser(ctx.db, actorOf(ctx)));
  }

  @Query(() => SetupStatusType, { description: 'Public: whether the first account is still to be made (a first-run screen asks before anyone can sign in).' })
  async setupStatus(@Ctx() ctx: Context): Promise<SetupStatusType> {
    return { needsFirstAdmin: await needsFirstAdmin(ctx.db) };
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

  @Mutation(() => LoginPayloadType, { description: 'Exchanges email and password for a short-lived bearer token (or, for a browser, a session cookie).' })
  async login(@Args(() => LoginArgs) args: LoginArgs, @Ctx() ctx: Context): Promise<LoginPayloadType> {
    const session = args.setSessionCookie ? ctx.session : undefined;
    if (args.setSessionCookie && !session) throw new InvalidInputError('A session cookie is only set on POST /graphql', [], 'SESSION_COOKIE_UNAVAILABLE');
    const user = await checkPassword(ctx.db, args.email, args.password);
    const { token, expiresIn } = await ctx.jwt.issue(user.id);
    if (!session) return { accessToken: token, tokenType: 'bearer', expiresIn };
    session.set(token, expiresIn);
    return { accessToken: null, tokenType: 'bearer', expiresIn };
  }

  @Mutation(() => Boolean, { description: "Ends the browser session: clears the session cookie (true). Anyone may call it; a bearer token or API key stays valid until it expires or is revoked." })
  logout(@Ctx() ctx: Context): boolean {
    ctx.session?.clear();
    return true;
  }
}
