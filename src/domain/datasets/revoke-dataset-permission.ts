import type { Actor } from '../actor.ts';
import { lockDatasets, lockDatasetTenants } from '../../db/locks.ts';
import type { Tx } from '../../db/transaction.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import { assertDatasetPermission } from './dataset-policy.ts';
import type { GrantInput } from './grant-dataset-permission.ts';
import { resolvePrincipal, type Principal } from './principal.ts';

const PRINCIPAL_COLUMN: Record<Principal['type'], Prisma.Sql> = {
  USER: Prisma.raw('user_id'),
  ROLE: Prisma.raw('role_id'),
  TENANT: Prisma.raw('principal_tenant_id'),
};

function grantNotFound(datasetId: string): NotFoundError {
  return new NotFoundError(`Permission not granted to this principal on dataset: ${datasetId}`);
}

/** Revokes one permission of a principal on each named dataset. The caller needs `share` on
 * every dataset; the grant must exist on every dataset, or nothing is revoked (404 naming the
 * first dataset without it, in request order). Only direct grants to that principal go: the
 * same permission through a role or the whole tenant is another grant.
 * @throws InvalidInputError (no dataset named), NotFoundError (dataset, grant), ForbiddenError. */
export async function revokeDatasetPermission(tx: Tx, actor: Actor, input: GrantInput, meta: RequestMeta = {}) {
  const datasetIds = [...new Set(input.datasetIds)];
  if (!datasetIds.length) {
    throw new InvalidInputError('Invalid datasetIds', [{ loc: ['datasetIds'], msg: 'List should have at least 1 item after validation, not 0', type: 'too_short', input: input.datasetIds }]);
  }
  // Tenants, then the datasets themselves (src/db/locks.ts says why both).
  await lockDatasetTenants(tx, datasetIds);
  await lockDatasets(tx, datasetIds);
  const access = await assertDatasetPermission(tx, actor.userId, datasetIds, 'share');
  const principal = await resolvePrincipal(tx, input.principal);

  const revoked = await tx.$queryRaw<{ datasetId: string }[]>`
    DELETE FROM dataset_permissions
    WHERE dataset_id = ANY (${datasetIds}::uuid[]) AND ${PRINCIPAL_COLUMN[principal.type]} = ${principal.id}::uuid
      AND permission = ${input.permission}::"DatasetPermissionKind"
    RETURNING dataset_id AS "datasetId"`;
  const hit = new Set(revoked.map((row) => row.datasetId));
  const missing = datasetIds.find((id) => !hit.has(id));
  // Thrown after the delete: the transaction rolls back, so a partial revoke never commits.
  if (missing !== undefined) throw grantNotFound(missing);

  const tenants = new Set(access.map((row) => row.tenantId));
  const auditEventId = await recordAudit(tx, {
    actorId: actor.userId,
    action: 'dataset_permission.revoked',
    tenantId: tenants.size === 1 ? [...tenants][0] : null,
    targetUserId: principal.type === 'USER' ? principal.id : null,
    details: { datasetIds, principal: { ...principal }, permission: input.permission },
    requestId: meta.requestId,
  });
  return { revokedCount: revoked.length, auditEventId };
}
