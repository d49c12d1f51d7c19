import type { Actor } from '../actor.ts';
import type { Tx } from '../../db/transaction.ts';
import { Prisma, type DatasetPermissionKind } from '../../generated/prisma/client.ts';
import { hasPermissionSql } from './dataset-policy.ts';
import type { DatasetRow } from './list-readable-datasets.ts';
import { resolvePrincipal, type PrincipalRef, type PrincipalType } from './principal.ts';

const COLUMN: Record<PrincipalType, Prisma.Sql> = {
  USER: Prisma.raw('p.user_id'),
  ROLE: Prisma.raw('p.role_id'),
  TENANT: Prisma.raw('p.principal_tenant_id'),
};

/** The datasets on which a principal holds `permission` by a direct grant. The caller sees
 * only datasets whose grants they could see anyway: those they hold `share` on, or all of
 * them when they ask about themselves.
 * @throws NotFoundError for an unknown principal. */
export async function listPrincipalDatasets(db: Tx, actor: Actor, ref: PrincipalRef, permission: DatasetPermissionKind): Promise<DatasetRow[]> {
  const principal = await resolvePrincipal(db, ref);
  const self = principal.type === 'USER' && principal.id === actor.userId;
  return db.$queryRaw<DatasetRow[]>`
    SELECT d.id, d.name, d.owner_id AS "ownerId", d.tenant_id AS "tenantId", d.created_at AS "createdAt"
    FROM datasets d JOIN dataset_permissions p ON p.dataset_id = d.id
    WHERE ${COLUMN[principal.type]} = ${principal.id}::uuid AND p.permission = ${permission}::"DatasetPermissionKind"
      AND (${self} OR ${hasPermissionSql(actor.userId, 'd', 'share')})
    ORDER BY d.created_at DESC, d.id`;
}
