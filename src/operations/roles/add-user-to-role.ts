import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { addUserToRole } from '../../domain/roles/add-user-to-role.ts';
import { actorOf } from '../../graphql/actor.ts';
import { requestMeta, type Context } from '../../graphql/context.ts';
import { roleTenant } from '../../graphql/permissions/role.rules.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { messageBody } from '../../rest/response-shapes.ts';
import { defineOperation, MANAGERS } from '../operation.ts';
import { roleAssignmentInput, RoleAssignmentPayload, RoleUserArgs } from './role-assignment.types.ts';

@Resolver()
class AddUserToRoleResolver {
  @Mutation(() => RoleAssignmentPayload, { description: "Gives a member of the role's tenant the role. Owner or MANAGE_USERS." })
  async addUserToRole(@Args(() => RoleUserArgs) args: RoleUserArgs, @Ctx() ctx: Context): Promise<RoleAssignmentPayload> {
    const assigned = await inTransaction(ctx.db, (tx) => addUserToRole(tx, actorOf(ctx), args, requestMeta(ctx)));
    return { message: 'User added to role', ...(assigned as Omit<RoleAssignmentPayload, 'message'>) };
  }
}

export const operation = defineOperation({
  on: 'Mutation',
  field: 'addUserToRole',
  resolver: AddUserToRoleResolver,
  guard: { action: 'tenant.roles:manage', tenant: roleTenant },
  audit: { action: 'role.user_added', label: 'role given' },
  opens: ['RoleAssignmentPayload'],
  routes: [
    legacyRoute({
      method: 'POST',
      url: '/api/v1/permissions/users/:user_id/roles',
      operation: `mutation LegacyAddUserToRole($roleId: UUID!, $userId: UUID!) { addUserToRole(roleId: $roleId, userId: $userId) { message } }`,
      ...roleAssignmentInput,
      response: messageBody,
      present: (data: { addUserToRole: { message: string } }) => ({ message: data.addUserToRole.message }),
    }),
  ],
  examples: [
    { args: { roleId: '@role', userId: '@target' }, select: 'message', rest: { path: { user_id: '@target' }, query: { role_id: '@role' } }, writes: true, allowed: MANAGERS },
  ],
});
