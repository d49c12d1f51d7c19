import { z } from 'zod';
import { Ctx, Query, Resolver } from 'type-graphql';
import { listReadableDatasets } from '../../domain/datasets/list-readable-datasets.ts';
import { actorOf } from '../../graphql/actor.ts';
import type { Context } from '../../graphql/context.ts';
import { DatasetType } from '../../graphql/datasets/dataset.type.ts';
import { isAuthenticated } from '../../graphql/permissions/account.rules.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { defineOperation, SIGNED_IN } from '../operation.ts';
import { DATASET_FIELDS, datasetRead, presentDataset } from './dataset.legacy.ts';

@Resolver()
class ListDatasetsResolver {
  @Query(() => [DatasetType], { description: 'Datasets the caller can read in their active tenant (personal ones when none is active).' })
  datasets(@Ctx() ctx: Context): Promise<DatasetType[]> {
    // Tracked: the datasets' fields load grants in the request's next wave (loaders/batch-waves.ts).
    return ctx.loaders.track(listReadableDatasets(ctx.db, actorOf(ctx)));
  }
}

/** The caller's own readable datasets: the list is filtered to them, so anyone signed in may ask. */
export const operation = defineOperation({
  on: 'Query',
  field: 'datasets',
  resolver: ListDatasetsResolver,
  guard: { rule: isAuthenticated },
  routes: [
    legacyRoute({
      method: 'GET',
      url: '/api/v1/datasets',
      operation: `query LegacyListDatasets { datasets { ${DATASET_FIELDS} } }`,
      variables: () => ({}),
      response: z.array(datasetRead),
      present: (data: { datasets: Parameters<typeof presentDataset>[0][] }) => data.datasets.map(presentDataset),
    }),
  ],
  examples: [{ args: {}, select: 'id', rest: {}, writes: false, allowed: SIGNED_IN }],
});
