import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { addUserToRole } from '../../domain/roles/add-user-to-role.ts';
import { createRole } from '../../domain/roles/create-role.ts';
import { deleteRole } from '../../domain/roles/delete-role.ts';
import { removeUserFromRole } from '../../domain/roles/remove-user-from-role.ts';
import { setRoleCapabilities } from '../../domain/roles/set-role-capabilities.ts';
import { actorOf } from '../actor.ts';
import { requestMeta, type Context } from '../context.ts';
import { RoleType } from './role.type.ts';
import { CreateRoleArgs, RoleIdArgs, RoleUserArgs, SetRoleCapabilitiesArgs } from './roles.args.ts';
import { DeleteRolePayload, RoleAssignmentPayload } from './roles.payloads.ts';

/** Roles and who holds them. Owner or MANAGE_USERS in the role's tenant. */
@Resolver()
export class RolesResolver {
  @Mutation(() => RoleType, { description: 'Creates a role in a tenant. Owner or MANAGE_USERS.' })
  createRole(@Args(() => CreateRoleArgs) args: CreateRoleArgs, @Ctx() ctx: Context): Promise<RoleType> {
    return inTransaction(ctx.db, (tx) => createRole(tx, actorOf(ctx), args, requestMeta(ctx))) as Promise<RoleType>;
  }

  @Mutation(() => DeleteRolePayload, { description: 'Deletes a role, its assignments and the dataset permissions granted to it.' })
  async deleteRole(@Args(() => RoleIdArgs) args: RoleIdArgs, @Ctx() ctx: Context): Promise<DeleteRolePayload> {
    const deleted = await inTransaction(ctx.db, (tx) => deleteRole(tx, actorOf(ctx), args, requestMeta(ctx)));
    return { message: 'Role deleted', ...(deleted as Omit<DeleteRolePayload, 'message'>) };
  }

  @Mutation(() => RoleType, { description: "Replaces a role's capabilities." })
  setRoleCapabilities(@Args(() => SetRoleCapabilitiesArgs) args: SetRoleCapabilitiesArgs, @Ctx() ctx: Context): Promise<RoleType> {
    return inTransaction(ctx.db, (tx) => setRoleCapabilities(tx, actorOf(ctx), args, requestMeta(ctx))) as Promise<RoleType>;
  }

  @Mutation(() => RoleAssignmentPayload, { description: "Gives a member of the role's tenant the role. Owner or MANAGE_USERS." })
  async addUserToRole(@Args(() => RoleUserArgs) args: RoleUserArgs, @Ctx() ctx: Context): Promise<RoleAssignmentPayload> {
    const assigned = await inTransaction(ctx.db, (tx) => addUserToRole(tx, actorOf(ctx), args, requestMeta(ctx)));
    return { message: 'User added to role', ...(assigned as Omit<RoleAssignmentPayload, 'message'>) };
  }

  @Mutation(() => RoleAssignmentPayload, { description: 'Takes a role from a user who holds it.' })
  async removeUserFromRole(@Args(() => RoleUserArgs) args: RoleUserArgs, @Ctx() ctx: Context): Promise<RoleAssignmentPayload> {
    const removed = await inTransaction(ctx.db, (tx) => removeUserFromRole(tx, actorOf(ctx), args, requestMeta(ctx)));
    return { message: 'User removed from role', ...(removed as Omit<RoleAssignmentPayload, 'message'>) };
  }
}
