import type DataLoader from 'dataloader';
import type { Tx } from '../../db/transaction.ts';
import { readDatasetAccess, type DatasetAccess } from '../../domain/datasets/dataset-policy.ts';
import { listDatasetGrants, type DatasetGrantRow } from '../../domain/datasets/queries/list-dataset-grants.ts';
import { listTenantDatasets, type TenantDatasetRow } from '../../domain/datasets/queries/list-tenant-datasets.ts';
import type { BatchWaves } from './batch-waves.ts';
import { groupByKey, oneByKey } from './group.ts';

/** The actor's `share` access to each dataset (the policy's readDatasetAccess, batched). */
export function datasetShareLoader(db: Tx, waves: BatchWaves, actorId: string) {
  return waves.loader<string, DatasetAccess | null>(async (ids) => oneByKey(ids, await readDatasetAccess(db, actorId, [...ids], 'share'), (row) => row.id));
}

/** The datasets of each tenant the actor can read. Each row carries the actor's `share`
 * answer, which primes `datasetShare`: the grants rule then asks nothing more. */
export function tenantDatasetsLoader(db: Tx, waves: BatchWaves, actorId: string, datasetShare: () => DataLoader<string, DatasetAccess | null>) {
  return waves.loader<string, TenantDatasetRow[]>(async (tenantIds) => {
    const rows = await listTenantDatasets(db, actorId, tenantIds);
    for (const row of rows) datasetShare().prime(row.id, { id: row.id, tenantId: row.tenantId, allowed: row.canShare });
    return groupByKey(tenantIds, rows, (row) => row.tenantId);
  });
}

/** The grants on each dataset. */
export function datasetGrantsLoader(db: Tx, waves: BatchWaves) {
  return waves.loader<string, DatasetGrantRow[]>(async (ids) => groupByKey(ids, await listDatasetGrants(db, ids), (row) => row.datasetId));
}
