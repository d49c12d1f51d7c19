import type { Actor } from '../../actor.ts';
import { recordDestinationChange, type Tx } from '../../../db/transaction.ts';
import { generateSecret } from '../../../events/webhooks/signing.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { InvalidInputError } from '../../errors.ts';
import { lockTenantFor } from '../../tenancy/tenant-access.ts';
import { checkEndpointFields, endpointView, MAX_WEBHOOK_ENDPOINTS_PER_TENANT, type WebhookEndpointView, type WebhookMeta } from './webhook-endpoint.ts';

export interface CreateWebhookEndpointInput {
  tenantId: string;
  url: string;
  description?: string | null;
  /** Types of the catalogue to send; omitted or empty = all. */
  eventTypes?: readonly string[] | null;
}

export interface CreatedWebhookEndpoint {
  endpoint: WebhookEndpointView;
  /** `whsec_…`: shown this once; receivers verify signatures with it. */
  secret: string;
}

/** Adds a webhook endpoint to a tenant (`tenant.webhooks:manage`: the owner or MANAGE_USERS).
 * Its cursor starts at the tenant's last event number, read under the tenant's lock, which
 * every event writer holds too: it is sent every event committed after its creation, and none
 * before (the pull API has those). At most MAX_WEBHOOK_ENDPOINTS_PER_TENANT per tenant.
 * @throws InvalidInputError (see checkEndpointFields; TOO_MANY_WEBHOOK_ENDPOINTS), NotFoundError (tenant), ForbiddenError. */
export async function createWebhookEndpoint(tx: Tx, actor: Actor, input: CreateWebhookEndpointInput, meta: WebhookMeta): Promise<CreatedWebhookEndpoint> {
  const fields = await checkEndpointFields(input, meta.webhooks);
  await lockTenantFor(tx, actor.userId, input.tenantId, 'tenant.webhooks:manage');
  const count = await tx.webhookEndpoint.count({ where: { tenantId: input.tenantId } });
  if (count >= MAX_WEBHOOK_ENDPOINTS_PER_TENANT) {
    throw new InvalidInputError(`A tenant may have at most ${MAX_WEBHOOK_ENDPOINTS_PER_TENANT} webhook endpoints`, [], 'TOO_MANY_WEBHOOK_ENDPOINTS');
  }
  const secret = generateSecret();
  const [created] = await tx.$queryRaw<{ id: string }[]>`
    WITH endpoint AS (
      INSERT INTO webhook_endpoints (tenant_id, url, description, event_types, secret, created_by)
      VALUES (${input.tenantId}::uuid, ${fields.url}, ${fields.description ?? ''}, ${fields.eventTypes ?? []}::text[], ${secret},
              ${actor.credential.kind === 'operator' ? null : actor.userId}::uuid)
      RETURNING id, tenant_id
    ), cursor AS (
      INSERT INTO event_deliveries_cursor (destination, tenant_id, endpoint_id, last_seq)
      SELECT e.id::text, e.tenant_id, e.id, t.last_event_seq FROM endpoint e JOIN tenants t ON t.id = e.tenant_id
    )
    SELECT id FROM endpoint`;
  recordDestinationChange(tx);
  await recordAudit(tx, {
    actorId: actor.userId,
    action: 'webhook_endpoint.created',
    tenantId: input.tenantId,
    details: { endpointId: created.id, url: fields.url!, eventTypes: fields.eventTypes ?? [] },
    requestId: meta.requestId,
    source: meta.source,
  });
  return { endpoint: await endpointView(tx, created.id), secret };
}
