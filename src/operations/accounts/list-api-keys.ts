import { z } from 'zod';
import { Ctx, Query, Resolver } from 'type-graphql';
import { listApiKeys } from '../../domain/accounts/api-keys.ts';
import { actorOf } from '../../graphql/actor.ts';
import type { Context } from '../../graphql/context.ts';
import { isAuthenticated } from '../../graphql/permissions/account.rules.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { defineOperation, SIGNED_IN } from '../operation.ts';
import { apiKeyRead, ApiKeyType, LEGACY_API_KEY_FIELDS, presentApiKey, type LegacyApiKeyData } from './api-key.types.ts';

@Resolver()
class MyApiKeysResolver {
  @Query(() => [ApiKeyType], { description: "The caller's API keys." })
  myApiKeys(@Ctx() ctx: Context): Promise<ApiKeyType[]> {
    return listApiKeys(ctx.db, actorOf(ctx));
  }
}

/** The caller's own API keys: any signed-in caller. */
export const operation = defineOperation({
  on: 'Query',
  field: 'myApiKeys',
  resolver: MyApiKeysResolver,
  guard: { rule: isAuthenticated },
  opens: ['ApiKey'],
  routes: [
    legacyRoute({
      method: 'GET',
      url: '/api/v1/auth/api-keys',
      operation: `query LegacyListApiKeys { myApiKeys { ${LEGACY_API_KEY_FIELDS} } }`,
      variables: () => ({}),
      response: z.array(apiKeyRead),
      present: (data: { myApiKeys: LegacyApiKeyData[] }) => data.myApiKeys.map(presentApiKey),
    }),
  ],
  examples: [{ args: {}, select: 'id', rest: {}, writes: false, allowed: SIGNED_IN }],
});
