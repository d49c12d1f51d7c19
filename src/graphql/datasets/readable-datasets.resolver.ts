import { Ctx, Query, Resolver } from 'type-graphql';
import { listReadableDatasets } from '../../domain/datasets/list-readable-datasets.ts';
import { actorOf } from '../actor.ts';
import type { Context } from '../context.ts';
import { DatasetType } from './dataset.type.ts';

@Resolver()
export class ReadableDatasetsResolver {
  @Query(() => [DatasetType], { description: 'Datasets the caller can read in their active tenant (personal ones when none is active).' })
  datasets(@Ctx() ctx: Context): Promise<DatasetType[]> {
    return listReadableDatasets(ctx.db, actorOf(ctx));
  }
}
