import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { createDataset } from '../../domain/datasets/create-dataset.ts';
import { grantDatasetPermission } from '../../domain/datasets/grant-dataset-permission.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { actorOf } from '../actor.ts';
import { requestMeta, type Context } from '../context.ts';
import { DatasetType } from './dataset.type.ts';
import { CreateDatasetArgs, DatasetIdArgs, DatasetPermissionArgs } from './datasets.args.ts';
import { DatasetPermissionPayload } from './datasets.payloads.ts';

@Resolver()
export class DatasetsResolver {
  @Query(() => DatasetType, { description: 'A dataset the caller may read.' })
  async dataset(@Args(() => DatasetIdArgs) args: DatasetIdArgs, @Ctx() ctx: Context): Promise<DatasetType> {
    // The shield rule canReadDataset has already answered 404/403; this covers a deletion in between.
    const dataset = await ctx.db.dataset.findUnique({ where: { id: args.id } });
    if (!dataset) throw new NotFoundError(`Could not find dataset: ${args.id}`);
    return dataset;
  }

  @Mutation(() => DatasetType, { description: "Creates a dataset in the caller's active tenant (personal when none)." })
  createDataset(@Args(() => CreateDatasetArgs) args: CreateDatasetArgs, @Ctx() ctx: Context): Promise<DatasetType> {
    return inTransaction(ctx.db, (tx) => createDataset(tx, actorOf(ctx), args, requestMeta(ctx)));
  }

  @Mutation(() => DatasetPermissionPayload, { description: 'Grants a permission on datasets to a user, role or tenant. Needs share on each.' })
  async grantDatasetPermission(@Args(() => DatasetPermissionArgs) args: DatasetPermissionArgs, @Ctx() ctx: Context): Promise<DatasetPermissionPayload> {
    const { grantedCount } = await inTransaction(ctx.db, (tx) => grantDatasetPermission(tx, actorOf(ctx), args, requestMeta(ctx)));
    return { message: 'Permission assigned to principal', datasetCount: grantedCount };
  }
}
