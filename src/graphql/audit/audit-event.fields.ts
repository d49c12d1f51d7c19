import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { encodeAuditCursor, listAuditEvents, parseAuditEventPage, type AuditEventRow } from '../../domain/audit/list-audit-events.ts';
import { actorKindOf } from '../../domain/audit/record-audit.ts';
import { ActorKindEnum } from '../enums.ts';
import { mayDo } from '../../domain/tenancy/policy.ts';
import { reinstatementRefusal } from '../../domain/tenancy/reinstatement-policy.ts';
import type { Context } from '../context.ts';
import { loadersFor } from '../loaders/index.ts';
import { TenantType } from '../tenancy/tenant.type.ts';
import { AuditEventConnectionType, AuditEventsArgs, AuditEventType } from './audit-event.type.ts';

/** A tenant's audit trail. Who may read it: the shield map (`tenant.audit:read`). */
@Resolver(() => TenantType)
export class TenantAuditResolver {
  @FieldResolver(() => AuditEventConnectionType, { description: 'The audit trail, newest first, filtered. Needs tenant.audit:read (owner, MANAGE_USERS).' })
  async auditEvents(@Root() tenant: TenantType, @Args(() => AuditEventsArgs) args: AuditEventsArgs, @Ctx() ctx: Context): Promise<AuditEventConnectionType> {
    const request = parseAuditEventPage(tenant.id, args);
    const page = await listAuditEvents(ctx.db, request);
    const edges = page.rows.map((row) => ({ cursor: encodeAuditCursor({ occurredAt: row.occurredAt, id: row.id }), node: presentAuditEvent(row) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}

function presentAuditEvent(row: AuditEventRow): AuditEventType {
  return {
    id: row.id,
    action: row.action,
    occurredAt: row.occurredAt,
    actor: row.actorId && row.actorEmail !== null ? { id: row.actorId, email: row.actorEmail } : null,
    actorKind: actorKindOf(row) === 'operator' ? ActorKindEnum.OPERATOR : ActorKindEnum.USER,
    targetUser: row.targetUserId && row.targetEmail !== null ? { id: row.targetUserId, email: row.targetEmail } : null,
    requestId: row.requestId,
    batchId: row.batchId,
    details: row.details,
    row,
  };
}

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
