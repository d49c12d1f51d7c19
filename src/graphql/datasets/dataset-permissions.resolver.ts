import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { grantDatasetPermission } from '../../domain/datasets/grant-dataset-permission.ts';
import { listPrincipalDatasets } from '../../domain/datasets/list-principal-datasets.ts';
import { revokeDatasetPermission } from '../../domain/datasets/revoke-dataset-permission.ts';
import { actorOf } from '../actor.ts';
import { requestMeta, type Context } from '../context.ts';
import { DatasetPermissionArgs, PrincipalDatasetsArgs } from './dataset-permissions.args.ts';
import { DatasetPermissionPayload } from './dataset-permissions.payloads.ts';
import { DatasetType } from './dataset.type.ts';

/** Permissions on datasets: granting, revoking, and what a principal holds. */
@Resolver()
export class DatasetPermissionsResolver {
  @Query(() => [DatasetType], {
    description: 'Datasets on which a principal holds a permission directly — among those the caller may share (or all, about themselves).',
  })
  principalDatasets(@Args(() => PrincipalDatasetsArgs) args: PrincipalDatasetsArgs, @Ctx() ctx: Context): Promise<DatasetType[]> {
    // Tracked: the datasets' fields load in the request's next wave (loaders/batch-waves.ts).
    return ctx.loaders.track(listPrincipalDatasets(ctx.db, actorOf(ctx), { id: args.principalId }, args.permission));
  }

  @Mutation(() => DatasetPermissionPayload, { description: 'Grants a permission on datasets to a user, role or tenant. Needs share on each.' })
  async grantDatasetPermission(@Args(() => DatasetPermissionArgs) args: DatasetPermissionArgs, @Ctx() ctx: Context): Promise<DatasetPermissionPayload> {
    const { grantedCount } = await inTransaction(ctx.db, (tx) => grantDatasetPermission(tx, actorOf(ctx), args, requestMeta(ctx)));
    return { message: 'Permission assigned to principal', datasetCount: grantedCount };
  }

  @Mutation(() => DatasetPermissionPayload, {
    description: "Revokes a principal's permission on datasets, all or nothing: 404 when one of them lacks the grant. Needs share on each.",
  })
  async revokeDatasetPermission(@Args(() => DatasetPermissionArgs) args: DatasetPermissionArgs, @Ctx() ctx: Context): Promise<DatasetPermissionPayload> {
    const { revokedCount } = await inTransaction(ctx.db, (tx) => revokeDatasetPermission(tx, actorOf(ctx), args, requestMeta(ctx)));
    return { message: 'Permission revoked from principal', datasetCount: revokedCount };
  }
}
