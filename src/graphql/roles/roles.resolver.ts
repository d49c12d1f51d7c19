import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { addUserToRole } from '../../domain/roles/add-user-to-role.ts';
import { createRole } from '../../domain/roles/create-role.ts';
import { actorOf } from '../actor.ts';
import { requestMeta, type Context } from '../context.ts';
import { RoleType } from './role.type.ts';
import { CreateRoleArgs, RoleUserArgs } from './roles.args.ts';
import { RoleAssignmentPayload } from './roles.payloads.ts';

@Resolver()
export class RolesResolver {
  @Mutation(() => RoleType, { description: 'Creates a role in a tenant. Owner or MANAGE_USERS.' })
  createRole(@Args(() => CreateRoleArgs) args: CreateRoleArgs, @Ctx() ctx: Context): Promise<RoleType> {
    return inTransaction(ctx.db, (tx) => createRole(tx, actorOf(ctx), args, requestMeta(ctx))) as Promise<RoleType>;
  }

  @Mutation(() => RoleAssignmentPayload, { description: "Gives a member of the role's tenant the role. Owner or MANAGE_USERS." })
  async addUserToRole(@Args(() => RoleUserArgs) args: RoleUserArgs, @Ctx() ctx: Context): Promise<RoleAssignmentPayload> {
    const assigned = await inTransaction(ctx.db, (tx) => addUserToRole(tx, actorOf(ctx), args, requestMeta(ctx)));
    return { message: 'User added to role', ...(assigned as Omit<RoleAssignmentPayload, 'message'>) };
  }
}
