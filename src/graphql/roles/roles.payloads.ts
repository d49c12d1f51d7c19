import { Field, ObjectType } from 'type-graphql';
import { UserType } from '../accounts/user.type.ts';
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
