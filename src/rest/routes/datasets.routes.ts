import { z } from 'zod';
import { legacyRoute } from '../legacy-route.ts';
import { instantOut, uuidOut } from '../response-shapes.ts';
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

export const datasetRoutes = [
  legacyRoute({
    method: 'POST',
    url: '/api/v1/datasets',
    operation: `mutation LegacyCreateDataset($name: String!) { createDataset(name: $name) { ${DATASET_FIELDS} } }`,
    body: z.object({ name: text(255) }),
    variables: ({ body }) => ({ name: body.name }),
    response: datasetRead,
    present: (data: { createDataset: DatasetData }) => presentDataset(data.createDataset),
  }),
  legacyRoute({
    method: 'GET',
    url: '/api/v1/datasets',
    operation: `query LegacyListDatasets { datasets { ${DATASET_FIELDS} } }`,
    variables: () => ({}),
    response: z.array(datasetRead),
    present: (data: { datasets: DatasetData[] }) => data.datasets.map(presentDataset),
  }),
];
