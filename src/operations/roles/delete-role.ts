import { z } from 'zod';
import { Args, ArgsType, Ctx, Field, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { deleteRole } from '../../domain/roles/delete-role.ts';
import { actorOf } from '../../graphql/actor.ts';
import { requestMeta, type Context } from '../../graphql/context.ts';
import { roleTenant } from '../../graphql/permissions/role.rules.ts';
import { RoleType } from '../../graphql/roles/role.type.ts';
import { UUID } from '../../graphql/scalars.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { messageBody } from '../../rest/response-shapes.ts';
import { uuid } from '../../rest/validation.ts';
import { defineOperation, MANAGERS } from '../operation.ts';

const DELETED = 'Role deleted';

@ArgsType()
export class RoleIdArgs {
  @Field(() => UUID)
  roleId!: string;
}

@ObjectType('DeleteRolePayload')
export class DeleteRolePayload {
  @Field(() => String)
  message!: string;

  @Field(() => RoleType, { description: 'The role as it was before it was deleted.' })
  role!: RoleType;

  @Field(() => Int, { description: 'Users who held the role.' })
  revokedAssignmentCount!: number;

  @Field(() => Int, { description: 'Dataset permissions that were granted to the role.' })
  revokedDatasetPermissionCount!: number;

  @Field(() => UUID)
  auditEventId!: string;
}

@Resolver()
class DeleteRoleResolver {
  @Mutation(() => DeleteRolePayload, { description: 'Deletes a role, its assignments and the dataset permissions granted to it.' })
  async deleteRole(@Args(() => RoleIdArgs) args: RoleIdArgs, @Ctx() ctx: Context): Promise<DeleteRolePayload> {
    const deleted = await inTransaction(ctx.db, (tx) => deleteRole(tx, actorOf(ctx), args, requestMeta(ctx)));
    return { message: DELETED, ...(deleted as Omit<DeleteRolePayload, 'message'>) };
  }
}

export const operation = defineOperation({
  on: 'Mutation',
  field: 'deleteRole',
  resolver: DeleteRoleResolver,
  guard: { action: 'tenant.roles:manage', tenant: roleTenant },
  audit: { action: 'role.deleted', label: 'role deleted' },
  opens: ['DeleteRolePayload'],
  routes: [
    legacyRoute({
      method: 'DELETE',
      url: '/api/v1/permissions/roles/:role_id',
      operation: `mutation LegacyDeleteRole($roleId: UUID!) { deleteRole(roleId: $roleId) { message } }`,
      path: z.object({ role_id: uuid }),
      variables: ({ path }) => ({ roleId: path.role_id }),
      response: messageBody,
      present: () => ({ message: DELETED }),
    }),
  ],
  examples: [{ args: { roleId: '@role' }, select: 'message', rest: { path: { role_id: '@role' } }, writes: true, allowed: MANAGERS }],
});
