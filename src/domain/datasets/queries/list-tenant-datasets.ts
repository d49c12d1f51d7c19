import type { Tx } from '../../../db/transaction.ts';
import { hasPermissionSql } from '../dataset-policy.ts';

export interface TenantDatasetRow {
  id: string;
  name: string;
  ownerId: string;
  tenantId: string;
  createdAt: Date;
  /** The actor holds `share` on it (the same hasPermissionSql the shield rule asks). */
  canShare: boolean;
}

/** The datasets of each tenant that the actor can read, in one statement; ordered by name
 * (case-insensitive, byte order) then id. Each row says whether the actor may also share it,
 * so the grants rule and viewerCanShare need no query of their own. */
export function listTenantDatasets(db: Tx, actorId: string, tenantIds: readonly string[]): Promise<TenantDatasetRow[]> {
  return db.$queryRaw<TenantDatasetRow[]>`
    SELECT d.id, d.name, d.owner_id AS "ownerId", d.tenant_id AS "tenantId", d.created_at AS "createdAt",
      ${hasPermissionSql(actorId, 'd', 'share')} AS "canShare"
    FROM datasets d
    WHERE d.tenant_id = ANY (${[...tenantIds]}::uuid[]) AND ${hasPermissionSql(actorId, 'd', 'read')}
    ORDER BY lower(d.name) COLLATE "C", d.id`;
}
