import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { encodeEventCursor, listTenantEvents, parseTenantEventPage } from '../../domain/events/list-tenant-events.ts';
import type { Context } from '../context.ts';
import { EventConnectionType, EventsArgs } from './event.type.ts';

/** The events pull API. Who may read: event.rules in the shield map (the audit trail's readers). */
@Resolver()
export class EventsResolver {
  @Query(() => EventConnectionType, {
    description: 'A tenant’s events after a cursor, oldest first: gap-free per tenant, replayable from any point. Owner or MANAGE_USERS.',
  })
  async events(@Args(() => EventsArgs) args: EventsArgs, @Ctx() ctx: Context): Promise<EventConnectionType> {
    const page = await listTenantEvents(ctx.db, parseTenantEventPage(args.tenantId, args));
    const events = page.rows.map((row) => ({ ...row, cursor: encodeEventCursor(row.tenantId, row.sequence) }));
    return { events, hasNextPage: page.hasNextPage, endCursor: page.endCursor };
  }
}
