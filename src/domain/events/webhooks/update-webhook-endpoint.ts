import type { Actor } from '../../actor.ts';
import { recordDestinationChange, type Tx } from '../../../db/transaction.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { checkEndpointFields, endpointView, lockEndpointFor, type WebhookEndpointView, type WebhookMeta } from './webhook-endpoint.ts';

export interface UpdateWebhookEndpointInput {
  endpointId: string;
  url?: string | null;
  description?: string | null;
  /** Replaces the filter; empty = all types. */
  eventTypes?: readonly string[] | null;
  enabled?: boolean | null;
}

/** Changes an endpoint's URL, description, types or state (`tenant.webhooks:manage`). Turning an
 * endpoint back on (also one the relay turned off after a 410) resumes delivery where it
 * stopped, at once: nothing committed in between is lost. Turning it off stops delivery after
 * the attempt in flight. Fields not given stay as they are.
 * @throws InvalidInputError (see checkEndpointFields), NotFoundError (endpoint), ForbiddenError. */
export async function updateWebhookEndpoint(tx: Tx, actor: Actor, input: UpdateWebhookEndpointInput, meta: WebhookMeta): Promise<WebhookEndpointView> {
  const fields = await checkEndpointFields(input, meta.webhooks);
  const endpoint = await lockEndpointFor(tx, actor.userId, input.endpointId);
  const enabled = input.enabled ?? undefined;
  await tx.webhookEndpoint.update({
    where: { id: endpoint.id },
    data: { ...fields, ...(enabled === undefined ? {} : { enabled, disabledReason: null }) },
  });
  if (enabled) recordDestinationChange(tx);
  if (enabled) {
    await tx.eventDeliveryCursor.updateMany({ where: { endpointId: endpoint.id }, data: { nextAttemptAt: new Date(), attempts: 0 } });
  }
  await recordAudit(tx, {
    actorId: actor.userId,
    action: 'webhook_endpoint.updated',
    tenantId: endpoint.tenantId,
    details: { endpointId: endpoint.id, ...fields, ...(enabled === undefined ? {} : { enabled }) },
    requestId: meta.requestId,
    source: meta.source,
  });
  return endpointView(tx, endpoint.id);
}
