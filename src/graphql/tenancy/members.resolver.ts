import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import { inTransaction, runOrRehearse } from '../../db/transaction.ts';
import { addUserToTenant } from '../../domain/tenancy/add-user-to-tenant.ts';
import { leaveTenant } from '../../domain/tenancy/leave-tenant.ts';
import { removeUserFromTenant } from '../../domain/tenancy/remove-user-from-tenant.ts';
import { removeUsersFromTenant } from '../../domain/tenancy/remove-users-from-tenant.ts';
import { BulkRemovalPayload, RemoveUsersFromTenantArgs } from './bulk-removal.types.ts';
import { actorOf } from '../actor.ts';
import { requestMeta, type Context } from '../context.ts';
import { LeaveTenantArgs, RemoveUserFromTenantArgs, TenantUserArgs } from './members.args.ts';
import { AddUserToTenantPayload, LeaveTenantPayload, RemoveUserFromTenantPayload } from './members.payloads.ts';
import { presentBulkRemoval, presentRemoval } from './present-removal.ts';

/** A tenant's members: adding one, removing one, leaving. */
@Resolver()
export class MembersResolver {
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

  @Mutation(() => LeaveTenantPayload, {
    description: 'The caller leaves a tenant, losing their roles and direct dataset permissions there. Any member but the owner.',
  })
  async leaveTenant(@Args(() => LeaveTenantArgs) args: LeaveTenantArgs, @Ctx() ctx: Context): Promise<LeaveTenantPayload> {
    const left = await inTransaction(ctx.db, (tx) => leaveTenant(tx, actorOf(ctx), args, requestMeta(ctx)));
    return { message: 'User left tenant', ...left };
  }
}
