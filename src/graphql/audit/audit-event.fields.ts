import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { mayDo } from '../../domain/tenancy/policy.ts';
import { reinstatementRefusal } from '../../domain/tenancy/reinstatement-policy.ts';
import type { Context } from '../context.ts';
import { loadersFor } from '../loaders/index.ts';
import { AuditEventType } from './audit-event.type.ts';

@Resolver(() => AuditEventType)
export class AuditEventFieldsResolver {
  @FieldResolver(() => Boolean, {
    description: "reinstateTenantMember would undo this event now: a removal within the window and the latest change to the user's membership, the user active and not a member again, and the viewer may reinstate members (tenant.members:reinstate).",
  })
  async viewerCanReinstate(@Root() event: AuditEventType, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<boolean> {
    const { row } = event;
    if (!row.tenantId) return false;
    if (!mayDo(await loadersFor(ctx, info).tenantAccess.load(row.tenantId), 'tenant.members:reinstate')) return false;
    const target = { exists: row.targetIsActive !== null, isActive: row.targetIsActive === true, isMember: row.targetIsMember };
    return reinstatementRefusal(row.tenantId, row, target, new Date(), ctx.reinstateWindowDays) === null;
  }
}
