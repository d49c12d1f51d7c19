import type { GraphQLResolveInfo } from 'graphql';
import { Args, ArgsType, Ctx, Field, Info, Query, Resolver } from 'type-graphql';
import { actionDenial } from '../../domain/tenancy/policy.ts';
import type { Context } from '../../graphql/context.ts';
import { loadersFor } from '../../graphql/loaders/index.ts';
import { tenantArg } from '../../graphql/permissions/tenant.rules.ts';
import { UUID } from '../../graphql/scalars.ts';
import { presentViewerTenant } from '../../graphql/tenancy/present-tenant.ts';
import { TenantType } from '../../graphql/tenancy/tenant.type.ts';
import { defineOperation, MEMBERS } from '../operation.ts';

@ArgsType()
export class TenantArgs {
  @Field(() => UUID)
  id!: string;
}

@Resolver()
class TenantResolver {
  @Query(() => TenantType, { description: 'A tenant the caller is a member of. NOT_FOUND before FORBIDDEN.' })
  async tenant(@Args(() => TenantArgs) args: TenantArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<TenantType> {
    // The guard (`tenant:view`) decided on this same per-request answer; asking again is free.
    const access = await loadersFor(ctx, info).tenantAccess.load(args.id);
    const denial = actionDenial(access, args.id, 'tenant:view');
    if (denial) throw denial;
    return presentViewerTenant(access!);
  }
}

/** One tenant, to its members: the way in to its insides (members, roles, datasets, trail). */
export const operation = defineOperation({
  on: 'Query',
  field: 'tenant',
  resolver: TenantResolver,
  guard: { action: 'tenant:view', tenant: tenantArg('id') },
  examples: [{ args: { id: '@tenant' }, select: 'id name', writes: false, allowed: MEMBERS }],
});
