import { z } from 'zod';
import { legacyRoute } from '../legacy-route.ts';
import { text } from '../validation.ts';

interface DatasetData {
  id: string;
  name: string;
  ownerId: string;
  tenantId: string | null;
  createdAt: string;
}
const DATASET_FIELDS = 'id name ownerId tenantId createdAt';

/** The legacy service's dataset shape. */
export const presentDataset = (dataset: DatasetData) => ({
  id: dataset.id,
  name: dataset.name,
  owner_id: dataset.ownerId,
  tenant_id: dataset.tenantId,
  created_at: dataset.createdAt,
});

export const datasetRoutes = [
  legacyRoute({
    method: 'POST',
    url: '/api/v1/datasets',
    operation: `mutation LegacyCreateDataset($name: String!) { createDataset(name: $name) { ${DATASET_FIELDS} } }`,
    body: z.object({ name: text(255) }),
    variables: ({ body }) => ({ name: body.name }),
    present: (data: { createDataset: DatasetData }) => presentDataset(data.createDataset),
  }),
  legacyRoute({
    method: 'GET',
    url: '/api/v1/datasets',
    operation: `query LegacyListDatasets { datasets { ${DATASET_FIELDS} } }`,
    variables: () => ({}),
    present: (data: { datasets: DatasetData[] }) => data.datasets.map(presentDataset),
  }),
];
