import { JSONResolver, SafeIntResolver } from 'graphql-scalars';
import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { DateTimeISO, UUID } from '../scalars.ts';

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
