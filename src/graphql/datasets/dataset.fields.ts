import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.ts';
import { loadersFor } from '../loaders/index.ts';
import { DatasetPermissionEnum, PrincipalTypeEnum } from '../enums.ts';
import { DatasetGrantType } from './dataset-grant.type.ts';
import { DatasetType } from './dataset.type.ts';

@Resolver(() => DatasetType)
export class DatasetFieldsResolver {
  // Nullable on purpose: without `share` the rule answers FORBIDDEN for this field alone, so a
  // list of datasets keeps its other fields (a non-null field's error would null the whole list).
  @FieldResolver(() => [DatasetGrantType], {
    nullable: true,
    description: 'Who holds which permission on it: users, then roles, then tenants. Needs share (FORBIDDEN and null otherwise; see viewerCanShare).',
  })
  async grants(@Root() dataset: DatasetType, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<DatasetGrantType[]> {
    const rows = await loadersFor(ctx, info).datasetGrants.load(dataset.id);
    return rows.map((row) => ({
      id: row.id,
      permission: row.permission as DatasetPermissionEnum,
      principal: { type: row.principalType as PrincipalTypeEnum, id: row.principalId, name: row.principalName },
    }));
  }

  @FieldResolver(() => Boolean, { description: 'The caller holds share on it: may grant permissions and see grants.' })
  async viewerCanShare(@Root() dataset: DatasetType, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<boolean> {
    return (await loadersFor(ctx, info).datasetShare.load(dataset.id))?.allowed ?? false;
  }
}
