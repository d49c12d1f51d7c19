import { Args, ArgsType, Ctx, Field, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { transferTenantOwnership } from '../../domain/tenancy/transfer-tenant-ownership.ts';
import { actorOf } from '../../graphql/actor.ts';
import { requestMeta, type Context } from '../../graphql/context.ts';
import { tenantArg } from '../../graphql/permissions/tenant.rules.ts';
import { UUID } from '../../graphql/scalars.ts';
import { TenantType } from '../../graphql/tenancy/tenant.type.ts';
import { defineOperation } from '../operation.ts';

/** tenantId before newOwnerId in the SDL: an @ArgsType keeps declaration order. */
@ArgsType()
export class TransferTenantOwnershipArgs {
  @Field(() => UUID)
  tenantId!: string;

  @Field(() => UUID, { description: 'A member of the tenant other than its owner.' })
  newOwnerId!: string;
}

@Resolver()
class TransferTenantOwnershipResolver {
  @Mutation(() => TenantType, { description: 'Gives the tenant to another member; the old owner stays a member. Owner only.' })
  transferTenantOwnership(@Args(() => TransferTenantOwnershipArgs) args: TransferTenantOwnershipArgs, @Ctx() ctx: Context): Promise<TenantType> {
    return inTransaction(ctx.db, (tx) => transferTenantOwnership(tx, actorOf(ctx), args, requestMeta(ctx)));
  }
}

/** Giving a tenant away: its owner only. */
export const operation = defineOperation({
  on: 'Mutation',
  field: 'transferTenantOwnership',
  resolver: TransferTenantOwnershipResolver,
  guard: { action: 'tenant:transfer-ownership', tenant: tenantArg('tenantId') },
  audit: { action: 'tenant.ownership_transferred', label: 'ownership transferred' },
  examples: [{ args: { tenantId: '@tenant', newOwnerId: '@member' }, select: 'id', writes: true, allowed: ['owner'] }],
});
