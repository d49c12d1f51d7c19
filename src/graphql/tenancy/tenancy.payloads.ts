import { Field, Int, ObjectType } from 'type-graphql';
import { UserType } from '../accounts/user.type.ts';
import { UUID } from '../scalars.ts';
import { TenantType } from './tenant.type.ts';

@ObjectType('RemoveUserFromTenantPayload')
export class RemoveUserFromTenantPayload {
  @Field(() => String)
  message!: string;

  @Field(() => TenantType)
  tenant!: TenantType;

  @Field(() => UserType, { description: 'The removed user, as they are now.' })
  user!: UserType;

  @Field(() => Int, { description: 'Role assignments in this tenant that were revoked.' })
  revokedRoleCount!: number;

  @Field(() => Int, { description: "Permissions the user held directly on this tenant's datasets that were revoked." })
  revokedDatasetPermissionCount!: number;

  @Field(() => Boolean, { description: "True when this was the user's active tenant (now null)." })
  activeTenantCleared!: boolean;

  @Field(() => UUID)
  auditEventId!: string;
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
