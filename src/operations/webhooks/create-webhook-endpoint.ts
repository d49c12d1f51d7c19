import { z } from 'zod';
import { Args, ArgsType, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { createWebhookEndpoint } from '../../domain/events/webhooks/create-webhook-endpoint.ts';
import type { WebhookEndpointView } from '../../domain/events/webhooks/webhook-endpoint.ts';
import { actorOf } from '../../graphql/actor.ts';
import { webhookMeta, type Context } from '../../graphql/context.ts';
import { tenantArg } from '../../graphql/permissions/tenant.rules.ts';
import { UUID } from '../../graphql/scalars.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { text, uuid } from '../../rest/validation.ts';
import { defineOperation, MANAGERS } from '../operation.ts';
import { legacySchemaOf, presentLegacy, selectionOf } from '../shape.ts';
import { eventTypesBody, webhookEndpoint, WebhookEndpointType } from './webhook-endpoint.shape.ts';

@ArgsType()
export class CreateWebhookEndpointArgs {
  @Field(() => UUID)
  tenantId!: string;

  @Field(() => String, { description: 'http(s); loopback, private and link-local targets are refused unless the operator allows them.' })
  url!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [String], { nullable: true, description: 'Event types to send; omitted or empty = all.' })
  eventTypes?: string[] | null;
}

@ObjectType('CreatedWebhookEndpoint')
export class CreatedWebhookEndpointType {
  @Field(() => WebhookEndpointType)
  endpoint!: WebhookEndpointView;

  @Field(() => String, { description: 'The `whsec_…` signing secret. Shown this once.' })
  secret!: string;
}

@Resolver()
class CreateWebhookEndpointResolver {
  @Mutation(() => CreatedWebhookEndpointType, { description: 'Adds a webhook endpoint to a tenant and shows its signing secret once.' })
  createWebhookEndpoint(@Args(() => CreateWebhookEndpointArgs) args: CreateWebhookEndpointArgs, @Ctx() ctx: Context): Promise<CreatedWebhookEndpointType> {
    return inTransaction(ctx.db, (tx) => createWebhookEndpoint(tx, actorOf(ctx), args, webhookMeta(ctx)));
  }
}

export const operation = defineOperation({
  on: 'Mutation',
  field: 'createWebhookEndpoint',
  resolver: CreateWebhookEndpointResolver,
  guard: { action: 'tenant.webhooks:manage', tenant: tenantArg('tenantId') },
  audit: { action: 'webhook_endpoint.created', label: 'webhook endpoint created', tenantEvent: false },
  refusesIdempotencyKey: 'its answer shows the new signing secret once, and an answer holding a secret is never stored',
  opens: ['CreatedWebhookEndpoint', 'WebhookEndpoint'],
  routes: [
    legacyRoute({
      method: 'POST',
      url: '/api/v1/tenants/:tenant_id/webhook-endpoints',
      operation: `mutation LegacyCreateWebhookEndpoint($tenantId: UUID!, $url: String!, $description: String, $eventTypes: [String!]) {
        createWebhookEndpoint(tenantId: $tenantId, url: $url, description: $description, eventTypes: $eventTypes) { secret endpoint { ${selectionOf(webhookEndpoint)} } }
      }`,
      path: z.object({ tenant_id: uuid }),
      body: z.object({ url: text(2_048), description: text(500).nullish(), event_types: eventTypesBody }),
      variables: ({ path, body }) => ({ tenantId: path.tenant_id, url: body.url, description: body.description ?? null, eventTypes: body.event_types ?? null }),
      status: 201,
      response: legacySchemaOf(webhookEndpoint).extend({ secret: z.string().meta({ description: 'The `whsec_…` signing secret, shown this once.' }) }),
      present: (data: { createWebhookEndpoint: { secret: string; endpoint: Record<string, unknown> } }) => ({
        ...presentLegacy(webhookEndpoint, data.createWebhookEndpoint.endpoint),
        secret: data.createWebhookEndpoint.secret,
      }),
    }),
  ],
  examples: [
    {
      args: { tenantId: '@tenant', url: 'http://127.0.0.1:9/hooks' },
      select: 'endpoint { id }',
      rest: { path: { tenant_id: '@tenant' }, body: { url: 'http://127.0.0.1:9/hooks' } },
      writes: true,
      allowed: MANAGERS,
    },
  ],
});
