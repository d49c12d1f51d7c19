import { ArgsType, Field } from 'type-graphql';
import { CapabilityEnum } from '../enums.ts';
import { UUID } from '../scalars.ts';

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
