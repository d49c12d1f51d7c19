import { z } from 'zod';
import { Args, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { rotateWebhookSecret, type RotatedWebhookSecret } from '../../domain/events/webhooks/rotate-webhook-secret.ts';
import { actorOf } from '../../graphql/actor.ts';
import { webhookMeta, type Context } from '../../graphql/context.ts';
import { DateTimeISO, UUID } from '../../graphql/scalars.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { instantOut, uuidOut } from '../../rest/response-shapes.ts';
import { defineOperation, MANAGERS } from '../operation.ts';
import { endpointPath, endpointTenant, WebhookEndpointArgs } from './webhook-endpoint.shape.ts';

@ObjectType('RotatedWebhookSecret')
export class RotatedWebhookSecretType {
  @Field(() => UUID)
  endpointId!: string;

  @Field(() => String, { description: 'The new `whsec_…` signing secret. Shown this once.' })
  secret!: string;

  @Field(() => DateTimeISO, { nullable: true, description: 'Until then every delivery is signed with the previous secret too; null when the overlap is 0.' })
  previousSecretExpiresAt!: Date | null;
}

@Resolver()
class RotateWebhookSecretResolver {
  @Mutation(() => RotatedWebhookSecretType, { description: 'Gives an endpoint a new signing secret, shown once; the previous one keeps signing beside it for the overlap.' })
  rotateWebhookSecret(@Args(() => WebhookEndpointArgs) args: WebhookEndpointArgs, @Ctx() ctx: Context): Promise<RotatedWebhookSecret> {
    return inTransaction(ctx.db, (tx) => rotateWebhookSecret(tx, actorOf(ctx), { endpointId: args.endpointId }, webhookMeta(ctx)));
  }
}

export const operation = defineOperation({
  on: 'Mutation',
  field: 'rotateWebhookSecret',
  resolver: RotateWebhookSecretResolver,
  guard: { action: 'tenant.webhooks:manage', tenant: endpointTenant },
  audit: { action: 'webhook_endpoint.secret_rotated', label: 'webhook secret rotated', tenantEvent: false },
  refusesIdempotencyKey: 'its answer shows the new signing secret once, and an answer holding a secret is never stored',
  opens: ['RotatedWebhookSecret'],
  routes: [
    legacyRoute({
      method: 'POST',
      url: '/api/v1/tenants/:tenant_id/webhook-endpoints/:endpoint_id/rotate-secret',
      operation: `mutation LegacyRotateWebhookSecret($tenantId: UUID!, $endpointId: UUID!) {
        rotateWebhookSecret(tenantId: $tenantId, endpointId: $endpointId) { endpointId secret previousSecretExpiresAt }
      }`,
      path: endpointPath,
      variables: ({ path }) => ({ tenantId: path.tenant_id, endpointId: path.endpoint_id }),
      response: z.object({
        endpoint_id: uuidOut,
        secret: z.string().meta({ description: 'The new `whsec_…` signing secret, shown this once.' }),
        previous_secret_expires_at: instantOut.nullable().meta({ description: 'Until then the previous secret signs too; null when the overlap is 0.' }),
      }),
      present: (data: { rotateWebhookSecret: { endpointId: string; secret: string; previousSecretExpiresAt: string | null } }) => ({
        endpoint_id: data.rotateWebhookSecret.endpointId,
        secret: data.rotateWebhookSecret.secret,
        previous_secret_expires_at: data.rotateWebhookSecret.previousSecretExpiresAt,
      }),
    }),
  ],
  examples: [
    { args: { tenantId: '@tenant', endpointId: '@endpoint' }, select: 'endpointId', rest: { path: { tenant_id: '@tenant', endpoint_id: '@endpoint' } }, writes: true, allowed: MANAGERS },
  ],
});
