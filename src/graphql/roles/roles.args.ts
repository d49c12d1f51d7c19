import { ArgsType, Field } from 'type-graphql';
import { CapabilityEnum } from '../enums.ts';
import { UUID } from '../scalars.ts';

@ArgsType()
export class CreateRoleArgs {
  @Field(() => UUID, { nullable: true, description: "Omitted: the caller's active tenant (BAD_USER_INPUT NO_ACTIVE_TENANT when none)." })
  tenantId?: string | null;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [CapabilityEnum], { nullable: true, description: 'Omitted: MANAGE_USERS for a role named "admin", none otherwise.' })
  capabilities?: CapabilityEnum[] | null;
}

@ArgsType()
export class RoleIdArgs {
  @Field(() => UUID)
  roleId!: string;
}

@ArgsType()
export class SetRoleCapabilitiesArgs {
  @Field(() => UUID)
  roleId!: string;

  @Field(() => [CapabilityEnum], { description: "The role's whole new set; empty = none." })
  capabilities!: CapabilityEnum[];
}

@ArgsType()
export class RoleUserArgs {
  @Field(() => UUID)
  roleId!: string;

  @Field(() => UUID)
  userId!: string;
}
