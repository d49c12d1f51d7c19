import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../../domain/accounts/api-keys.ts';
import { actorOf } from '../actor.ts';
import { requestMeta, type Context } from '../context.ts';
import { ApiKeyIdArgs, CreateApiKeyArgs } from './api-keys.args.ts';
import { ApiKeyType, CreatedApiKeyType } from './api-key.type.ts';

/** The caller's API keys. */
@Resolver()
export class ApiKeysResolver {
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
