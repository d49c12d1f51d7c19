import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, Info, Query, Resolver } from 'type-graphql';
import { tenantViewDenial } from '../../domain/tenancy/policy.ts';
import { actorOf } from '../actor.ts';
import type { Context } from '../context.ts';
import { loadersFor } from '../loaders/index.ts';
import { presentTenant } from './present-tenant.ts';
import { TenantIdArgs } from './tenancy.queries.args.ts';
import { TenantType } from './tenant.type.ts';

@Resolver()
export class TenancyQueriesResolver {
  @Query(() => TenantType, { description: 'A tenant the caller is a member of. NOT_FOUND before FORBIDDEN.' })
  async tenant(@Args(() => TenantIdArgs) args: TenantIdArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<TenantType> {
    // The shield rule (canViewTenant) decided on this same per-request answer; asking again is free.
    const access = await loadersFor(ctx, info).tenantAccess.load(args.id);
    const denial = tenantViewDenial(access, args.id);
    if (denial) throw denial;
    return presentTenant(access!);
  }

  @Query(() => [TenantType], { description: 'The tenants the caller is a member of, by name (case-insensitive), then id.' })
  async myTenants(@Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<TenantType[]> {
    return (await loadersFor(ctx, info).viewerMemberships.load(actorOf(ctx).userId)).map(presentTenant);
  }
}
