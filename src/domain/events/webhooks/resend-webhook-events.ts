import type { Actor } from '../../actor.ts';
import { recordDestinationChange, type Tx } from '../../../db/transaction.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { InvalidInputError } from '../../errors.ts';
import { lockEndpointFor, type WebhookMeta } from './webhook-endpoint.ts';

export interface ResendWebhookEventsInput {
  endpointId: string;
  /** These events of the endpoint's tenant (delivered or not); omitted or null = replay every
   * dead letter of the endpoint. */
  eventIds?: readonly string[] | null;
}

export const MAX_RESEND = 100;

/** Queues events to be sent to the endpoint again (`tenant.webhooks:manage`): the console's
 * "resend", and the replay of dead letters. The relay sends them out of stream order (before the
 * stream's next events of that tenant), each with the full retry schedule again; a receiver
 * tells them by `webhook-id` and `data.sequence`. Queuing an event already queued restarts it.
 * @throws NotFoundError (endpoint), ForbiddenError, InvalidInputError (more than MAX_RESEND
 * ids, or an id that is no event of the endpoint's tenant's stream). */
export async function resendWebhookEvents(tx: Tx, actor: Actor, input: ResendWebhookEventsInput, meta: WebhookMeta): Promise<{ queued: number }> {
  const endpoint = await lockEndpointFor(tx, actor.userId, input.endpointId);
  let queued: number;
  if (input.eventIds) {
    const ids = [...new Set(input.eventIds)];
    if (ids.length > MAX_RESEND) throw new InvalidInputError(`At most ${MAX_RESEND} events at once`, [{ loc: ['eventIds'], msg: `At most ${MAX_RESEND} items`, type: 'too_long', input: ids.length }]);
    const events = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM audit_events WHERE id = ANY (${ids}::uuid[]) AND tenant_id = ${endpoint.tenantId}::uuid AND tenant_seq IS NOT NULL`;
    const missing = ids.find((id) => !events.some((event) => event.id === id));
    if (missing) throw new InvalidInputError('No such event in this tenant’s stream', [{ loc: ['eventIds', ids.indexOf(missing)], msg: 'Not an event of this tenant', type: 'not_found', input: missing }]);
    queued = await tx.$executeRaw`
      INSERT INTO webhook_dead_letters (endpoint_id, event_id, tenant_id, tenant_seq, replay_at)
      SELECT ${endpoint.id}::uuid, e.id, e.tenant_id, e.tenant_seq, now() FROM audit_events e WHERE e.id = ANY (${ids}::uuid[])
      ON CONFLICT (endpoint_id, event_id) DO UPDATE SET replay_at = now(), attempts = 0`;
  } else {
    queued = await tx.$executeRaw`
      UPDATE webhook_dead_letters SET replay_at = now(), attempts = 0 WHERE endpoint_id = ${endpoint.id}::uuid AND replay_at IS NULL`;
  }
  if (queued > 0) recordDestinationChange(tx);
  if (queued > 0) {
    await recordAudit(tx, {
      actorId: actor.userId,
      action: 'webhook_endpoint.events_resent',
      tenantId: endpoint.tenantId,
      details: { endpointId: endpoint.id, eventIds: input.eventIds ? [...new Set(input.eventIds)] : null, queued },
      requestId: meta.requestId,
      source: meta.source,
    });
  }
  return { queued };
}
