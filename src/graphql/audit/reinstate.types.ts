import { ArgsType, Field, ObjectType } from 'type-graphql';
import { UserType } from '../accounts/user.type.ts';
import { UUID } from '../scalars.ts';
import { RevokedDatasetPermissionType, RoleRefType } from '../tenancy/removal-receipt.types.ts';
import { TenantType } from '../tenancy/tenant.type.ts';

@ArgsType()
export class ReinstateTenantMemberArgs {
  @Field(() => UUID, { description: 'The removal event (tenant.user_removed) to undo.' })
  auditEventId!: string;

  @Field(() => UUID, { nullable: true, description: 'When given, the event must belong to this tenant.' })
  tenantId?: string | null;
}

@ObjectType('ReinstateTenantMemberPayload', { description: 'What a reinstatement restored, and what no longer existed.' })
export class ReinstateTenantMemberPayload {
  @Field(() => String)
  message!: string;

  @Field(() => TenantType)
  tenant!: TenantType;

  @Field(() => UserType, { description: 'The reinstated user, as they are now.' })
  user!: UserType;

  @Field(() => UUID, { description: 'The tenant.user_reinstated event.' })
  auditEventId!: string;

  @Field(() => UUID, { description: 'The removal it undid.' })
  removalEventId!: string;

  @Field(() => [RoleRefType])
  reinstatedRoles!: RoleRefType[];

  @Field(() => [RevokedDatasetPermissionType])
  reinstatedDatasetPermissions!: RevokedDatasetPermissionType[];

  @Field(() => [RoleRefType], { description: 'Recorded by the removal, but the role no longer exists.' })
  skippedRoles!: RoleRefType[];

  @Field(() => [RevokedDatasetPermissionType], { description: 'Recorded by the removal, but the dataset no longer exists in the tenant.' })
  skippedDatasetPermissions!: RevokedDatasetPermissionType[];
}
