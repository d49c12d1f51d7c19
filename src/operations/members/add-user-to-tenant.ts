import { z } from 'zod';
import { Args, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { addUserToTenant } from '../../domain/tenancy/add-user-to-tenant.ts';
import { UserType } from '../../graphql/accounts/user.type.ts';
import { actorOf } from '../../graphql/actor.ts';
import { requestMeta, type Context } from '../../graphql/context.ts';
import { tenantArg } from '../../graphql/permissions/tenant.rules.ts';
import { TenantUserArgs } from '../../graphql/tenancy/members.args.ts';
import { TenantType } from '../../graphql/tenancy/tenant.type.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { messageBody } from '../../rest/response-shapes.ts';
import { uuid } from '../../rest/validation.ts';
import { defineOperation, MANAGERS } from '../operation.ts';

@ObjectType('AddUserToTenantPayload')
export class AddUserToTenantPayload {
  @Field(() => String)
  message!: string;

  @Field(() => TenantType)
  tenant!: TenantType;

  @Field(() => UserType)
  user!: UserType;
}

@Resolver()
class AddUserToTenantResolver {
  @Mutation(() => AddUserToTenantPayload, { description: 'Adds an existing user to a tenant. Owner or MANAGE_USERS.' })
  async addUserToTenant(@Args(() => TenantUserArgs) args: TenantUserArgs, @Ctx() ctx: Context): Promise<AddUserToTenantPayload> {
    const added = await inTransaction(ctx.db, (tx) => addUserToTenant(tx, actorOf(ctx), args, requestMeta(ctx)));
    return { message: 'User added to tenant', ...added };
  }
}

export const operation = defineOperation({
  on: 'Mutation',
  field: 'addUserToTenant',
  resolver: AddUserToTenantResolver,
  guard: { action: 'tenant.members:add', tenant: tenantArg('tenantId') },
  audit: { action: 'tenant.user_added', label: 'member added' },
  opens: ['AddUserToTenantPayload'],
  routes: [
    legacyRoute({
      method: 'POST',
      url: '/api/v1/permissions/users/:user_id/tenants',
      operation: `mutation LegacyAddUserToTenant($tenantId: UUID!, $userId: UUID!) { addUserToTenant(tenantId: $tenantId, userId: $userId) { message } }`,
      path: z.object({ user_id: uuid }),
      query: z.object({ tenant_id: uuid.meta({ description: 'The tenant to add the user to.' }) }),
      variables: ({ path, query }) => ({ tenantId: query.tenant_id, userId: path.user_id }),
      response: messageBody,
      present: (data: { addUserToTenant: { message: string } }) => ({ message: data.addUserToTenant.message }),
    }),
  ],
  examples: [
    { args: { tenantId: '@tenant', userId: '@newcomer' }, select: 'message', rest: { path: { user_id: '@newcomer' }, query: { tenant_id: '@tenant' } }, writes: true, allowed: MANAGERS },
  ],
});
