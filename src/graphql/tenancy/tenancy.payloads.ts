import { Field, Int, ObjectType } from 'type-graphql';
import { UserType } from '../accounts/user.type.ts';
import { MembershipRemovalPayload } from './membership-removal.payload.ts';
import { DatasetRefType, PermissionCountType, RevokedDatasetPermissionType, RoleRefType } from './removal-receipt.types.ts';
import { TenantType } from './tenant.type.ts';

@ObjectType('RemoveUserFromTenantPayload', { description: 'What a removal took (or, on a dry run, would take).' })
export class RemoveUserFromTenantPayload extends MembershipRemovalPayload({ who: 'user', user: 'The removed user, as they are now.', auditEventNullable: true }) {
  @Field(() => Boolean, { description: 'True when nothing was changed: the answer of a preview.' })
  dryRun!: boolean;

  @Field(() => [RoleRefType], { description: 'The roles taken, by name.' })
  revokedRoles!: RoleRefType[];

  @Field(() => [RevokedDatasetPermissionType], { description: 'Each (dataset, permission) the user held directly and lost.' })
  revokedDatasetPermissions!: RevokedDatasetPermissionType[];

  @Field(() => [PermissionCountType], { description: 'revokedDatasetPermissions counted per kind (kinds with none left out).' })
  revokedDatasetPermissionsByKind!: PermissionCountType[];

  @Field(() => Int, { description: 'Datasets the user owns in the tenant. They stay, with their owner.' })
  ownedDatasetCount!: number;

  @Field(() => [DatasetRefType], { description: 'Those datasets.' })
  ownedDatasets!: DatasetRefType[];
}

@ObjectType('AddUserToTenantPayload')
export class AddUserToTenantPayload {
  @Field(() => String)
  message!: string;

  @Field(() => TenantType)
  tenant!: TenantType;

  @Field(() => UserType)
  user!: UserType;
}
