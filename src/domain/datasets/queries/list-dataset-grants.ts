import type { DatasetPermissionKind } from '../../../generated/prisma/client.ts';
import type { Tx } from '../../../db/transaction.ts';
import type { PrincipalType } from '../principal.ts';

export interface DatasetGrantRow {
  id: string;
  datasetId: string;
  permission: DatasetPermissionKind;
  principalType: PrincipalType;
  principalId: string;
  /** The user's email, the role's name or the tenant's name. */
  principalName: string;
}

/** Every permission granted on each dataset, in one statement: users, then roles, then
 * tenants; by principal name (case-insensitive, byte order), principal id, then permission
 * (read, write, delete, share). Whether the caller may see them is the shield's question. */
export function listDatasetGrants(db: Tx, datasetIds: readonly string[]): Promise<DatasetGrantRow[]> {
  return db.$queryRaw<DatasetGrantRow[]>`
    SELECT p.id, p.dataset_id AS "datasetId", p.permission::text AS permission, g."principalType", g."principalId", g."principalName"
    FROM dataset_permissions p
    LEFT JOIN users u ON u.id = p.user_id
    LEFT JOIN roles r ON r.id = p.role_id
    LEFT JOIN tenants pt ON pt.id = p.principal_tenant_id
    CROSS JOIN LATERAL (SELECT
      CASE WHEN p.user_id IS NOT NULL THEN 'USER' WHEN p.role_id IS NOT NULL THEN 'ROLE' ELSE 'TENANT' END AS "principalType",
      CASE WHEN p.user_id IS NOT NULL THEN 1 WHEN p.role_id IS NOT NULL THEN 2 ELSE 3 END AS kind_order,
      COALESCE(p.user_id, p.role_id, p.principal_tenant_id) AS "principalId",
      COALESCE(u.email, r.name, pt.name) AS "principalName") g
    WHERE p.dataset_id = ANY (${[...datasetIds]}::uuid[])
    ORDER BY g.kind_order, lower(g."principalName") COLLATE "C", g."principalId", p.permission`;
}
