import { Field, Int, ObjectType } from 'type-graphql';
import { UserType } from '../accounts/user.type.ts';
import { UUID } from '../scalars.ts';
import { TenantType } from './tenant.type.ts';

/** What leaving did: the same effects, and so the same fields, as RemoveUserFromTenantPayload. */
@ObjectType('LeaveTenantPayload')
export class LeaveTenantPayload {
  @Field(() => String)
  message!: string;

  @Field(() => TenantType)
  tenant!: TenantType;

  @Field(() => UserType, { description: 'The caller, as they are now.' })
  user!: UserType;

  @Field(() => Int, { description: 'Role assignments in this tenant that were revoked.' })
  revokedRoleCount!: number;

  @Field(() => Int, { description: "Permissions the caller held directly on this tenant's datasets that were revoked." })
  revokedDatasetPermissionCount!: number;

  @Field(() => Boolean, { description: "True when this was the caller's active tenant (now null)." })
  activeTenantCleared!: boolean;

  @Field(() => UUID)
  auditEventId!: string;
}
