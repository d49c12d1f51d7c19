import type { Actor } from '../../actor.ts';
import type { Tx } from '../../../db/transaction.ts';
import { assertMayDo } from '../../tenancy/policy.ts';
import { readTenantAccess } from '../../tenancy/tenant-access.ts';
import { readEndpointViews, type WebhookEndpointView } from './webhook-endpoint.ts';

/** A tenant's webhook endpoints, oldest first, with their delivery state (`tenant.webhooks:manage`:
 * the URLs and what failed are the managers' business). A read: no lock.
 * @throws NotFoundError (tenant), ForbiddenError. */
export async function listWebhookEndpoints(tx: Tx, actor: Actor, input: { tenantId: string }): Promise<WebhookEndpointView[]> {
  assertMayDo(await readTenantAccess(tx, actor.userId, input.tenantId), input.tenantId, 'tenant.webhooks:manage');
  return readEndpointViews(tx, { tenantId: input.tenantId });
}
