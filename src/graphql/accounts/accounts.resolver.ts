import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../../domain/accounts/api-keys.ts';
import { checkPassword } from '../../domain/accounts/login.ts';
import { prepareRegistration, registerUser } from '../../domain/accounts/register-user.ts';
import { InvalidInputError, NotFoundError } from '../../domain/errors.ts';
import { actorOf } from '../actor.ts';
import { requestMeta, type Context } from '../context.ts';
import { ApiKeyIdArgs, CreateApiKeyArgs, CredentialsArgs, LoginArgs } from './accounts.args.ts';
import { ApiKeyType, CreatedApiKeyType } from './api-key.type.ts';
import { LoginPayloadType } from './login-payload.type.ts';
import { UserType } from './user.type.ts';

@Resolver()
export class AccountsResolver {
  @Query(() => UserType, { description: 'The caller.' })
  async me(@Ctx() ctx: Context): Promise<UserType> {
    const user = await ctx.db.user.findUnique({ where: { id: actorOf(ctx).userId } });
    if (!user) throw new NotFoundError('Could not find user');
    return user;
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

  @Query(() => [ApiKeyType], { description: "The caller's API keys." })
  myApiKeys(@Ctx() ctx: Context): Promise<ApiKeyType[]> {
    return listApiKeys(ctx.db, actorOf(ctx));
  }

  @Mutation(() => CreatedApiKeyType, { description: 'Creates an API key for the caller and shows it once.' })
  createApiKey(@Args(() => CreateApiKeyArgs) args: CreateApiKeyArgs, @Ctx() ctx: Context): Promise<CreatedApiKeyType> {
    return inTransaction(ctx.db, (tx) => createApiKey(tx, actorOf(ctx), args, requestMeta(ctx)));
  }

  @Mutation(() => ApiKeyType, { description: "Revokes one of the caller's API keys; effective on the next request." })
  revokeApiKey(@Args(() => ApiKeyIdArgs) args: ApiKeyIdArgs, @Ctx() ctx: Context): Promise<ApiKeyType> {
    return inTransaction(ctx.db, (tx) => revokeApiKey(tx, actorOf(ctx), args, requestMeta(ctx)));
  }
}
