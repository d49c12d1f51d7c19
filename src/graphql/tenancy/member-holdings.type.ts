import { Field, ObjectType } from 'type-graphql';
import { DatasetRefType, RevokedDatasetPermissionType, RoleRefType } from '../../operations/members/removal-receipt.shape.ts';

/** The removal receipt's lists (removal-receipt.shape.ts), read without removing anyone: the
 * same types, the same order (src/domain/tenancy/holding-lists.ts). */
@ObjectType('MemberHoldings', {
  description:
    'What a member holds in one tenant: what removing them would take (roles, direct dataset permissions) and the datasets they own there (which stay). Nothing outside the tenant.',
})
export class MemberHoldingsType {
  @Field(() => [RoleRefType], { description: 'Their roles in this tenant, by name.' })
  roles!: RoleRefType[];

  @Field(() => [RevokedDatasetPermissionType], { description: "Permissions they hold directly on this tenant's datasets (owned ones included), by dataset name." })
  datasetPermissions!: RevokedDatasetPermissionType[];

  @Field(() => [DatasetRefType], { description: 'The datasets of this tenant they own, by name.' })
  ownedDatasets!: DatasetRefType[];
}
