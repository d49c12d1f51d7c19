import { z } from 'zod';
import { Args, ArgsType, Ctx, Field, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { MAX_RESEND, resendWebhookEvents } from '../../domain/events/webhooks/resend-webhook-events.ts';
import { actorOf } from '../../graphql/actor.ts';
import { webhookMeta, type Context } from '../../graphql/context.ts';
import { UUID } from '../../graphql/scalars.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { uuid } from '../../rest/validation.ts';
import { defineOperation, MANAGERS } from '../operation.ts';
import { endpointPath, endpointTenant, WebhookEndpointArgs } from './webhook-endpoint.shape.ts';

@ArgsType()
export class ResendWebhookEventsArgs extends WebhookEndpointArgs {
  @Field(() => [UUID], { nullable: true, description: `These events of the tenant's stream (at most ${MAX_RESEND}); omitted = every dead letter of the endpoint.` })
  eventIds?: string[] | null;
}

@ObjectType('ResendWebhookEventsPayload')
export class ResendWebhookEventsPayload {
  @Field(() => Int, { description: 'Events queued to be sent again.' })
  queued!: number;
}

@Resolver()
class ResendWebhookEventsResolver {
  @Mutation(() => ResendWebhookEventsPayload, { description: 'Queues events to be sent to the endpoint again: given ones, or every dead letter.' })
  resendWebhookEvents(@Args(() => ResendWebhookEventsArgs) args: ResendWebhookEventsArgs, @Ctx() ctx: Context): Promise<ResendWebhookEventsPayload> {
    return inTransaction(ctx.db, (tx) => resendWebhookEvents(tx, actorOf(ctx), { endpointId: args.endpointId, eventIds: args.eventIds }, webhookMeta(ctx)));
  }
}

export const operation = defineOperation({
  on: 'Mutation',
  field: 'resendWebhookEvents',
  resolver: ResendWebhookEventsResolver,
  guard: { action: 'tenant.webhooks:manage', tenant: endpointTenant },
  audit: { action: 'webhook_endpoint.events_resent', label: 'webhook events resent', tenantEvent: false },
  opens: ['ResendWebhookEventsPayload'],
  routes: [
    legacyRoute({
      method: 'POST',
      url: '/api/v1/tenants/:tenant_id/webhook-endpoints/:endpoint_id/resend',
      operation: `mutation LegacyResendWebhookEvents($tenantId: UUID!, $endpointId: UUID!, $eventIds: [UUID!]) {
        resendWebhookEvents(tenantId: $tenantId, endpointId: $endpointId, eventIds: $eventIds) { queued }
      }`,
      path: endpointPath,
      body: z.object({ event_ids: z.array(uuid).max(MAX_RESEND).nullish().meta({ description: 'Omitted or null: every dead letter of the endpoint.' }) }).nullish(),
      variables: ({ path, body }) => ({ tenantId: path.tenant_id, endpointId: path.endpoint_id, eventIds: body?.event_ids ?? null }),
      status: 202,
      response: z.object({ queued: z.number().int().min(0) }),
      present: (data: { resendWebhookEvents: { queued: number } }) => ({ queued: data.resendWebhookEvents.queued }),
    }),
  ],
  examples: [
    {
      args: { tenantId: '@tenant', endpointId: '@endpoint', eventIds: ['@removalEvent'] },
      select: 'queued',
      rest: { path: { tenant_id: '@tenant', endpoint_id: '@endpoint' }, body: { event_ids: ['@removalEvent'] } },
      writes: true,
      allowed: MANAGERS,
    },
  ],
});
