import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { UUID } from '../scalars.ts';
import { RemoveUserFromTenantPayload } from './members.payloads.ts';

@ArgsType()
export class RemoveUsersFromTenantArgs {
  @Field(() => UUID)
  tenantId!: string;

  @Field(() => [UUID], { description: '1 to 1,000 distinct users.' })
  userIds!: string[];

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Remove no one if anyone is refused.' })
  atomic?: boolean | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Preview: the same checks and outcomes, then nothing changes.' })
  dryRun?: boolean | null;
}

@ObjectType('RemovalRefusal', { description: 'Why one user was not removed: the code and message a single removal would give, or ABORTED.' })
export class RemovalRefusalType {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  message!: string;

  @Field(() => String, { nullable: true })
  reason!: string | null;
}

@ObjectType('BulkRemovalOutcome')
export class BulkRemovalOutcomeType {
  @Field(() => UUID)
  userId!: string;

  @Field(() => Boolean, { description: 'Removed (on a dry run: would be).' })
  removed!: boolean;

  @Field(() => RemoveUserFromTenantPayload, { nullable: true, description: 'When removed.' })
  receipt!: RemoveUserFromTenantPayload | null;

  @Field(() => RemovalRefusalType, { nullable: true, description: 'When refused, or held back by an atomic batch.' })
  error!: RemovalRefusalType | null;
}

@ObjectType('BulkRemovalPayload')
export class BulkRemovalPayload {
  @Field(() => UUID, { nullable: true, description: "Shared by the removals' audit events; null on a dry run or when nobody was removed." })
  batchId!: string | null;

  @Field(() => Boolean)
  atomic!: boolean;

  @Field(() => Boolean)
  dryRun!: boolean;

  @Field(() => Int)
  removedCount!: number;

  @Field(() => Int)
  refusedCount!: number;

  @Field(() => [BulkRemovalOutcomeType], { description: 'One per user asked for, in the order asked.' })
  outcomes!: BulkRemovalOutcomeType[];
}
