import { JSONResolver, SafeIntResolver } from 'graphql-scalars';
import { z } from 'zod';
import { Args, ArgsType, Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { encodeEventCursor, listTenantEvents, parseTenantEventPage } from '../../domain/events/list-tenant-events.ts';
import type { Context } from '../../graphql/context.ts';
import { tenantArg } from '../../graphql/permissions/tenant.rules.ts';
import { DateTimeISO, UUID } from '../../graphql/scalars.ts';
import { legacyRoute } from '../../rest/legacy-route.ts';
import { instantOut, uuidOut } from '../../rest/response-shapes.ts';
import { nameList, pageSize, uuid } from '../../rest/validation.ts';
import { defineOperation, MANAGERS } from '../operation.ts';

@ObjectType('Event', { description: 'One change to a tenant, in the order its tenant’s changes committed (docs/CONTRACT.md, Events).' })
export class EventType {
  @Field(() => UUID, { description: 'The id of the audit event it is; the same on every read.' })
  id!: string;

  @Field(() => String, { description: 'An audit action of the catalogue, e.g. "tenant.user_removed".' })
  type!: string;

  @Field(() => UUID)
  tenantId!: string;

  @Field(() => SafeIntResolver, { description: 'Its number in the tenant’s stream: 1, 2, 3… with no gap, in commit order.' })
  sequence!: number;

  @Field(() => DateTimeISO)
  occurredAt!: Date;

  @Field(() => UUID, { nullable: true, description: 'Who did it; null for an operator (the tenantry CLI).' })
  actorId!: string | null;

  @Field(() => UUID, { nullable: true, description: 'Whom it was done to, if anyone.' })
  targetUserId!: string | null;

  @Field(() => UUID, { nullable: true, description: 'Shared by the events of one bulk removal.' })
  batchId!: string | null;

  @Field(() => JSONResolver, { description: 'What changed: the audit event’s details, by type.' })
  data!: unknown;

  @Field(() => String, { description: 'Opaque; pass as `after` to continue after this event.' })
  cursor!: string;
}

@ObjectType('EventConnection', { description: 'A page of a tenant’s events, oldest first.' })
export class EventConnectionType {
  @Field(() => [EventType])
  events!: EventType[];

  @Field(() => Boolean, { description: 'More events follow now; read again with endCursor.' })
  hasNextPage!: boolean;

  @Field(() => String, { description: 'Where the next read continues; never null, so an empty page can be polled again.' })
  endCursor!: string;
}

@ArgsType()
export class EventsArgs {
  @Field(() => UUID)
  tenantId!: string;

  @Field(() => String, { nullable: true, description: 'A cursor from this tenant’s stream; omitted: from the first event kept.' })
  after?: string | null;

  @Field(() => [String], { nullable: true, description: 'Only these types (see the catalogue).' })
  types?: string[] | null;

  @Field(() => Int, { nullable: true, defaultValue: 50, description: 'Page size, 1 to 200.' })
  first!: number | null;
}

@Resolver()
class EventsResolver {
  @Query(() => EventConnectionType, {
    description: 'A tenant’s events after a cursor, oldest first: gap-free per tenant, replayable from any point. Owner or MANAGE_USERS.',
  })
  async events(@Args(() => EventsArgs) args: EventsArgs, @Ctx() ctx: Context): Promise<EventConnectionType> {
    const page = await listTenantEvents(ctx.db, parseTenantEventPage(args.tenantId, args));
    const events = page.rows.map((row) => ({ ...row, cursor: encodeEventCursor(row.tenantId, row.sequence) }));
    return { events, hasNextPage: page.hasNextPage, endCursor: page.endCursor };
  }
}

interface LegacyEventNode {
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

interface LegacyEventsPage {
  events: { events: LegacyEventNode[]; hasNextPage: boolean; endCursor: string };
}

const legacyEvent = z
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

/** The events pull API: a tenant's event stream, to the audit trail's readers. GET /api/v1/events
 * is not a route of the legacy service, but has its shape (zod input, FastAPI's 422) so both
 * doors answer alike. */
export const operation = defineOperation({
  on: 'Query',
  field: 'events',
  resolver: EventsResolver,
  guard: { action: 'tenant.audit:read', tenant: tenantArg('tenantId') },
  opens: ['EventConnection', 'Event'],
  routes: [
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
        events: z.array(legacyEvent),
        has_more: z.boolean().meta({ description: 'More events follow now: read again at once with end_cursor.' }),
        end_cursor: z.string().meta({ description: 'Pass as `after` to continue; never null, so an empty page can be polled again.' }),
      }),
      variables: ({ query }) => ({
        tenantId: query.tenant_id,
        after: query.after ?? null,
        types: query.types?.length ? query.types : null,
        first: query.limit ?? null,
      }),
      present: (data: LegacyEventsPage) => ({
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
  ],
  examples: [
    {
      args: { tenantId: '@tenant', first: 5 },
      select: 'events { id sequence data } endCursor',
      rest: { query: { tenant_id: '@tenant', limit: '5' } },
      writes: false,
      allowed: MANAGERS,
    },
  ],
});
