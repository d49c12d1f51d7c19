import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { revokeDatasetPermission } from '../../domain/datasets/revoke-dataset-permission.ts';
import { actorOf } from '../../graphql/actor.ts';
import { requestMeta, type Context } from '../../graphql/context.ts';
import { canShareDatasets } from '../../graphql/permissions/dataset.rules.ts';
import { defineOperation } from '../operation.ts';
import { DatasetPermissionArgs, DatasetPermissionPayload, datasetPermissionRoute } from './dataset-permission.types.ts';

const REVOKED = 'Permission revoked from principal';

@Resolver()
class RevokeDatasetPermissionResolver {
  @Mutation(() => DatasetPermissionPayload, {
    description: "Revokes a principal's permission on datasets, all or nothing: 404 when one of them lacks the grant. Needs share on each.",
  })
  async revokeDatasetPermission(@Args(() => DatasetPermissionArgs) args: DatasetPermissionArgs, @Ctx() ctx: Context): Promise<DatasetPermissionPayload> {
    const { revokedCount } = await inTransaction(ctx.db, (tx) => revokeDatasetPermission(tx, actorOf(ctx), args, requestMeta(ctx)));
    return { message: REVOKED, datasetCount: revokedCount };
  }
}

export const operation = defineOperation({
  on: 'Mutation',
  field: 'revokeDatasetPermission',
  resolver: RevokeDatasetPermissionResolver,
  guard: { rule: canShareDatasets },
  audit: { action: 'dataset_permission.revoked', label: 'dataset permission revoked' },
  opens: ['DatasetPermissionPayload'],
  routes: [datasetPermissionRoute({ method: 'DELETE', field: 'revokeDatasetPermission', verb: 'revoke', message: REVOKED })],
  examples: [
    {
      args: { datasetIds: ['@dataset'], principal: { type: 'USER', id: '@holder' }, permission: 'READ' },
      select: 'message',
      rest: { path: { principal_id: '@holder' }, query: { permission_name: 'read' }, body: ['@dataset'] },
      writes: true,
      allowed: ['owner'],
    },
  ],
});
