import type { Actor } from '../../actor.ts';
import type { Tx } from '../../../db/transaction.ts';
import { generateSecret } from '../../../events/webhooks/signing.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { lockEndpointFor, type WebhookMeta } from './webhook-endpoint.ts';

export interface RotatedWebhookSecret {
  endpointId: string;
  /** The new `whsec_…`, shown this once. */
  secret: string;
  /** Until then every delivery is signed with both secrets (WEBHOOK_SECRET_OVERLAP_HOURS);
   * null when the overlap is 0. */
  previousSecretExpiresAt: Date | null;
}

/** Gives an endpoint a new secret (`tenant.webhooks:manage`); the one it replaces keeps signing
 * beside it for the overlap, so receivers can switch without losing a delivery. A second
 * rotation within the overlap drops the oldest secret: two are valid at most.
 * @throws NotFoundError (endpoint), ForbiddenError. */
export async function rotateWebhookSecret(tx: Tx, actor: Actor, input: { endpointId: string }, meta: WebhookMeta): Promise<RotatedWebhookSecret> {
  const endpoint = await lockEndpointFor(tx, actor.userId, input.endpointId);
  const secret = generateSecret();
  const overlapHours = meta.webhooks.secretOverlapHours;
  const [rotated] = await tx.$queryRaw<{ previousSecretExpiresAt: Date | null }[]>`
    UPDATE webhook_endpoints
    SET previous_secret = CASE WHEN ${overlapHours} > 0 THEN secret END,
        previous_secret_expires_at = CASE WHEN ${overlapHours} > 0 THEN now() + ${overlapHours} * interval '1 hour' END,
        secret = ${secret}
    WHERE id = ${endpoint.id}::uuid
    RETURNING previous_secret_expires_at AS "previousSecretExpiresAt"`;
  await recordAudit(tx, {
    actorId: actor.userId,
    action: 'webhook_endpoint.secret_rotated',
    tenantId: endpoint.tenantId,
    details: { endpointId: endpoint.id, previousSecretExpiresAt: rotated.previousSecretExpiresAt?.toISOString() ?? null },
    requestId: meta.requestId,
    source: meta.source,
  });
  return { endpointId: endpoint.id, secret, previousSecretExpiresAt: rotated.previousSecretExpiresAt };
}
