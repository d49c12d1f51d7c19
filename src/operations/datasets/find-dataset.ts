import { Args, ArgsType, Ctx, Field, Query, Resolver } from 'type-graphql';
import { findDataset } from '../../domain/datasets/find-dataset.ts';
import type { Context } from '../../graphql/context.ts';
import { DatasetType } from '../../graphql/datasets/dataset.type.ts';
import { canReadDataset } from '../../graphql/permissions/dataset.rules.ts';
import { UUID } from '../../graphql/scalars.ts';
import { defineOperation } from '../operation.ts';

@ArgsType()
export class DatasetIdArgs {
  @Field(() => UUID)
  id!: string;
}

@Resolver()
class FindDatasetResolver {
  @Query(() => DatasetType, { description: 'A dataset the caller may read.' })
  dataset(@Args(() => DatasetIdArgs) args: DatasetIdArgs, @Ctx() ctx: Context): Promise<DatasetType> {
    // Tracked: the dataset's fields load grants in the request's next wave (loaders/batch-waves.ts).
    return ctx.loaders.track(findDataset(ctx.db, args.id));
  }
}

export const operation = defineOperation({
  on: 'Query',
  field: 'dataset',
  resolver: FindDatasetResolver,
  guard: { rule: canReadDataset },
  // Its owner, and the member it is shared with (read); not the tenant's manager, who holds nothing on it.
  examples: [{ name: 'read', args: { id: '@dataset' }, select: 'id', writes: false, allowed: ['owner', 'member'] }],
});
