import { Field, Int, ObjectType } from 'type-graphql';
import { UserType } from '../accounts/user.type.ts';
import { UUID } from '../scalars.ts';
import { RoleType } from './role.type.ts';

@ObjectType('RoleAssignmentPayload')
export class RoleAssignmentPayload {
  @Field(() => String)
  message!: string;

  @Field(() => RoleType)
  role!: RoleType;

  @Field(() => UserType)
  user!: UserType;
}

@ObjectType('DeleteRolePayload')
export class DeleteRolePayload {
  @Field(() => String)
  message!: string;

  @Field(() => RoleType, { description: 'The role as it was before it was deleted.' })
  role!: RoleType;

  @Field(() => Int, { description: 'Users who held the role.' })
  revokedAssignmentCount!: number;

  @Field(() => Int, { description: 'Dataset permissions that were granted to the role.' })
  revokedDatasetPermissionCount!: number;

  @Field(() => UUID)
  auditEventId!: string;
}
