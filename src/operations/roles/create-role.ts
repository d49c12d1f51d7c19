import { z } from 'zod';
import { Args, ArgsType, Ctx, Field, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { createRole } from '../../domain/roles/create-role.ts';
import { actorOf } from '../../graphql/actor.ts';
import { requestMeta, type Context } from '../../graphql/context.ts';
import { CapabilityEnum } from '../../graphql/enums.ts';
import { createdRoleTenant } from '../../graphql/permissions/role.rules.ts';
import { RoleType } from '../../graphql/roles/role.type.ts';
import { UUID } from '../../graphql/scalars.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { uuidOut } from '../../rest/response-shapes.ts';
import { text } from '../../rest/validation.ts';
import { defineOperation, MANAGERS } from '../operation.ts';

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

@Resolver()
class CreateRoleResolver {
  @Mutation(() => RoleType, { description: 'Creates a role in a tenant. Owner or MANAGE_USERS.' })
  createRole(@Args(() => CreateRoleArgs) args: CreateRoleArgs, @Ctx() ctx: Context): Promise<RoleType> {
    return inTransaction(ctx.db, (tx) => createRole(tx, actorOf(ctx), args, requestMeta(ctx))) as Promise<RoleType>;
  }
}

export const operation = defineOperation({
  on: 'Mutation',
  field: 'createRole',
  resolver: CreateRoleResolver,
  guard: { action: 'tenant.roles:manage', tenant: createdRoleTenant },
  audit: { action: 'role.created', label: 'role created' },
  routes: [
    legacyRoute({
      method: 'POST',
      url: '/api/v1/permissions/roles',
      // No tenant parameter: as in the legacy service, the role goes to the caller's active tenant.
      operation: `mutation LegacyCreateRole($name: String!) { createRole(name: $name) { id tenantId } }`,
      query: z.object({ role_name: text(100).meta({ description: 'The role’s name, unique in the tenant (case-insensitive). It goes to the caller’s active tenant.' }) }),
      issuesAt: 'query',
      variables: ({ query }) => ({ name: query.role_name }),
      response: z.object({ message: z.string(), role_id: uuidOut, tenant_id: uuidOut }),
      present: (data: { createRole: { id: string; tenantId: string } }) => ({
        message: 'Role created for tenant',
        role_id: data.createRole.id,
        tenant_id: data.createRole.tenantId,
      }),
    }),
  ],
  examples: [{ args: { tenantId: '@tenant', name: 'auditors' }, select: 'id', writes: true, allowed: MANAGERS }],
});
