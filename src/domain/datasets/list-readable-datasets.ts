import type { Actor } from '../actor.ts';
import type { Tx } from '../../db/transaction.ts';
import { hasPermissionSql } from './dataset-policy.ts';

export interface DatasetRow {
  id: string;
  name: string;
  ownerId: string;
  tenantId: string | null;
  createdAt: Date;
}

/** The datasets the caller can read where they act now: the active tenant's, or their
 * personal ones when no tenant is active. Newest first. */
export function listReadableDatasets(db: Tx, actor: Actor): Promise<DatasetRow[]> {
  return db.$queryRaw<DatasetRow[]>`
    SELECT d.id, d.name, d.owner_id AS "ownerId", d.tenant_id AS "tenantId", d.created_at AS "createdAt"
    FROM users u JOIN datasets d ON d.tenant_id IS NOT DISTINCT FROM u.active_tenant_id
    WHERE u.id = ${actor.userId}::uuid AND ${hasPermissionSql(actor.userId, 'd', 'read')}
    ORDER BY d.created_at DESC, d.id`;
}
