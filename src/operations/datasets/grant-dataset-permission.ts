import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { grantDatasetPermission } from '../../domain/datasets/grant-dataset-permission.ts';
import { actorOf } from '../../graphql/actor.ts';
import { requestMeta, type Context } from '../../graphql/context.ts';
import { canShareDatasets } from '../../graphql/permissions/dataset.rules.ts';
import { defineOperation } from '../operation.ts';
import { DatasetPermissionArgs, DatasetPermissionPayload, datasetPermissionRoute } from './dataset-permission.types.ts';

const GRANTED = 'Permission assigned to principal';

@Resolver()
class GrantDatasetPermissionResolver {
  @Mutation(() => DatasetPermissionPayload, { description: 'Grants a permission on datasets to a user, role or tenant. Needs share on each.' })
  async grantDatasetPermission(@Args(() => DatasetPermissionArgs) args: DatasetPermissionArgs, @Ctx() ctx: Context): Promise<DatasetPermissionPayload> {
    const { grantedCount } = await inTransaction(ctx.db, (tx) => grantDatasetPermission(tx, actorOf(ctx), args, requestMeta(ctx)));
    return { message: GRANTED, datasetCount: grantedCount };
  }
}

export const operation = defineOperation({
  on: 'Mutation',
  field: 'grantDatasetPermission',
  resolver: GrantDatasetPermissionResolver,
  guard: { rule: canShareDatasets },
  audit: { action: 'dataset_permission.granted', label: 'dataset permission granted' },
  opens: ['DatasetPermissionPayload'],
  routes: [datasetPermissionRoute({ method: 'POST', field: 'grantDatasetPermission', verb: 'grant', message: GRANTED })],
  examples: [
    {
      // share on the dataset: its owner alone (a manager of the tenant holds nothing on it).
      args: { datasetIds: ['@dataset'], principal: { type: 'USER', id: '@member' }, permission: 'WRITE' },
      select: 'message',
      rest: { path: { principal_id: '@member' }, query: { permission_name: 'write' }, body: ['@dataset'] },
      writes: true,
      allowed: ['owner'],
    },
  ],
});
