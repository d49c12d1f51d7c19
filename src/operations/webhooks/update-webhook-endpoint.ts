import { z } from 'zod';
import { Args, ArgsType, Ctx, Field, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { updateWebhookEndpoint } from '../../domain/events/webhooks/update-webhook-endpoint.ts';
import type { WebhookEndpointView } from '../../domain/events/webhooks/webhook-endpoint.ts';
import { actorOf } from '../../graphql/actor.ts';
import { webhookMeta, type Context } from '../../graphql/context.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { text } from '../../rest/validation.ts';
import { defineOperation, MANAGERS } from '../operation.ts';
import { legacySchemaOf, presentLegacy, selectionOf } from '../shape.ts';
import { endpointPath, endpointTenant, eventTypesBody, webhookEndpoint, WebhookEndpointArgs, WebhookEndpointType } from './webhook-endpoint.shape.ts';

@ArgsType()
export class UpdateWebhookEndpointArgs extends WebhookEndpointArgs {
  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [String], { nullable: true, description: 'Replaces the filter; empty = all types.' })
  eventTypes?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Turning an endpoint back on resumes delivery where it stopped.' })
  enabled?: boolean | null;
}

@Resolver()
class UpdateWebhookEndpointResolver {
  @Mutation(() => WebhookEndpointType, { description: 'Changes an endpoint’s URL, description, event types or state; fields not given stay as they are.' })
  updateWebhookEndpoint(@Args(() => UpdateWebhookEndpointArgs) args: UpdateWebhookEndpointArgs, @Ctx() ctx: Context): Promise<WebhookEndpointView> {
    const { tenantId: _tenantId, ...input } = args;
    return inTransaction(ctx.db, (tx) => updateWebhookEndpoint(tx, actorOf(ctx), input, webhookMeta(ctx)));
  }
}

export const operation = defineOperation({
  on: 'Mutation',
  field: 'updateWebhookEndpoint',
  resolver: UpdateWebhookEndpointResolver,
  guard: { action: 'tenant.webhooks:manage', tenant: endpointTenant },
  audit: { action: 'webhook_endpoint.updated', label: 'webhook endpoint updated', tenantEvent: false },
  opens: ['WebhookEndpoint'],
  routes: [
    legacyRoute({
      method: 'PATCH',
      url: '/api/v1/tenants/:tenant_id/webhook-endpoints/:endpoint_id',
      operation: `mutation LegacyUpdateWebhookEndpoint($tenantId: UUID!, $endpointId: UUID!, $url: String, $description: String, $eventTypes: [String!], $enabled: Boolean) {
        updateWebhookEndpoint(tenantId: $tenantId, endpointId: $endpointId, url: $url, description: $description, eventTypes: $eventTypes, enabled: $enabled) { ${selectionOf(webhookEndpoint)} }
      }`,
      path: endpointPath,
      body: z.object({ url: text(2_048).nullish(), description: text(500).nullish(), event_types: eventTypesBody, enabled: z.boolean().nullish() }),
      variables: ({ path, body }) => ({
        tenantId: path.tenant_id,
        endpointId: path.endpoint_id,
        url: body.url ?? null,
        description: body.description ?? null,
        eventTypes: body.event_types ?? null,
        enabled: body.enabled ?? null,
      }),
      response: legacySchemaOf(webhookEndpoint),
      present: (data: { updateWebhookEndpoint: Record<string, unknown> }) => presentLegacy(webhookEndpoint, data.updateWebhookEndpoint),
    }),
  ],
  examples: [
    {
      args: { tenantId: '@tenant', endpointId: '@endpoint', description: 'matrix' },
      select: 'id description',
      rest: { path: { tenant_id: '@tenant', endpoint_id: '@endpoint' }, body: { description: 'matrix' } },
      writes: true,
      allowed: MANAGERS,
    },
  ],
});
