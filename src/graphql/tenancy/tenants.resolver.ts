import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, Info, Mutation, Query, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { createTenant } from '../../domain/tenancy/create-tenant.ts';
import { actionDenial } from '../../domain/tenancy/policy.ts';
import { selectTenant } from '../../domain/tenancy/select-tenant.ts';
import { transferTenantOwnership } from '../../domain/tenancy/transfer-tenant-ownership.ts';
import { UserType } from '../accounts/user.type.ts';
import { actorOf } from '../actor.ts';
import { requestMeta, type Context } from '../context.ts';
import { loadersFor } from '../loaders/index.ts';
import { presentViewerTenant } from './present-tenant.ts';
import { CreateTenantArgs, SelectTenantArgs, TenantArgs, TransferTenantOwnershipArgs } from './tenants.args.ts';
import { TenantType } from './tenant.type.ts';

/** Tenants: reading them, creating one, acting in one, giving one away. */
@Resolver()
export class TenantsResolver {
  @Query(() => TenantType, { description: 'A tenant the caller is a member of. NOT_FOUND before FORBIDDEN.' })
  async tenant(@Args(() => TenantArgs) args: TenantArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<TenantType> {
    // The shield rule (`tenant:view`) decided on this same per-request answer; asking again is free.
    const access = await loadersFor(ctx, info).tenantAccess.load(args.id);
    const denial = actionDenial(access, args.id, 'tenant:view');
    if (denial) throw denial;
    return presentViewerTenant(access!);
  }

  @Query(() => [TenantType], { description: 'The tenants the caller is a member of, by name (case-insensitive), then id.' })
  async myTenants(@Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<TenantType[]> {
    return (await loadersFor(ctx, info).viewerMemberships.load(actorOf(ctx).userId)).map(presentViewerTenant);
  }

  @Mutation(() => TenantType, { description: 'Creates a tenant; the caller becomes its owner, a member, and acts in it.' })
  createTenant(@Args(() => CreateTenantArgs) args: CreateTenantArgs, @Ctx() ctx: Context): Promise<TenantType> {
    return inTransaction(ctx.db, (tx) => createTenant(tx, actorOf(ctx), args, requestMeta(ctx)));
  }

  @Mutation(() => UserType, { description: 'Sets the tenant the caller acts in (null = personal). Members only.' })
  selectTenant(@Args(() => SelectTenantArgs) args: SelectTenantArgs, @Ctx() ctx: Context): Promise<UserType> {
    return inTransaction(ctx.db, (tx) => selectTenant(tx, actorOf(ctx), args, requestMeta(ctx)));
  }

  @Mutation(() => TenantType, { description: 'Gives the tenant to another member; the old owner stays a member. Owner only.' })
  transferTenantOwnership(@Args(() => TransferTenantOwnershipArgs) args: TransferTenantOwnershipArgs, @Ctx() ctx: Context): Promise<TenantType> {
    return inTransaction(ctx.db, (tx) => transferTenantOwnership(tx, actorOf(ctx), args, requestMeta(ctx)));
  }
}
