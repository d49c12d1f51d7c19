import { z } from 'zod';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { listWebhookEndpoints } from '../../domain/events/webhooks/list-webhook-endpoints.ts';
import type { WebhookEndpointView } from '../../domain/events/webhooks/webhook-endpoint.ts';
import { actorOf } from '../../graphql/actor.ts';
import type { Context } from '../../graphql/context.ts';
import { parentTenant } from '../../graphql/permissions/tenant.rules.ts';
import { TenantType } from '../../graphql/tenancy/tenant.type.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { uuid } from '../../rest/validation.ts';
import { defineOperation, MANAGERS } from '../operation.ts';
import { legacySchemaOf, presentLegacy, selectionOf } from '../shape.ts';
import { webhookEndpoint, WebhookEndpointType } from './webhook-endpoint.shape.ts';

@Resolver(() => TenantType)
class TenantWebhookEndpointsResolver {
  @FieldResolver(() => [WebhookEndpointType], { description: 'The tenant’s webhook endpoints, oldest first, with their delivery state. Needs tenant.webhooks:manage.' })
  webhookEndpoints(@Root() tenant: TenantType, @Ctx() ctx: Context): Promise<WebhookEndpointView[]> {
    return listWebhookEndpoints(ctx.db, actorOf(ctx), { tenantId: tenant.id });
  }
}

export const operation = defineOperation({
  on: 'Tenant',
  field: 'webhookEndpoints',
  resolver: TenantWebhookEndpointsResolver,
  guard: { action: 'tenant.webhooks:manage', tenant: parentTenant('id') },
  opens: ['WebhookEndpoint'],
  routes: [
    legacyRoute({
      method: 'GET',
      url: '/api/v1/tenants/:tenant_id/webhook-endpoints',
      operation: `query LegacyWebhookEndpoints($tenantId: UUID!) { tenant(id: $tenantId) { webhookEndpoints { ${selectionOf(webhookEndpoint)} } } }`,
      path: z.object({ tenant_id: uuid }),
      variables: ({ path }) => ({ tenantId: path.tenant_id }),
      response: z.array(legacySchemaOf(webhookEndpoint)),
      present: (data: { tenant: { webhookEndpoints: Record<string, unknown>[] } }) => data.tenant.webhookEndpoints.map((endpoint) => presentLegacy(webhookEndpoint, endpoint)),
    }),
  ],
  examples: [
    // Reached through tenant(id:), which members may read; the endpoints are the managers'.
    { name: 'webhook endpoints', args: { id: '@tenant' }, select: 'webhookEndpoints { id url }', rest: { path: { tenant_id: '@tenant' } }, writes: false, allowed: MANAGERS },
  ],
});
