import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../../db/transaction.ts';
import { reinstateTenantMember } from '../../domain/tenancy/reinstate-tenant-member.ts';
import { actorOf } from '../actor.ts';
import { requestMeta, type Context } from '../context.ts';
import { ReinstateTenantMemberArgs, ReinstateTenantMemberPayload } from './reinstate.types.ts';

@Resolver()
export class ReinstateResolver {
  @Mutation(() => ReinstateTenantMemberPayload, {
    description:
      'Undoes a removal within REINSTATE_WINDOW_DAYS: the membership, and the role assignments and direct dataset permissions the removal recorded ' +
      '(what no longer exists is skipped and reported). Needs tenant.members:reinstate (owner, MANAGE_USERS).',
  })
  async reinstateTenantMember(@Args(() => ReinstateTenantMemberArgs) args: ReinstateTenantMemberArgs, @Ctx() ctx: Context): Promise<ReinstateTenantMemberPayload> {
    const input = { auditEventId: args.auditEventId, tenantId: args.tenantId ?? null, windowDays: ctx.reinstateWindowDays };
    const done = await inTransaction(ctx.db, (tx) => reinstateTenantMember(tx, actorOf(ctx), input, requestMeta(ctx)));
    return { message: 'User reinstated in tenant', ...done } as ReinstateTenantMemberPayload;
  }
}
