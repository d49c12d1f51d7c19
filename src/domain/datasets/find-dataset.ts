import type { Tx } from '../../db/transaction.ts';
import { NotFoundError } from '../errors.ts';

/** One dataset by id. Who may read it is decided before (dataset-policy.ts, `read`); this
 * answers 404 for a dataset deleted in between.
 * @throws NotFoundError */
export async function findDataset(db: Tx, datasetId: string) {
  const dataset = await db.dataset.findUnique({ where: { id: datasetId } });
  if (!dataset) throw new NotFoundError(`Could not find dataset: ${datasetId}`);
  return dataset;
}
