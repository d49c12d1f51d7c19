import { z } from 'zod';
import { Args, ArgsType, Ctx, Field, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { createTenant } from '../../domain/tenancy/create-tenant.ts';
import { actorOf } from '../../graphql/actor.ts';
import { requestMeta, type Context } from '../../graphql/context.ts';
import { isAuthenticated } from '../../graphql/permissions/account.rules.ts';
import { TenantType } from '../../graphql/tenancy/tenant.type.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { uuidOut } from '../../rest/response-shapes.ts';
import { text } from '../../rest/validation.ts';
import { defineOperation, SIGNED_IN } from '../operation.ts';

@ArgsType()
export class CreateTenantArgs {
  @Field(() => String)
  name!: string;
}

@Resolver()
class CreateTenantResolver {
  @Mutation(() => TenantType, { description: 'Creates a tenant; the caller becomes its owner, a member, and acts in it.' })
  createTenant(@Args(() => CreateTenantArgs) args: CreateTenantArgs, @Ctx() ctx: Context): Promise<TenantType> {
    return inTransaction(ctx.db, (tx) => createTenant(tx, actorOf(ctx), args, requestMeta(ctx)));
  }
}

/** A new tenant, owned by its creator: any signed-in caller. */
export const operation = defineOperation({
  on: 'Mutation',
  field: 'createTenant',
  resolver: CreateTenantResolver,
  guard: { rule: isAuthenticated },
  audit: { action: 'tenant.created', label: 'tenant created' },
  routes: [
    legacyRoute({
      method: 'POST',
      url: '/api/v1/permissions/tenants',
      operation: `mutation LegacyCreateTenant($name: String!) { createTenant(name: $name) { id } }`,
      query: z.object({ tenant_name: text(255).meta({ description: 'The new tenant’s name (not unique); the caller becomes its owner.' }) }),
      issuesAt: 'query',
      variables: ({ query }) => ({ name: query.tenant_name }),
      response: z.object({ message: z.string(), tenant_id: uuidOut }),
      present: (data: { createTenant: { id: string } }) => ({ message: 'Tenant created.', tenant_id: data.createTenant.id }),
    }),
  ],
  examples: [{ args: { name: 'matrix' }, select: 'id', rest: { query: { tenant_name: 'matrix' } }, writes: true, allowed: SIGNED_IN }],
});
