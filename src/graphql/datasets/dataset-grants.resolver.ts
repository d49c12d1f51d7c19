import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { revokeDatasetPermission } from '../../domain/datasets/revoke-dataset-permission.ts';
import { actorOf } from '../actor.ts';
import { requestMeta, type Context } from '../context.ts';
import { DatasetPermissionArgs } from './datasets.args.ts';
import { DatasetPermissionPayload } from './datasets.payloads.ts';

/** Taking dataset permissions back (granting is in datasets.resolver.ts). */
@Resolver()
export class DatasetGrantsResolver {
  @Mutation(() => DatasetPermissionPayload, {
    description: "Revokes a principal's permission on datasets, all or nothing: 404 when one of them lacks the grant. Needs share on each.",
  })
  async revokeDatasetPermission(@Args(() => DatasetPermissionArgs) args: DatasetPermissionArgs, @Ctx() ctx: Context): Promise<DatasetPermissionPayload> {
    const { revokedCount } = await inTransaction(ctx.db, (tx) => revokeDatasetPermission(tx, actorOf(ctx), args, requestMeta(ctx)));
    return { message: 'Permission revoked from principal', datasetCount: revokedCount };
  }
}
