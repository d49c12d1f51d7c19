import { Prisma } from '../../generated/prisma/client.ts';
import type { DatasetPermissionKind } from '../../generated/prisma/client.ts';
import type { Tx } from '../../db/transaction.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';

export const PERMISSIONS: readonly DatasetPermissionKind[] = ['read', 'write', 'delete', 'share'];

/** SQL for "actor holds `permission` on dataset `d`" (d = a datasets row alias): directly, through a
 * role of the dataset's tenant, or through the whole tenant while a member of it. Direct grants
 * on a tenant's dataset need a membership (foreign key), so a removed user loses them all. */
export function hasPermissionSql(actorId: string, datasetAlias: string, permission: DatasetPermissionKind): Prisma.Sql {
  const d = Prisma.raw(datasetAlias);
  return Prisma.sql`EXISTS (
    SELECT 1 FROM dataset_permissions p
    WHERE p.dataset_id = ${d}.id AND p.permission = ${permission}::"DatasetPermissionKind" AND (
      p.user_id = ${actorId}::uuid
      OR p.role_id IN (SELECT ra.role_id FROM role_assignments ra WHERE ra.user_id = ${actorId}::uuid AND ra.tenant_id = ${d}.tenant_id)
      OR (p.principal_tenant_id = ${d}.tenant_id
          AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = ${actorId}::uuid AND m.tenant_id = ${d}.tenant_id))))`;
}

export interface DatasetAccess {
  id: string;
  tenantId: string | null;
  allowed: boolean;
}

/** For each named dataset that exists: its tenant and whether the actor holds `permission`. */
export async function readDatasetAccess(db: Tx, actorId: string, datasetIds: string[], permission: DatasetPermissionKind): Promise<DatasetAccess[]> {
  return db.$queryRaw<DatasetAccess[]>`
    SELECT d.id, d.tenant_id AS "tenantId", ${hasPermissionSql(actorId, 'd', permission)} AS allowed
    FROM datasets d WHERE d.id = ANY (${datasetIds}::uuid[]) ORDER BY d.id`;
}

/** The decision for a set of datasets, first failure in request order: a missing dataset
 * answers 404 before any 403. Returned, not thrown, so shield rules can use it too. */
export function datasetDenial(access: DatasetAccess[], datasetIds: string[], permission: DatasetPermissionKind): NotFoundError | ForbiddenError | null {
  const byId = new Map(access.map((row) => [row.id, row]));
  for (const id of datasetIds) {
    if (!byId.has(id)) return new NotFoundError(`Could not find dataset: ${id}`);
  }
  for (const id of datasetIds) {
    if (!byId.get(id)!.allowed) return new ForbiddenError(`User does not have ${permission} permission on dataset: ${id}`);
  }
  return null;
}

/** @throws NotFoundError, ForbiddenError (see datasetDenial). */
export async function assertDatasetPermission(db: Tx, actorId: string, datasetIds: string[], permission: DatasetPermissionKind): Promise<DatasetAccess[]> {
  const access = await readDatasetAccess(db, actorId, datasetIds, permission);
  const denial = datasetDenial(access, datasetIds, permission);
  if (denial) throw denial;
  return access;
}
