import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { leaveTenant } from '../../domain/tenancy/leave-tenant.ts';
import { selectTenant } from '../../domain/tenancy/select-tenant.ts';
import { transferTenantOwnership } from '../../domain/tenancy/transfer-tenant-ownership.ts';
import { UserType } from '../accounts/user.type.ts';
import { actorOf } from '../actor.ts';
import { requestMeta, type Context } from '../context.ts';
import { SelectTenantArgs, TenantIdArgs, TransferTenantOwnershipArgs } from './tenancy-admin.args.ts';
import { LeaveTenantPayload } from './tenancy-admin.payloads.ts';
import { TenantType } from './tenant.type.ts';

/** The caller's own place in tenants: where they act, giving a tenant away, leaving one. */
@Resolver()
export class TenancyAdminResolver {
  @Mutation(() => UserType, { description: 'Sets the tenant the caller acts in (null = personal). Members only.' })
  selectTenant(@Args(() => SelectTenantArgs) args: SelectTenantArgs, @Ctx() ctx: Context): Promise<UserType> {
    return inTransaction(ctx.db, (tx) => selectTenant(tx, actorOf(ctx), args, requestMeta(ctx)));
  }

  @Mutation(() => TenantType, { description: 'Gives the tenant to another member; the old owner stays a member. Owner only.' })
  transferTenantOwnership(@Args(() => TransferTenantOwnershipArgs) args: TransferTenantOwnershipArgs, @Ctx() ctx: Context): Promise<TenantType> {
    return inTransaction(ctx.db, (tx) => transferTenantOwnership(tx, actorOf(ctx), args, requestMeta(ctx)));
  }

  @Mutation(() => LeaveTenantPayload, {
    description: 'The caller leaves a tenant, losing their roles and direct dataset permissions there. Any member but the owner.',
  })
  async leaveTenant(@Args(() => TenantIdArgs) args: TenantIdArgs, @Ctx() ctx: Context): Promise<LeaveTenantPayload> {
    const left = await inTransaction(ctx.db, (tx) => leaveTenant(tx, actorOf(ctx), args, requestMeta(ctx)));
    return { message: 'User left tenant', ...left };
  }
}
