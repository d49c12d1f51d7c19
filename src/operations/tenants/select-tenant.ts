import { z } from 'zod';
import { Args, ArgsType, Ctx, Field, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { selectTenant } from '../../domain/tenancy/select-tenant.ts';
import { UserType } from '../../graphql/accounts/user.type.ts';
import { actorOf } from '../../graphql/actor.ts';
import { requestMeta, type Context } from '../../graphql/context.ts';
import { optionalTenantArg } from '../../graphql/permissions/tenant.rules.ts';
import { UUID } from '../../graphql/scalars.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { uuidOut } from '../../rest/response-shapes.ts';
import { uuid } from '../../rest/validation.ts';
import { defineOperation, MEMBERS } from '../operation.ts';

@ArgsType()
export class SelectTenantArgs {
  @Field(() => UUID, { nullable: true, description: 'A tenant the caller is a member of; null or omitted = personal (no active tenant).' })
  tenantId?: string | null;
}

@Resolver()
class SelectTenantResolver {
  @Mutation(() => UserType, { description: 'Sets the tenant the caller acts in (null = personal). Members only.' })
  selectTenant(@Args(() => SelectTenantArgs) args: SelectTenantArgs, @Ctx() ctx: Context): Promise<UserType> {
    return inTransaction(ctx.db, (tx) => selectTenant(tx, actorOf(ctx), args, requestMeta(ctx)));
  }
}

/** The tenant the caller acts in: one they are a member of, or none. */
export const operation = defineOperation({
  on: 'Mutation',
  field: 'selectTenant',
  resolver: SelectTenantResolver,
  guard: { action: 'tenant:select', tenant: optionalTenantArg('tenantId') },
  audit: { action: 'user.tenant_selected', label: 'tenant selected', tenantEvent: false },
  routes: [
    legacyRoute({
      method: 'POST',
      url: '/api/v1/permissions/tenants/select',
      operation: `mutation LegacySelectTenant($tenantId: UUID) { selectTenant(tenantId: $tenantId) { activeTenantId } }`,
      // Both spellings the legacy clients sent; null (or absent) selects personal space.
      body: z.object({ tenant_id: uuid.nullish(), tenantId: uuid.nullish() }),
      variables: ({ body }) => ({ tenantId: body.tenant_id ?? body.tenantId ?? null }),
      response: z.object({ message: z.string(), tenant_id: uuidOut.nullable().meta({ description: 'The active tenant now; null: personal space.' }) }),
      present: (data: { selectTenant: { activeTenantId: string | null } }) => ({ message: 'Tenant selected.', tenant_id: data.selectTenant.activeTenantId }),
    }),
  ],
  examples: [{ args: { tenantId: '@tenant' }, select: 'id', rest: { body: { tenant_id: '@tenant' } }, writes: true, allowed: MEMBERS }],
});
