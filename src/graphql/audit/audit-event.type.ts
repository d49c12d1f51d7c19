import { JSONResolver } from 'graphql-scalars';
import { ArgsType, Field, InputType, Int, ObjectType } from 'type-graphql';
import type { AuditEventRow } from '../../domain/audit/list-audit-events.ts';
import { ActorKindEnum } from '../enums.ts';
import { DateTimeISO, UUID } from '../scalars.ts';
import { MemberUserType } from '../tenancy/membership.type.ts';
import { PageInfoType } from '../tenancy/member-connection.type.ts';

@ObjectType('AuditEvent', { description: 'One entry of a tenant’s audit trail.' })
export class AuditEventType {
  @Field(() => UUID)
  id!: string;

  @Field(() => String, { description: 'What happened, e.g. "tenant.user_removed", "tenant.user_reinstated".' })
  action!: string;

  @Field(() => DateTimeISO)
  occurredAt!: Date;

  @Field(() => MemberUserType, { nullable: true, description: 'Who did it; null when no user did (an operator: see actorKind).' })
  actor!: MemberUserType | null;

  @Field(() => ActorKindEnum)
  actorKind!: ActorKindEnum;

  @Field(() => MemberUserType, { nullable: true, description: 'Whom it was done to, if anyone.' })
  targetUser!: MemberUserType | null;

  @Field(() => String, { nullable: true, description: 'The x-request-id of the request that did it.' })
  requestId!: string | null;

  @Field(() => UUID, { nullable: true, description: 'Shared by the events of one bulk removal.' })
  batchId!: string | null;

  @Field(() => JSONResolver, { description: 'What the action recorded; a removal lists the roles and (dataset, permission) pairs it revoked.' })
  details!: unknown;

  /** The row the event came from (not a field): viewerCanReinstate decides from it. */
  row!: AuditEventRow;
}

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
