import { z } from 'zod';
import { Args, ArgsType, Ctx, Field, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { revokeApiKey } from '../../domain/accounts/api-keys.ts';
import { actorOf } from '../../graphql/actor.ts';
import { requestMeta, type Context } from '../../graphql/context.ts';
import { isAuthenticated } from '../../graphql/permissions/account.rules.ts';
import { UUID } from '../../graphql/scalars.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { messageBody } from '../../rest/response-shapes.ts';
import { uuid } from '../../rest/validation.ts';
import { defineOperation } from '../operation.ts';
import { ApiKeyType } from './api-key.types.ts';

@ArgsType()
export class ApiKeyIdArgs {
  @Field(() => UUID)
  id!: string;
}

@Resolver()
class RevokeApiKeyResolver {
  @Mutation(() => ApiKeyType, { description: "Revokes one of the caller's API keys; effective on the next request." })
  revokeApiKey(@Args(() => ApiKeyIdArgs) args: ApiKeyIdArgs, @Ctx() ctx: Context): Promise<ApiKeyType> {
    return inTransaction(ctx.db, (tx) => revokeApiKey(tx, actorOf(ctx), args, requestMeta(ctx)));
  }
}

/** Revoking a key: only its own user, to whom anyone else's key does not exist. */
export const operation = defineOperation({
  on: 'Mutation',
  field: 'revokeApiKey',
  resolver: RevokeApiKeyResolver,
  guard: { rule: isAuthenticated },
  audit: { action: 'api_key.revoked', label: 'API key revoked', tenantEvent: false },
  opens: ['ApiKey'],
  routes: [
    legacyRoute({
      method: 'DELETE',
      url: '/api/v1/auth/api-keys/:api_key_id',
      operation: `mutation LegacyRevokeApiKey($id: UUID!) { revokeApiKey(id: $id) { id } }`,
      path: z.object({ api_key_id: uuid }),
      variables: ({ path }) => ({ id: path.api_key_id }),
      response: messageBody,
      present: () => ({ message: 'API key revoked' }),
    }),
  ],
  examples: [
    {
      args: { id: '@ownerKey' },
      select: 'revokedAt',
      rest: { path: { api_key_id: '@ownerKey' } },
      writes: true,
      allowed: ['owner'],
      special: { manager: 'NOT_FOUND', member: 'NOT_FOUND', outsider: 'NOT_FOUND', foreignManager: 'NOT_FOUND', removedUser: 'NOT_FOUND' },
    },
  ],
});
