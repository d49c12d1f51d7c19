import { z } from 'zod';
import { Args, ArgsType, Ctx, Field, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { listWebhookDeadLetters, listWebhookDeliveries, type WebhookDeadLetter, type WebhookDeliveryPage } from '../../domain/events/webhooks/list-webhook-deliveries.ts';
import { actorOf } from '../../graphql/actor.ts';
import type { Context } from '../../graphql/context.ts';
import { parentTenant } from '../../graphql/permissions/tenant.rules.ts';
import { UUID } from '../../graphql/scalars.ts';
import { TenantType } from '../../graphql/tenancy/tenant.type.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { pageSize } from '../../rest/validation.ts';
import { defineOperation, MANAGERS } from '../operation.ts';
import { legacySchemaOf, presentLegacy, selectionOf } from '../shape.ts';
import { endpointInTenant, endpointPath, webhookDeliveryLog, WebhookDeliveryLogType } from './webhook-endpoint.shape.ts';

@ArgsType()
export class WebhookDeliveriesArgs {
  @Field(() => UUID)
  endpointId!: string;

  @Field(() => Int, { nullable: true, defaultValue: 50, description: 'Page size of the attempts, 1 to 200.' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string | null;
}

@Resolver(() => TenantType)
class TenantWebhookDeliveriesResolver {
  @FieldResolver(() => WebhookDeliveryLogType, { description: 'One endpoint’s delivery log, newest first, and its dead letters. Needs tenant.webhooks:manage.' })
  async webhookDeliveries(@Root() tenant: TenantType, @Args(() => WebhookDeliveriesArgs) args: WebhookDeliveriesArgs, @Ctx() ctx: Context): Promise<WebhookDeliveryPage & { deadLetters: WebhookDeadLetter[] }> {
    const inTenant = await endpointInTenant(ctx.db, tenant.id, args.endpointId);
    if (typeof inTenant !== 'string') throw inTenant;
    const actor = actorOf(ctx);
    const page = await listWebhookDeliveries(ctx.db, actor, args);
    return { ...page, deadLetters: await listWebhookDeadLetters(ctx.db, actor, args) };
  }
}

export const operation = defineOperation({
  on: 'Tenant',
  field: 'webhookDeliveries',
  resolver: TenantWebhookDeliveriesResolver,
  guard: { action: 'tenant.webhooks:manage', tenant: parentTenant('id') },
  opens: ['WebhookDeliveryLog', 'WebhookDeliveryAttempt', 'WebhookDeadLetter'],
  routes: [
    legacyRoute({
      method: 'GET',
      url: '/api/v1/tenants/:tenant_id/webhook-endpoints/:endpoint_id/deliveries',
      operation: `query LegacyWebhookDeliveries($tenantId: UUID!, $endpointId: UUID!, $first: Int, $after: String) {
        tenant(id: $tenantId) { webhookDeliveries(endpointId: $endpointId, first: $first, after: $after) { ${selectionOf(webhookDeliveryLog)} } }
      }`,
      path: endpointPath,
      query: z.object({
        first: pageSize.optional().meta({ description: 'Attempts per page, 1 to 200 (default 50).' }),
        after: z.string().max(1_000).optional().meta({ description: 'The `end_cursor` of the previous page.' }),
      }),
      issuesAt: 'query',
      variables: ({ path, query }) => ({ tenantId: path.tenant_id, endpointId: path.endpoint_id, first: query.first ?? null, after: query.after ?? null }),
      response: legacySchemaOf(webhookDeliveryLog),
      present: (data: { tenant: { webhookDeliveries: Record<string, unknown> } }) => presentLegacy(webhookDeliveryLog, data.tenant.webhookDeliveries),
    }),
  ],
  examples: [
    {
      name: 'webhook deliveries',
      args: { id: '@tenant' },
      fieldArgs: { endpointId: '@endpoint' },
      select: 'hasNextPage deadLetters { eventId }',
      rest: { path: { tenant_id: '@tenant', endpoint_id: '@endpoint' } },
      writes: false,
      allowed: MANAGERS,
    },
  ],
});
