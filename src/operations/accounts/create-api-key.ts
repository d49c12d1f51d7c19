import { z } from 'zod';
import { Args, ArgsType, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { createApiKey } from '../../domain/accounts/api-keys.ts';
import { actorOf } from '../../graphql/actor.ts';
import { requestMeta, type Context } from '../../graphql/context.ts';
import { isAuthenticated } from '../../graphql/permissions/account.rules.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { text } from '../../rest/validation.ts';
import { defineOperation, SIGNED_IN } from '../operation.ts';
import { apiKeyFields, ApiKeyType, LEGACY_API_KEY_FIELDS, presentApiKey, type LegacyApiKeyData } from './api-key.types.ts';

@ArgsType()
export class CreateApiKeyArgs {
  @Field(() => String, { nullable: true })
  name?: string | null;
}

@ObjectType('CreatedApiKey')
export class CreatedApiKeyType {
  @Field(() => ApiKeyType)
  apiKey!: ApiKeyType;

  @Field(() => String, { description: 'The key. Shown this once; only its hash is stored.' })
  key!: string;
}

@Resolver()
class CreateApiKeyResolver {
  @Mutation(() => CreatedApiKeyType, { description: 'Creates an API key for the caller and shows it once.' })
  createApiKey(@Args(() => CreateApiKeyArgs) args: CreateApiKeyArgs, @Ctx() ctx: Context): Promise<CreatedApiKeyType> {
    return inTransaction(ctx.db, (tx) => createApiKey(tx, actorOf(ctx), args, requestMeta(ctx)));
  }
}

/** A key for the caller's own account: any signed-in caller. */
export const operation = defineOperation({
  on: 'Mutation',
  field: 'createApiKey',
  resolver: CreateApiKeyResolver,
  guard: { rule: isAuthenticated },
  audit: { action: 'api_key.created', label: 'API key created', tenantEvent: false },
  refusesIdempotencyKey: 'its answer shows the new secret once, and secrets are never stored',
  opens: ['CreatedApiKey', 'ApiKey'],
  routes: [
    legacyRoute({
      method: 'POST',
      url: '/api/v1/auth/api-keys',
      operation: `mutation LegacyCreateApiKey($name: String) { createApiKey(name: $name) { key apiKey { ${LEGACY_API_KEY_FIELDS} } } }`,
      body: z.object({ name: text(100).nullish() }).nullish(),
      variables: ({ body }) => ({ name: body?.name ?? null }),
      status: 201,
      response: z.object({ ...apiKeyFields, key: z.string().meta({ description: 'The key itself, shown this once.' }) }),
      present: (data: { createApiKey: { key: string; apiKey: LegacyApiKeyData } }) => ({
        ...presentApiKey(data.createApiKey.apiKey),
        key: data.createApiKey.key,
      }),
    }),
  ],
  examples: [{ args: { name: 'matrix' }, select: 'apiKey { id }', rest: { body: { name: 'matrix' } }, writes: true, allowed: SIGNED_IN }],
});
