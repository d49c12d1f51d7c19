import { Args, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { deleteWebhookEndpoint } from '../../domain/events/webhooks/delete-webhook-endpoint.ts';
import { actorOf } from '../../graphql/actor.ts';
import { webhookMeta, type Context } from '../../graphql/context.ts';
import { UUID } from '../../graphql/scalars.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { messageBody } from '../../rest/response-shapes.ts';
import { defineOperation, MANAGERS } from '../operation.ts';
import { endpointPath, endpointTenant, WebhookEndpointArgs } from './webhook-endpoint.shape.ts';

const DELETED = 'Webhook endpoint deleted';

@ObjectType('DeleteWebhookEndpointPayload')
export class DeleteWebhookEndpointPayload {
  @Field(() => String)
  message!: string;

  @Field(() => UUID)
  id!: string;
}

@Resolver()
class DeleteWebhookEndpointResolver {
  @Mutation(() => DeleteWebhookEndpointPayload, { description: 'Deletes an endpoint with its delivery log and dead letters.' })
  async deleteWebhookEndpoint(@Args(() => WebhookEndpointArgs) args: WebhookEndpointArgs, @Ctx() ctx: Context): Promise<DeleteWebhookEndpointPayload> {
    const deleted = await inTransaction(ctx.db, (tx) => deleteWebhookEndpoint(tx, actorOf(ctx), { endpointId: args.endpointId }, webhookMeta(ctx)));
    return { message: DELETED, ...deleted };
  }
}

export const operation = defineOperation({
  on: 'Mutation',
  field: 'deleteWebhookEndpoint',
  resolver: DeleteWebhookEndpointResolver,
  guard: { action: 'tenant.webhooks:manage', tenant: endpointTenant },
  audit: { action: 'webhook_endpoint.deleted', label: 'webhook endpoint deleted', tenantEvent: false },
  opens: ['DeleteWebhookEndpointPayload'],
  routes: [
    legacyRoute({
      method: 'DELETE',
      url: '/api/v1/tenants/:tenant_id/webhook-endpoints/:endpoint_id',
      operation: `mutation LegacyDeleteWebhookEndpoint($tenantId: UUID!, $endpointId: UUID!) { deleteWebhookEndpoint(tenantId: $tenantId, endpointId: $endpointId) { message } }`,
      path: endpointPath,
      variables: ({ path }) => ({ tenantId: path.tenant_id, endpointId: path.endpoint_id }),
      response: messageBody,
      present: () => ({ message: DELETED }),
    }),
  ],
  examples: [
    { args: { tenantId: '@tenant', endpointId: '@endpoint' }, select: 'message', rest: { path: { tenant_id: '@tenant', endpoint_id: '@endpoint' } }, writes: true, allowed: MANAGERS },
  ],
});
