import { z } from 'zod';
import { Args, ArgsType, Ctx, Field, FieldResolver, InputType, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { encodeAuditCursor, listAuditEvents, parseAuditEventPage, type AuditEventRow } from '../../domain/audit/list-audit-events.ts';
import { actorKindOf } from '../../domain/audit/record-audit.ts';
import { AuditEventType } from '../../graphql/audit/audit-event.type.ts';
import type { Context } from '../../graphql/context.ts';
import { ActorKindEnum } from '../../graphql/enums.ts';
import { parentTenant } from '../../graphql/permissions/tenant.rules.ts';
import { DateTimeISO, UUID } from '../../graphql/scalars.ts';
import { PageInfoType } from '../../graphql/tenancy/member-connection.type.ts';
import { TenantType } from '../../graphql/tenancy/tenant.type.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { instantOut, userRef, uuidOut } from '../../rest/response-shapes.ts';
import { nameList, pageSize, uuid } from '../../rest/validation.ts';
import { defineOperation, MANAGERS } from '../operation.ts';

@ObjectType('AuditEventEdge')
export class AuditEventEdgeType {
  @Field(() => String, { description: 'Opaque; pass as `after` to continue after this event.' })
  cursor!: string;

  @Field(() => AuditEventType)
  node!: AuditEventType;
}

@ObjectType('AuditEventConnection', { description: 'A page of a tenant’s audit events, newest first.' })
export class AuditEventConnectionType {
  @Field(() => [AuditEventEdgeType])
  edges!: AuditEventEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;
}

@InputType('AuditEventFilter', { description: 'Every given condition must hold.' })
export class AuditEventFilterInput {
  @Field(() => [String], { nullable: true, description: 'Only these actions.' })
  actions?: string[] | null;

  @Field(() => UUID, { nullable: true })
  actorId?: string | null;

  @Field(() => UUID, { nullable: true })
  targetUserId?: string | null;

  @Field(() => DateTimeISO, { nullable: true, description: 'At or after this instant.' })
  since?: Date | null;

  @Field(() => DateTimeISO, { nullable: true, description: 'Before this instant.' })
  until?: Date | null;
}

@ArgsType()
export class AuditEventsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 50, description: 'Page size, 1 to 200.' })
  first!: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string | null;

  @Field(() => AuditEventFilterInput, { nullable: true })
  filter?: AuditEventFilterInput | null;
}

@Resolver(() => TenantType)
class TenantAuditResolver {
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

interface LegacyEventNode {
  id: string;
  action: string;
  occurredAt: string;
  actor: { id: string; email: string } | null;
  actorKind: 'USER' | 'OPERATOR';
  targetUser: { id: string; email: string } | null;
  requestId: string | null;
  batchId: string | null;
  details: unknown;
  viewerCanReinstate: boolean;
}

interface LegacyEventsPage {
  tenant: { auditEvents: { edges: { node: LegacyEventNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
}

const legacyAuditEvent = z
  .object({
    id: uuidOut,
    action: z.string().meta({ description: 'e.g. `tenant.user_removed` (docs/CONTRACT.md, section 10).' }),
    occurred_at: instantOut,
    actor: userRef.nullable().meta({ description: 'The user who acted; null when an operator acted through the `tenantry` CLI (see actor_kind).' }),
    actor_kind: z.enum(['user', 'operator']).meta({ description: '`user`: a signed-in user (actor); `operator`: the `tenantry` CLI, acting for no user.' }),
    target_user: userRef.nullable().meta({ description: 'The user acted upon; null when the action has none (e.g. a role created).' }),
    request_id: z.string().nullable(),
    batch_id: uuidOut.nullable().meta({ description: 'Shared by the events of one bulk removal.' }),
    details: z.unknown().meta({ description: 'What the action did, by action (e.g. the counts and what a removal took).' }),
    can_reinstate: z.boolean().meta({ description: 'Whether the caller may undo this removal now.' }),
  })
  .meta({ id: 'AuditEvent' });

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;
const instant = z.string().refine((value) => RFC3339.test(value) && !Number.isNaN(Date.parse(value)), {
  message: 'Input should be a valid datetime like 2026-01-31T12:00:00Z',
  params: { type: 'datetime_parsing' },
});

/** A tenant's audit trail, to its readers; the legacy GET answers one page of it, newest first,
 * through the same field (same rule, same filters). */
export const operation = defineOperation({
  on: 'Tenant',
  field: 'auditEvents',
  resolver: TenantAuditResolver,
  guard: { action: 'tenant.audit:read', tenant: parentTenant('id') },
  opens: ['AuditEventConnection', 'AuditEventEdge', 'AuditEvent'],
  routes: [
    legacyRoute({
      method: 'GET',
      url: '/api/v1/permissions/tenants/:tenant_id/audit-events',
      operation: `query LegacyAuditEvents($tenantId: UUID!, $first: Int, $after: String, $filter: AuditEventFilter) {
        tenant(id: $tenantId) {
          auditEvents(first: $first, after: $after, filter: $filter) {
            edges { node { id action occurredAt actor { id email } actorKind targetUser { id email } requestId batchId details viewerCanReinstate } }
            pageInfo { hasNextPage endCursor }
          }
        }
      }`,
      path: z.object({ tenant_id: uuid }),
      query: z.object({
        first: pageSize.optional().meta({ description: 'Page size, 1 to 200 (default 50).' }),
        after: z.string().max(1_000).optional().meta({ description: 'The `next_cursor` of the previous page.' }),
        actions: nameList.optional().meta({ description: 'Only these actions (e.g. `tenant.user_removed`): repeat the parameter or separate them with commas.' }),
        actor_id: uuid.optional().meta({ description: 'Only events this user did.' }),
        target_user_id: uuid.optional().meta({ description: 'Only events done to this user.' }),
        since: instant.optional().meta({ description: 'Only events at or after this instant (RFC 3339, e.g. 2026-01-31T12:00:00Z).' }),
        until: instant.optional().meta({ description: 'Only events before this instant (RFC 3339).' }),
      }),
      issuesAt: 'query',
      response: z.object({ events: z.array(legacyAuditEvent), next_cursor: z.string().nullable().meta({ description: 'Pass as `after` for the next page; null on the last.' }) }),
      variables: ({ path, query }) => ({
        tenantId: path.tenant_id,
        first: query.first ?? null,
        after: query.after ?? null,
        filter: {
          actions: query.actions?.length ? query.actions : null,
          actorId: query.actor_id ?? null,
          targetUserId: query.target_user_id ?? null,
          since: query.since ?? null,
          until: query.until ?? null,
        },
      }),
      present: (data: LegacyEventsPage) => {
        const { edges, pageInfo } = data.tenant.auditEvents;
        return {
          events: edges.map(({ node }) => ({
            id: node.id,
            action: node.action,
            occurred_at: node.occurredAt,
            actor: node.actor,
            actor_kind: node.actorKind === 'OPERATOR' ? ('operator' as const) : ('user' as const),
            target_user: node.targetUser,
            request_id: node.requestId,
            batch_id: node.batchId,
            details: node.details,
            can_reinstate: node.viewerCanReinstate,
          })),
          next_cursor: pageInfo.hasNextPage ? pageInfo.endCursor : null,
        };
      },
    }),
  ],
  examples: [
    {
      // Reached through tenant(id:).
      args: { id: '@tenant' },
      select: 'auditEvents(first: 5) { edges { node { id viewerCanReinstate } } }',
      rest: { path: { tenant_id: '@tenant' }, query: { first: '5' } },
      writes: false,
      allowed: MANAGERS,
    },
  ],
});
