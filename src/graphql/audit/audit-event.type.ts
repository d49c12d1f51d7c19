import { JSONResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import type { AuditEventRow } from '../../domain/audit/list-audit-events.ts';
import { ActorKindEnum } from '../enums.ts';
import { DateTimeISO, UUID } from '../scalars.ts';
import { MemberUserType } from '../tenancy/membership.type.ts';

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
