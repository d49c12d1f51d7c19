import { Args, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { leaveTenant } from '../../domain/tenancy/leave-tenant.ts';
import { UserType } from '../../graphql/accounts/user.type.ts';
import { actorOf } from '../../graphql/actor.ts';
import { requestMeta, type Context } from '../../graphql/context.ts';
import { tenantArg } from '../../graphql/permissions/tenant.rules.ts';
import { LeaveTenantArgs } from '../../graphql/tenancy/members.args.ts';
import { TenantType } from '../../graphql/tenancy/tenant.type.ts';
import { defineOperation } from '../operation.ts';
import { objectTypeOf } from '../shape.ts';
import { leaveReceipt } from './removal-receipt.shape.ts';

/** What leaving did: the effects of a removal, said of the caller. */
@ObjectType('LeaveTenantPayload')
export class LeaveTenantPayload extends objectTypeOf(leaveReceipt, { abstract: true }) {
  @Field(() => TenantType)
  tenant!: TenantType;

  @Field(() => UserType, { description: 'The caller, as they are now.' })
  user!: UserType;
}

@Resolver()
class LeaveTenantResolver {
  @Mutation(() => LeaveTenantPayload, {
    description: 'The caller leaves a tenant, losing their roles and direct dataset permissions there. Any member but the owner.',
  })
  async leaveTenant(@Args(() => LeaveTenantArgs) args: LeaveTenantArgs, @Ctx() ctx: Context): Promise<LeaveTenantPayload> {
    const left = await inTransaction(ctx.db, (tx) => leaveTenant(tx, actorOf(ctx), args, requestMeta(ctx)));
    return { message: 'User left tenant', ...left };
  }
}

export const operation = defineOperation({
  on: 'Mutation',
  field: 'leaveTenant',
  resolver: LeaveTenantResolver,
  guard: { action: 'tenant:leave', tenant: tenantArg('tenantId') },
  audit: { action: 'tenant.user_left', label: 'member left' },
  opens: ['LeaveTenantPayload'],
  examples: [{ args: { tenantId: '@tenant' }, select: 'message', writes: true, allowed: ['manager', 'member'], special: { owner: 'BAD_USER_INPUT' } }],
});
