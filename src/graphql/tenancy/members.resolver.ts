import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { addUserToTenant } from '../../domain/tenancy/add-user-to-tenant.ts';
import { leaveTenant } from '../../domain/tenancy/leave-tenant.ts';
import { removeUserFromTenant } from '../../domain/tenancy/remove-user-from-tenant.ts';
import { actorOf } from '../actor.ts';
import { requestMeta, type Context } from '../context.ts';
import { LeaveTenantArgs, TenantUserArgs } from './members.args.ts';
import { AddUserToTenantPayload, LeaveTenantPayload, RemoveUserFromTenantPayload } from './members.payloads.ts';

/** A tenant's members: adding one, removing one, leaving. */
@Resolver()
export class MembersResolver {
  @Mutation(() => AddUserToTenantPayload, { description: 'Adds an existing user to a tenant. Owner or MANAGE_USERS.' })
  async addUserToTenant(@Args(() => TenantUserArgs) args: TenantUserArgs, @Ctx() ctx: Context): Promise<AddUserToTenantPayload> {
    const added = await inTransaction(ctx.db, (tx) => addUserToTenant(tx, actorOf(ctx), args, requestMeta(ctx)));
    return { message: 'User added to tenant', ...added };
  }

  @Mutation(() => RemoveUserFromTenantPayload, {
    description: 'Takes a user out of a tenant: all their roles and direct dataset permissions there, at once. Owner or MANAGE_USERS.',
  })
  async removeUserFromTenant(@Args(() => TenantUserArgs) args: TenantUserArgs, @Ctx() ctx: Context): Promise<RemoveUserFromTenantPayload> {
    const removed = await inTransaction(ctx.db, (tx) => removeUserFromTenant(tx, actorOf(ctx), args, requestMeta(ctx)));
    return { message: 'User removed from tenant', ...removed };
  }

  @Mutation(() => LeaveTenantPayload, {
    description: 'The caller leaves a tenant, losing their roles and direct dataset permissions there. Any member but the owner.',
  })
  async leaveTenant(@Args(() => LeaveTenantArgs) args: LeaveTenantArgs, @Ctx() ctx: Context): Promise<LeaveTenantPayload> {
    const left = await inTransaction(ctx.db, (tx) => leaveTenant(tx, actorOf(ctx), args, requestMeta(ctx)));
    return { message: 'User left tenant', ...left };
  }
}
