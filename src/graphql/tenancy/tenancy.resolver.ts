import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import { inTransaction, runOrRehearse } from '../../db/transaction.ts';
import { addUserToTenant } from '../../domain/tenancy/add-user-to-tenant.ts';
import { createTenant } from '../../domain/tenancy/create-tenant.ts';
import { removeUserFromTenant } from '../../domain/tenancy/remove-user-from-tenant.ts';
import { removeUsersFromTenant } from '../../domain/tenancy/remove-users-from-tenant.ts';
import { BulkRemovalPayload, RemoveUsersFromTenantArgs } from './bulk-removal.types.ts';
import { actorOf } from '../actor.ts';
import { requestMeta, type Context } from '../context.ts';
import { CreateTenantArgs, RemoveUserFromTenantArgs, TenantUserArgs } from './tenancy.args.ts';
import { presentBulkRemoval, presentRemoval } from './present-removal.ts';
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
    description:
      'Takes a user out of a tenant: all their roles and direct dataset permissions there, at once. Owner or MANAGE_USERS. ' +
      'With dryRun, the same checks and answer, computed by running the removal and rolling it back.',
  })
  async removeUserFromTenant(@Args(() => RemoveUserFromTenantArgs) args: RemoveUserFromTenantArgs, @Ctx() ctx: Context): Promise<RemoveUserFromTenantPayload> {
    const dryRun = args.dryRun === true;
    const input = { tenantId: args.tenantId, userId: args.userId };
    const removed = await runOrRehearse(ctx.db, dryRun, (tx) => removeUserFromTenant(tx, actorOf(ctx), input, requestMeta(ctx)));
    return presentRemoval(removed, dryRun);
  }

  @Mutation(() => BulkRemovalPayload, {
    description:
      'Removes many users from a tenant in one transaction: one outcome per user, each as a single removal would answer. ' +
      'atomic: remove no one if anyone is refused. dryRun: the same, then nothing changes. Owner or MANAGE_USERS.',
  })
  async removeUsersFromTenant(@Args(() => RemoveUsersFromTenantArgs) args: RemoveUsersFromTenantArgs, @Ctx() ctx: Context): Promise<BulkRemovalPayload> {
    const options = { atomic: args.atomic === true, dryRun: args.dryRun === true };
    const input = { tenantId: args.tenantId, userIds: args.userIds, atomic: options.atomic };
    const bulk = await runOrRehearse(ctx.db, options.dryRun, (tx) => removeUsersFromTenant(tx, actorOf(ctx), input, requestMeta(ctx)));
    return presentBulkRemoval(bulk, options);
  }
}
