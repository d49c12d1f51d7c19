import { canShareParentDataset } from '../../graphql/permissions/dataset.rules.ts';
import { defineOperation } from '../operation.ts';

/** Who holds which permission on a dataset (Dataset.grants, declared with the dataset's fields in
 * src/graphql/datasets/dataset.fields.ts): the sharer's business, so it needs share. */
export const operation = defineOperation({
  on: 'Dataset',
  field: 'grants',
  guard: { rule: canShareParentDataset },
  opens: ['DatasetGrant', 'DatasetPrincipal'],
  examples: [
    // Reached through dataset(id:): the member reads the dataset, but without share its grants are refused.
    { name: 'who holds what', args: { id: '@dataset' }, select: 'grants { id principal { id } }', writes: false, allowed: ['owner'] },
  ],
});
