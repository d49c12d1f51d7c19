import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../../domain/accounts/api-keys.ts';
import { checkPassword } from '../../domain/accounts/login.ts';
import { prepareRegistration, registerUser } from '../../domain/accounts/register-user.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { actorOf } from '../actor.ts';
import { requestMeta, type Context } from '../context.ts';
import { ApiKeyIdArgs, CreateApiKeyArgs, CredentialsArgs } from './accounts.args.ts';
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

  @Mutation(() => LoginPayloadType, { description: 'Exchanges email and password for a short-lived bearer token.' })
  async login(@Args(() => CredentialsArgs) args: CredentialsArgs, @Ctx() ctx: Context): Promise<LoginPayloadType> {
    const user = await checkPassword(ctx.db, args.email, args.password);
    const { token, expiresIn } = await ctx.jwt.issue(user.id);
    return { accessToken: token, tokenType: 'bearer', expiresIn };
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
