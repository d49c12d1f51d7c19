import { Args, ArgsType, Ctx, Field, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { setRoleCapabilities } from '../../domain/roles/set-role-capabilities.ts';
import { actorOf } from '../../graphql/actor.ts';
import { requestMeta, type Context } from '../../graphql/context.ts';
import { CapabilityEnum } from '../../graphql/enums.ts';
import { roleTenant } from '../../graphql/permissions/role.rules.ts';
import { RoleType } from '../../graphql/roles/role.type.ts';
import { UUID } from '../../graphql/scalars.ts';
import { defineOperation, MANAGERS } from '../operation.ts';

@ArgsType()
export class SetRoleCapabilitiesArgs {
  @Field(() => UUID)
  roleId!: string;

  @Field(() => [CapabilityEnum], { description: "The role's whole new set; empty = none." })
  capabilities!: CapabilityEnum[];
}

@Resolver()
class SetRoleCapabilitiesResolver {
  @Mutation(() => RoleType, { description: "Replaces a role's capabilities." })
  setRoleCapabilities(@Args(() => SetRoleCapabilitiesArgs) args: SetRoleCapabilitiesArgs, @Ctx() ctx: Context): Promise<RoleType> {
    return inTransaction(ctx.db, (tx) => setRoleCapabilities(tx, actorOf(ctx), args, requestMeta(ctx))) as Promise<RoleType>;
  }
}

export const operation = defineOperation({
  on: 'Mutation',
  field: 'setRoleCapabilities',
  resolver: SetRoleCapabilitiesResolver,
  guard: { action: 'tenant.roles:manage', tenant: roleTenant },
  audit: { action: 'role.capabilities_set', label: 'role capabilities set' },
  examples: [{ args: { roleId: '@role', capabilities: ['MANAGE_USERS'] }, select: 'id', writes: true, allowed: MANAGERS }],
});
