import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { addUserToTenant } from '../../domain/tenancy/add-user-to-tenant.ts';
import { createTenant } from '../../domain/tenancy/create-tenant.ts';
import { removeUserFromTenant } from '../../domain/tenancy/remove-user-from-tenant.ts';
import { actorOf } from '../actor.ts';
import { requestMeta, type Context } from '../context.ts';
import { CreateTenantArgs, TenantUserArgs } from './tenancy.args.ts';
import { AddUserToTenantPayload, RemoveUserFromTenantPayload } from './tenancy.payloads.ts';
import { TenantType } from './tenant.type.ts';

@Resolver()
export class TenancyResolver {
  @Mutation(() => TenantType, { description: 'Creates a tenant; the caller becomes its owner, a member, and acts in it.' })
  createTenant(@Args(() => CreateTenantArgs) args: CreateTenantArgs, @Ctx() ctx: Context): Promise<TenantType> {
    return inTransaction(ctx.db, (tx) => createTenant(tx, actorOf(ctx), args, requestMeta(ctx)));
  }

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
}
