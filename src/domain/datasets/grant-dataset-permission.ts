import type { Actor } from '../actor.ts';
import type { Tx } from '../../db/transaction.ts';
import { isUniqueViolation } from '../../db/prisma-errors.ts';
import type { DatasetPermissionKind } from '../../generated/prisma/client.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { ConflictError } from '../errors.ts';
import { assertDatasetPermission } from './dataset-policy.ts';
import { lockDatasetTenants } from '../../db/locks.ts';
import { assertPrincipalFits } from './principal-fit.ts';
import { principalColumns, resolvePrincipal, type PrincipalRef } from './principal.ts';

export interface GrantInput {
  datasetIds: string[];
  principal: PrincipalRef;
  permission: DatasetPermissionKind;
}

/** Grants one permission on each named dataset to a principal. The caller needs `share` on
 * every dataset; the principal must belong to each dataset's tenant. All or nothing.
 * @throws NotFoundError, ForbiddenError, InvalidInputError, ConflictError when a grant exists. */
export async function grantDatasetPermission(tx: Tx, actor: Actor, input: GrantInput, meta: RequestMeta = {}) {
  const datasetIds = [...new Set(input.datasetIds)];
  await lockDatasetTenants(tx, datasetIds);
  const access = await assertDatasetPermission(tx, actor.userId, datasetIds, 'share');
  const principal = await resolvePrincipal(tx, input.principal);
  await assertPrincipalFits(tx, principal, access);
  try {
    await tx.datasetPermission.createMany({
      data: access.map((dataset) => ({ datasetId: dataset.id, tenantId: dataset.tenantId, permission: input.permission, ...principalColumns(principal) })),
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError('Permission already granted to this principal.');
    throw error;
  }
  await recordAudit(tx, {
    actorId: actor.userId,
    action: 'dataset_permission.granted',
    tenantId: singleTenant(access),
    targetUserId: principal.type === 'USER' ? principal.id : null,
    details: { datasetIds, principal: { ...principal }, permission: input.permission },
    requestId: meta.requestId,
  });
  return { grantedCount: access.length };
}

function singleTenant(access: { tenantId: string | null }[]): string | null {
  const tenants = new Set(access.map((row) => row.tenantId));
  return tenants.size === 1 ? [...tenants][0] : null;
}
