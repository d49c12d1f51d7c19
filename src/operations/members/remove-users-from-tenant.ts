import { Args, ArgsType, Ctx, Field, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { runOrRehearse } from '../../db/transaction.ts';
import { removeUsersFromTenant, type BulkRemoval } from '../../domain/tenancy/remove-users-from-tenant.ts';
import { actorOf } from '../../graphql/actor.ts';
import { requestMeta, type Context } from '../../graphql/context.ts';
import { tenantArg } from '../../graphql/permissions/tenant.rules.ts';
import { UUID } from '../../graphql/scalars.ts';
import { defineOperation, MANAGERS } from '../operation.ts';
import { operation as removeOne, presentRemoval, RemoveUserFromTenantPayload } from './remove-user-from-tenant.ts';

@ArgsType()
export class RemoveUsersFromTenantArgs {
  @Field(() => UUID)
  tenantId!: string;

  @Field(() => [UUID], { description: '1 to 1,000 distinct users.' })
  userIds!: string[];

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Remove no one if anyone is refused.' })
  atomic?: boolean | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Preview: the same checks and outcomes, then nothing changes.' })
  dryRun?: boolean | null;
}

@ObjectType('RemovalRefusal', { description: 'Why one user was not removed: the code and message a single removal would give, or ABORTED.' })
export class RemovalRefusalType {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  message!: string;

  @Field(() => String, { nullable: true })
  reason!: string | null;
}

@ObjectType('BulkRemovalOutcome')
export class BulkRemovalOutcomeType {
  @Field(() => UUID)
  userId!: string;

  @Field(() => Boolean, { description: 'Removed (on a dry run: would be).' })
  removed!: boolean;

  @Field(() => RemoveUserFromTenantPayload, { nullable: true, description: 'When removed.' })
  receipt!: RemoveUserFromTenantPayload | null;

  @Field(() => RemovalRefusalType, { nullable: true, description: 'When refused, or held back by an atomic batch.' })
  error!: RemovalRefusalType | null;
}

@ObjectType('BulkRemovalPayload')
export class BulkRemovalPayload {
  @Field(() => UUID, { nullable: true, description: "Shared by the removals' audit events; null on a dry run or when nobody was removed." })
  batchId!: string | null;

  @Field(() => Boolean)
  atomic!: boolean;

  @Field(() => Boolean)
  dryRun!: boolean;

  @Field(() => Int)
  removedCount!: number;

  @Field(() => Int)
  refusedCount!: number;

  @Field(() => [BulkRemovalOutcomeType], { description: 'One per user asked for, in the order asked.' })
  outcomes!: BulkRemovalOutcomeType[];
}

/** A bulk removal's answer: one outcome per user, in the order asked. */
function presentBulkRemoval(bulk: BulkRemoval, options: { atomic: boolean; dryRun: boolean }): BulkRemovalPayload {
  const outcomes = bulk.outcomes.map((outcome) =>
    outcome.removed
      ? { userId: outcome.userId, removed: true, receipt: presentRemoval(outcome.receipt, options.dryRun), error: null }
      : { userId: outcome.userId, removed: false, receipt: null, error: { code: outcome.refusal.code, message: outcome.refusal.message, reason: outcome.refusal.reason ?? null } },
  );
  const removedCount = outcomes.filter((outcome) => outcome.removed).length;
  return {
    batchId: options.dryRun ? null : bulk.batchId,
    atomic: options.atomic,
    dryRun: options.dryRun,
    removedCount,
    refusedCount: outcomes.length - removedCount,
    outcomes,
  };
}

@Resolver()
class RemoveUsersFromTenantResolver {
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

/** Many removals in one transaction: each writes the single removal's event. */
export const operation = defineOperation({
  on: 'Mutation',
  field: 'removeUsersFromTenant',
  resolver: RemoveUsersFromTenantResolver,
  guard: { action: 'tenant.members:remove', tenant: tenantArg('tenantId') },
  audit: removeOne.audit,
  opens: ['BulkRemovalPayload', 'BulkRemovalOutcome', 'RemovalRefusal'],
  examples: [
    { args: { tenantId: '@tenant', userIds: ['@target'] }, select: 'removedCount', writes: true, allowed: MANAGERS },
    { name: 'dry run', args: { tenantId: '@tenant', userIds: ['@target'], dryRun: true }, select: 'removedCount', writes: false, allowed: MANAGERS },
  ],
});
