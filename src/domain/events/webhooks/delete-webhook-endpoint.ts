import type { Actor } from '../../actor.ts';
import type { Tx } from '../../../db/transaction.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { lockEndpointFor, type WebhookMeta } from './webhook-endpoint.ts';

/** Deletes an endpoint with its cursor, delivery log and dead letters (`tenant.webhooks:manage`).
 * An attempt in flight may still arrive; nothing after it.
 * @throws NotFoundError (endpoint), ForbiddenError. */
export async function deleteWebhookEndpoint(tx: Tx, actor: Actor, input: { endpointId: string }, meta: WebhookMeta): Promise<{ id: string }> {
  const endpoint = await lockEndpointFor(tx, actor.userId, input.endpointId);
  await tx.webhookEndpoint.delete({ where: { id: endpoint.id } });
  await recordAudit(tx, {
    actorId: actor.userId,
    action: 'webhook_endpoint.deleted',
    tenantId: endpoint.tenantId,
    details: { endpointId: endpoint.id, url: endpoint.url },
    requestId: meta.requestId,
    source: meta.source,
  });
  return { id: endpoint.id };
}
