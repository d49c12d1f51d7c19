import { z } from 'zod';
import { Args, ArgsType, Ctx, Field, Query, Resolver } from 'type-graphql';
import { listPrincipalDatasets } from '../../domain/datasets/list-principal-datasets.ts';
import { actorOf } from '../../graphql/actor.ts';
import type { Context } from '../../graphql/context.ts';
import { DatasetType } from '../../graphql/datasets/dataset.type.ts';
import { DatasetPermissionEnum } from '../../graphql/enums.ts';
import { isAuthenticated } from '../../graphql/permissions/account.rules.ts';
import { UUID } from '../../graphql/scalars.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { permissionName } from '../../rest/response-shapes.ts';
import { uuid } from '../../rest/validation.ts';
import { defineOperation, SIGNED_IN } from '../operation.ts';
import { DATASET_FIELDS, datasetRead, presentDataset } from './dataset.legacy.ts';
import { PERMISSION } from './dataset-permission.types.ts';

@ArgsType()
export class PrincipalDatasetsArgs {
  @Field(() => UUID, { description: 'A user, role or tenant id.' })
  principalId!: string;

  @Field(() => DatasetPermissionEnum)
  permission!: DatasetPermissionEnum;
}

@Resolver()
class ListPrincipalDatasetsResolver {
  @Query(() => [DatasetType], {
    description: 'Datasets on which a principal holds a permission directly — among those the caller may share (or all, about themselves).',
  })
  principalDatasets(@Args(() => PrincipalDatasetsArgs) args: PrincipalDatasetsArgs, @Ctx() ctx: Context): Promise<DatasetType[]> {
    // Tracked: the datasets' fields load in the request's next wave (loaders/batch-waves.ts).
    return ctx.loaders.track(listPrincipalDatasets(ctx.db, actorOf(ctx), { id: args.principalId }, args.permission));
  }
}

/** The answer is filtered to what the caller may see (docs above), so anyone signed in may ask. */
export const operation = defineOperation({
  on: 'Query',
  field: 'principalDatasets',
  resolver: ListPrincipalDatasetsResolver,
  guard: { rule: isAuthenticated },
  routes: [
    legacyRoute({
      method: 'GET',
      url: '/api/v1/permissions/principals/:principal_id/datasets',
      operation: `query LegacyPrincipalDatasets($principalId: UUID!, $permission: DatasetPermission!) {
      principalDatasets(principalId: $principalId, permission: $permission) { ${DATASET_FIELDS} }
    }`,
      path: z.object({ principal_id: uuid }),
      query: z.object({ permission_name: permissionName.default('read').meta({ description: 'List the datasets the principal holds this permission on.' }) }),
      variables: ({ path, query }) => ({ principalId: path.principal_id, permission: PERMISSION[query.permission_name] }),
      response: z.array(datasetRead),
      present: (data: { principalDatasets: Parameters<typeof presentDataset>[0][] }) => data.principalDatasets.map(presentDataset),
    }),
  ],
  examples: [
    {
      args: { principalId: '@holder', permission: 'READ' },
      select: 'id',
      rest: { path: { principal_id: '@holder' }, query: { permission_name: 'read' } },
      writes: false,
      allowed: SIGNED_IN,
    },
  ],
});
