import type { Actor } from '../actor.ts';
import { lockActiveTenant, lockUser } from '../../db/locks.ts';
import type { Tx } from '../../db/transaction.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { UnauthenticatedError } from '../errors.ts';
import { cleanName } from '../names.ts';
import { PERMISSIONS } from './dataset-policy.ts';

/** Creates a dataset in the caller's active tenant (personal when none). The owner receives
 * all four permissions as explicit grants, as the legacy service did: so a removal, which
 * revokes the user's grants, also ends their access to datasets they own.
 * @throws InvalidInputError for a bad name. */
export async function createDataset(tx: Tx, actor: Actor, input: { name: string }, meta: RequestMeta = {}) {
  const name = cleanName(input.name, 'name', 255);
  // Locked so a concurrent removal from the active tenant is either fully before (personal
  // dataset) or fully after (the removal then revokes these grants).
  await lockActiveTenant(tx, actor.userId);
  const user = await lockUser(tx, actor.userId);
  if (!user) throw new UnauthenticatedError();
  const dataset = await tx.dataset.create({ data: { name, ownerId: actor.userId, tenantId: user.activeTenantId } });
  await tx.datasetPermission.createMany({
    data: PERMISSIONS.map((permission) => ({ datasetId: dataset.id, userId: actor.userId, permission, tenantId: dataset.tenantId })),
  });
  await recordAudit(tx, { actorId: actor.userId, action: 'dataset.created', tenantId: dataset.tenantId, targetUserId: actor.userId, details: { datasetId: dataset.id, name }, requestId: meta.requestId });
  return dataset;
}
