import { Args, ArgsType, Ctx, Field, Query, Resolver } from 'type-graphql';
import { listPrincipalDatasets } from '../../domain/datasets/list-principal-datasets.ts';
import { actorOf } from '../actor.ts';
import type { Context } from '../context.ts';
import { DatasetPermissionEnum } from '../enums.ts';
import { UUID } from '../scalars.ts';
import { DatasetType } from './dataset.type.ts';

@ArgsType()
class PrincipalDatasetsArgs {
  @Field(() => UUID, { description: 'A user, role or tenant id.' })
  principalId!: string;

  @Field(() => DatasetPermissionEnum)
  permission!: DatasetPermissionEnum;
}

@Resolver()
export class PrincipalDatasetsResolver {
  @Query(() => [DatasetType], {
    description: 'Datasets on which a principal holds a permission directly — among those the caller may share (or all, about themselves).',
  })
  principalDatasets(@Args(() => PrincipalDatasetsArgs) args: PrincipalDatasetsArgs, @Ctx() ctx: Context): Promise<DatasetType[]> {
    return listPrincipalDatasets(ctx.db, actorOf(ctx), { id: args.principalId }, args.permission);
  }
}
