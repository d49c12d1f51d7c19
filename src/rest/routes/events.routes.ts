import { z } from 'zod';
import { legacyRoute } from '../legacy-route.ts';
import { instantOut, uuidOut } from '../response-shapes.ts';
import { nameList, pageSize, uuid } from '../validation.ts';

interface EventNode {
  id: string;
  type: string;
  tenantId: string;
  sequence: number;
  occurredAt: string;
  actorId: string | null;
  targetUserId: string | null;
  batchId: string | null;
  data: unknown;
}

interface EventsPage {
  events: { events: EventNode[]; hasNextPage: boolean; endCursor: string };
}

const event = z
  .object({
    id: uuidOut.meta({ description: 'The audit event it is; the same on every read (remove duplicates by it).' }),
    type: z.string().meta({ description: 'An audit action of the catalogue, e.g. `tenant.user_removed` (docs/CONTRACT.md, Events).' }),
    tenant_id: uuidOut,
    sequence: z.number().int().meta({ description: 'Its number in the tenant’s stream: 1, 2, 3… with no gap, in commit order.' }),
    occurred_at: instantOut,
    actor_id: uuidOut.nullable().meta({ description: 'Who did it; null for an operator (the tenantry CLI).' }),
    target_user_id: uuidOut.nullable(),
    batch_id: uuidOut.nullable().meta({ description: 'Shared by the events of one bulk removal.' }),
    data: z.unknown().meta({ description: 'What changed: the audit event’s details, by type.' }),
  })
  .meta({ id: 'Event' });

/** GET /api/v1/events: one page of a tenant's event stream, oldest first, through Query.events
 * (same rule, same cursor). Not a route of the legacy service: it has its shape (zod input,
 * FastAPI's 422) so both doors answer alike. */
export const eventRoutes = [
  legacyRoute({
    method: 'GET',
    url: '/api/v1/events',
    operation: `query LegacyEvents($tenantId: UUID!, $after: String, $types: [String!], $first: Int) {
      events(tenantId: $tenantId, after: $after, types: $types, first: $first) {
        events { id type tenantId sequence occurredAt actorId targetUserId batchId data }
        hasNextPage endCursor
      }
    }`,
    query: z.object({
      tenant_id: uuid.meta({ description: 'The tenant whose events to read (owner or MANAGE_USERS).' }),
      after: z.string().max(1_000).optional().meta({ description: 'The `end_cursor` of an earlier read; omitted: from the first event kept.' }),
      types: nameList.optional().meta({ description: 'Only these types (e.g. `tenant.user_removed`): repeat the parameter or separate them with commas.' }),
      limit: pageSize.pipe(z.number().min(1).max(200)).optional().meta({ description: 'Page size, 1 to 200 (default 50).' }),
    }),
    issuesAt: 'query',
    response: z.object({
      events: z.array(event),
      has_more: z.boolean().meta({ description: 'More events follow now: read again at once with end_cursor.' }),
      end_cursor: z.string().meta({ description: 'Pass as `after` to continue; never null, so an empty page can be polled again.' }),
    }),
    variables: ({ query }) => ({
      tenantId: query.tenant_id,
      after: query.after ?? null,
      types: query.types?.length ? query.types : null,
      first: query.limit ?? null,
    }),
    present: (data: EventsPage) => ({
      events: data.events.events.map((node) => ({
        id: node.id,
        type: node.type,
        tenant_id: node.tenantId,
        sequence: node.sequence,
        occurred_at: node.occurredAt,
        actor_id: node.actorId,
        target_user_id: node.targetUserId,
        batch_id: node.batchId,
        data: node.data,
      })),
      has_more: data.events.hasNextPage,
      end_cursor: data.events.endCursor,
    }),
    doc: { description: 'A tenant’s events after a cursor, oldest first: written in the change’s own transaction, numbered without gaps per tenant, replayable from any point.' },
  }),
];
