import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { createDataset } from '../../domain/datasets/create-dataset.ts';
import { findDataset } from '../../domain/datasets/find-dataset.ts';
import { listReadableDatasets } from '../../domain/datasets/list-readable-datasets.ts';
import { actorOf } from '../actor.ts';
import { requestMeta, type Context } from '../context.ts';
import { DatasetType } from './dataset.type.ts';
import { CreateDatasetArgs, DatasetIdArgs } from './datasets.args.ts';

/** Datasets: one, the caller's readable ones, creating one. The reads are tracked: the
 * datasets' fields load grants in the request's next wave (src/graphql/loaders/batch-waves.ts). */
@Resolver()
export class DatasetsResolver {
  @Query(() => DatasetType, { description: 'A dataset the caller may read.' })
  dataset(@Args(() => DatasetIdArgs) args: DatasetIdArgs, @Ctx() ctx: Context): Promise<DatasetType> {
    return ctx.loaders.track(findDataset(ctx.db, args.id));
  }

  @Query(() => [DatasetType], { description: 'Datasets the caller can read in their active tenant (personal ones when none is active).' })
  datasets(@Ctx() ctx: Context): Promise<DatasetType[]> {
    return ctx.loaders.track(listReadableDatasets(ctx.db, actorOf(ctx)));
  }

  @Mutation(() => DatasetType, { description: "Creates a dataset in the caller's active tenant (personal when none)." })
  createDataset(@Args(() => CreateDatasetArgs) args: CreateDatasetArgs, @Ctx() ctx: Context): Promise<DatasetType> {
    return inTransaction(ctx.db, (tx) => createDataset(tx, actorOf(ctx), args, requestMeta(ctx)));
  }
}
