import { randomUUID } from 'node:crypto';
import type { Actor } from '../actor.ts';
import { lockUser } from '../../db/locks.ts';
import type { Tx } from '../../db/transaction.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { UnauthenticatedError } from '../errors.ts';
import { cleanName } from '../names.ts';

/** Creates a tenant owned by the caller, who becomes its first member and acts in it from now on.
 * @throws InvalidInputError for a bad name. */
export async function createTenant(tx: Tx, actor: Actor, input: { name: string }, meta: RequestMeta = {}) {
  const name = cleanName(input.name, 'name', 255);
  if (!(await lockUser(tx, actor.userId))) throw new UnauthenticatedError();
  // The id is chosen here because tenant and owner membership reference each other; the
  // owner-membership key is deferred to commit, so both rows go in within this transaction.
  const id = randomUUID();
  const tenant = await tx.tenant.create({ data: { id, name, ownerId: actor.userId } });
  await tx.membership.create({ data: { userId: actor.userId, tenantId: id } });
  await tx.user.update({ where: { id: actor.userId }, data: { activeTenantId: id } });
  await recordAudit(tx, { actorId: actor.userId, action: 'tenant.created', tenantId: id, targetUserId: actor.userId, details: { name }, requestId: meta.requestId, source: meta.source });
  return tenant;
}
