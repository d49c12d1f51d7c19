import { z } from 'zod';
import { legacyRoute } from '../legacy-route.ts';
import { instantOut, userRef, uuidOut } from '../response-shapes.ts';
import { nameList, pageSize, uuid } from '../validation.ts';

interface EventNode {
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

interface EventsPage {
  tenant: { auditEvents: { edges: { node: EventNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
}


const auditEvent = z
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

/** The audit trail's routes. GET /api/v1/permissions/tenants/{tenant_id}/audit-events: one page
 * of the tenant's audit trail, newest first, through Tenant.auditEvents (same rules, same filters). */
export const auditRoutes = [
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
    response: z.object({ events: z.array(auditEvent), next_cursor: z.string().nullable().meta({ description: 'Pass as `after` for the next page; null on the last.' }) }),
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
    present: (data: EventsPage) => {
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


];
