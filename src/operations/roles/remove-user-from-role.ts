import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { removeUserFromRole } from '../../domain/roles/remove-user-from-role.ts';
import { actorOf } from '../../graphql/actor.ts';
import { requestMeta, type Context } from '../../graphql/context.ts';
import { roleTenant } from '../../graphql/permissions/role.rules.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { messageBody } from '../../rest/response-shapes.ts';
import { defineOperation, MANAGERS } from '../operation.ts';
import { roleAssignmentInput, RoleAssignmentPayload, RoleUserArgs } from './role-assignment.types.ts';

const REMOVED = 'User removed from role';

@Resolver()
class RemoveUserFromRoleResolver {
  @Mutation(() => RoleAssignmentPayload, { description: 'Takes a role from a user who holds it.' })
  async removeUserFromRole(@Args(() => RoleUserArgs) args: RoleUserArgs, @Ctx() ctx: Context): Promise<RoleAssignmentPayload> {
    const removed = await inTransaction(ctx.db, (tx) => removeUserFromRole(tx, actorOf(ctx), args, requestMeta(ctx)));
    return { message: REMOVED, ...(removed as Omit<RoleAssignmentPayload, 'message'>) };
  }
}

export const operation = defineOperation({
  on: 'Mutation',
  field: 'removeUserFromRole',
  resolver: RemoveUserFromRoleResolver,
  guard: { action: 'tenant.roles:manage', tenant: roleTenant },
  audit: { action: 'role.user_removed', label: 'role taken' },
  opens: ['RoleAssignmentPayload'],
  routes: [
    legacyRoute({
      method: 'DELETE',
      url: '/api/v1/permissions/users/:user_id/roles',
      operation: `mutation LegacyRemoveUserFromRole($roleId: UUID!, $userId: UUID!) { removeUserFromRole(roleId: $roleId, userId: $userId) { message } }`,
      ...roleAssignmentInput,
      response: messageBody,
      present: () => ({ message: REMOVED }),
    }),
  ],
  examples: [
    { args: { roleId: '@role', userId: '@holder' }, select: 'message', rest: { path: { user_id: '@holder' }, query: { role_id: '@role' } }, writes: true, allowed: MANAGERS },
  ],
});
