import type { Tx } from '../../../db/transaction.ts';
import type { MemberRef } from '../../roles/queries/list-member-roles.ts';
import { DATASET_LIST, permissionListSql, ROLE_LIST } from '../holding-lists.ts';
import type { DatasetRef, RevokedPermission, RoleRef } from '../revoke-membership.ts';

/** What a user holds in one tenant: exactly what removing them would revoke (role assignments
 * there, direct permissions on its datasets) and the datasets they own there (which would
 * stay). Nothing of another tenant or of their personal space. */
export interface MemberHoldings {
  isMember: boolean;
  roles: RoleRef[];
  datasetPermissions: RevokedPermission[];
  ownedDatasets: DatasetRef[];
}

/** The holdings of each (tenant, user) pair, in one statement, in request order. Scoped as the
 * revocation's deletes are (revoke-membership.ts: `tenant_id` of the assignment and of the
 * permission row) and listed by the same aggregates, so a preview and this read list the same. */
export async function readMemberHoldings(db: Tx, members: readonly MemberRef[]): Promise<MemberHoldings[]> {
  if (!members.length) return [];
  const rows = await db.$queryRaw<(MemberHoldings & { ord: number })[]>`
    SELECT q.ord::int AS ord,
      EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = q.tenant_id AND m.user_id = q.user_id) AS "isMember",
      COALESCE((SELECT ${ROLE_LIST} FROM role_assignments ra JOIN roles r ON r.id = ra.role_id AND r.tenant_id = q.tenant_id
                WHERE ra.user_id = q.user_id AND ra.tenant_id = q.tenant_id), '[]'::jsonb) AS roles,
      COALESCE((SELECT ${permissionListSql('p')} FROM dataset_permissions p JOIN datasets d ON d.id = p.dataset_id
                WHERE p.user_id = q.user_id AND p.tenant_id = q.tenant_id), '[]'::jsonb) AS "datasetPermissions",
      COALESCE((SELECT ${DATASET_LIST} FROM datasets d WHERE d.owner_id = q.user_id AND d.tenant_id = q.tenant_id), '[]'::jsonb) AS "ownedDatasets"
    FROM unnest(${members.map((m) => m.tenantId)}::uuid[], ${members.map((m) => m.userId)}::uuid[]) WITH ORDINALITY AS q(tenant_id, user_id, ord)
    ORDER BY q.ord`;
  return rows.map(({ ord: _ord, ...holdings }) => holdings);
}
