import { z } from 'zod';
import { ArgsType, Field } from 'type-graphql';
import { endpointNotFound } from '../../domain/events/webhooks/webhook-endpoint.ts';
import type { Context } from '../../graphql/context.ts';
import type { TenantLocator } from '../../graphql/permissions/tenant.rules.ts';
import { UUID } from '../../graphql/scalars.ts';
import { text, uuid } from '../../rest/validation.ts';
import { leaf, objectTypeOf, shape } from '../shape.ts';

/** What the webhook endpoint operations share: the answers' shapes (declared once for GraphQL,
 * the legacy bodies and the console), the arguments naming one endpoint, and where its tenant is. */

export const webhookEndpoint = shape(
  'WebhookEndpoint',
  {
    id: { type: leaf.uuid },
    tenantId: { type: leaf.uuid },
    url: { type: leaf.string },
    description: { type: leaf.string },
    eventTypes: { type: leaf.string, list: true, description: 'Types sent; empty = every type of the catalogue.' },
    enabled: { type: leaf.boolean },
    disabledReason: { type: leaf.string, nullable: true, description: '`GONE`: turned off by the relay after a 410; null otherwise.' },
    createdAt: { type: leaf.dateTime },
    createdBy: { type: leaf.uuid, nullable: true },
    previousSecretExpiresAt: { type: leaf.dateTime, nullable: true, description: 'Until when the secret before the last rotation still signs; null when none does.' },
    pendingEvents: { type: leaf.int, description: 'The tenant’s events this endpoint has not yet taken.' },
    failedAttempts: { type: leaf.int, description: 'Failed attempts at the next event.' },
    lastError: { type: leaf.string, nullable: true },
    nextAttemptAt: { type: leaf.dateTime, nullable: true, description: 'When a failing event is tried again.' },
    deadLetters: { type: leaf.int, description: 'Events dead after the whole retry schedule, waiting for a resend.' },
  },
  { description: 'Where a tenant’s events are POSTed (docs/CONTRACT.md, Webhooks). Never shows its secret.', consoleFragment: { name: 'WebhookEndpointFields', on: 'WebhookEndpoint' } },
);

export const webhookDeliveryAttempt = shape(
  'WebhookDeliveryAttempt',
  {
    eventId: { type: leaf.uuid },
    eventType: { type: leaf.string },
    sequence: { type: leaf.int },
    attempt: { type: leaf.int, description: '1 for the first attempt at this event, up to 8.' },
    statusCode: { type: leaf.int, nullable: true, description: 'The HTTP status answered; null when none was (timeout, refused).' },
    error: { type: leaf.string, nullable: true, description: 'Why it failed; null when delivered.' },
    latencyMs: { type: leaf.int },
    at: { type: leaf.dateTime },
  },
  { description: 'One delivery attempt to an endpoint.' },
);

export const webhookDeadLetter = shape(
  'WebhookDeadLetter',
  {
    eventId: { type: leaf.uuid },
    eventType: { type: leaf.string, nullable: true },
    sequence: { type: leaf.int },
    attempts: { type: leaf.int },
    lastError: { type: leaf.string, nullable: true },
    deadAt: { type: leaf.dateTime, nullable: true, description: 'When it died; null for an event queued by a resend that never died.' },
    replayAt: { type: leaf.dateTime, nullable: true, description: 'Queued to be sent again at; null = dead, waiting for a resend.' },
  },
  { description: 'An event an endpoint did not take after the whole retry schedule, or one queued to be sent again.' },
);

export const webhookDeliveryLog = shape(
  'WebhookDeliveryLog',
  {
    attempts: { type: webhookDeliveryAttempt, list: true, description: 'Newest first.' },
    hasNextPage: { type: leaf.boolean },
    endCursor: { type: leaf.string, nullable: true, description: 'Pass as `after` for older attempts; null on an empty page.' },
    deadLetters: { type: webhookDeadLetter, list: true, description: 'Dead letters and queued resends, in stream order.' },
  },
  { description: 'An endpoint’s delivery log (the newest 1,000 attempts) and its dead letters.' },
);

export const WebhookEndpointType = objectTypeOf(webhookEndpoint);
export const WebhookDeliveryLogType = objectTypeOf(webhookDeliveryLog);

/** One endpoint, in the tenant the caller names (the legacy path names both). */
@ArgsType()
export class WebhookEndpointArgs {
  @Field(() => UUID)
  tenantId!: string;

  @Field(() => UUID)
  endpointId!: string;
}

/** Event types in a legacy body: the filter; empty = every type. */
export const eventTypesBody = z.array(text(200)).max(100).nullish().meta({ description: 'Event types to send (docs/CONTRACT.md, the catalogue); empty = all.' });

/** The legacy path of one endpoint. */
export const endpointPath = z.object({ tenant_id: uuid, endpoint_id: uuid.meta({ format: 'uuid', description: 'The webhook endpoint’s id.' }) });

/** The endpoint's tenant, when it is the one named: another tenant's endpoint is not found
 * there, so the guard checks the tenant the endpoint is in. */
export async function endpointInTenant(db: Context['db'], tenantId: string, endpointId: string): Promise<string | ReturnType<typeof endpointNotFound>> {
  const found = await db.webhookEndpoint.findUnique({ where: { id: endpointId }, select: { tenantId: true } });
  return found && found.tenantId === tenantId ? tenantId : endpointNotFound(endpointId);
}

/** The guard's locator for an operation on one endpoint. */
export const endpointTenant: TenantLocator = (_parent, args: { tenantId: string; endpointId: string }, ctx) => endpointInTenant(ctx.db, args.tenantId, args.endpointId);
