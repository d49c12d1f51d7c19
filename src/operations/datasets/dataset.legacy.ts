import { z } from 'zod';
import { instantOut, uuidOut } from '../../rest/response-shapes.ts';

/** A dataset as the legacy routes answer it (creating one, and the lists). */

interface DatasetData {
  id: string;
  name: string;
  ownerId: string;
  tenantId: string | null;
  createdAt: string;
}

/** What a legacy route selects of each dataset. */
export const DATASET_FIELDS = 'id name ownerId tenantId createdAt';

export const datasetRead = z
  .object({ id: uuidOut, name: z.string(), owner_id: uuidOut, tenant_id: uuidOut.nullable().meta({ description: 'null: a personal dataset.' }), created_at: instantOut })
  .meta({ id: 'DatasetRead' });

export const presentDataset = (dataset: DatasetData): z.output<typeof datasetRead> => ({
  id: dataset.id,
  name: dataset.name,
  owner_id: dataset.ownerId,
  tenant_id: dataset.tenantId,
  created_at: dataset.createdAt,
});
