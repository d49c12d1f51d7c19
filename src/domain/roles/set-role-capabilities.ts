import type { Actor } from '../actor.ts';
import type { Tx } from '../../db/transaction.ts';
import type { Capability } from '../../generated/prisma/client.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { lockRoleForManager } from './lock-role-for-manager.ts';

/** Replaces a role's capabilities with the given set (duplicates dropped; empty = none).
 * Owner or MANAGE_USERS in the role's tenant, under the tenant lock. Taking MANAGE_USERS off
 * takes management from every holder at once, the caller included: the owner still manages.
 * @throws NotFoundError (role), ForbiddenError. */
export async function setRoleCapabilities(tx: Tx, actor: Actor, input: { roleId: string; capabilities: Capability[] }, meta: RequestMeta = {}) {
  const before = await lockRoleForManager(tx, actor.userId, input.roleId);
  const capabilities = [...new Set(input.capabilities)];
  const role = await tx.role.update({ where: { id: before.id }, data: { capabilities } });
  await recordAudit(tx, {
    actorId: actor.userId,
    action: 'role.capabilities_set',
    tenantId: role.tenantId,
    details: { roleId: role.id, previousCapabilities: before.capabilities, capabilities },
    requestId: meta.requestId,
  });
  return role;
}
