import { Field, ObjectType } from 'type-graphql';
import { UserType } from '../accounts/user.type.ts';
import { MembershipRemovalPayload } from './membership-removal.payload.ts';
import { TenantType } from './tenant.type.ts';

@ObjectType('RemoveUserFromTenantPayload')
export class RemoveUserFromTenantPayload extends MembershipRemovalPayload({ who: 'user', user: 'The removed user, as they are now.' }) {}

@ObjectType('AddUserToTenantPayload')
export class AddUserToTenantPayload {
  @Field(() => String)
  message!: string;

  @Field(() => TenantType)
  tenant!: TenantType;

  @Field(() => UserType)
  user!: UserType;
}
