import { ArgsType, Field, Int } from 'type-graphql';
import { UUID } from '../scalars.ts';

/** Tenant.members */
@ArgsType()
export class MembersArgs {
  @Field(() => Int, { nullable: true, defaultValue: 50, description: 'Page size, 1 to 100.' })
  first!: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string | null;

  @Field(() => String, { nullable: true, description: 'Only members whose email starts with this, case-insensitively; % and _ match themselves.' })
  emailPrefix?: string | null;
}

/** Tenant.memberRoles, Tenant.memberHoldings */
@ArgsType()
export class MemberArgs {
  @Field(() => UUID)
  userId!: string;
}

/** Tenant.role */
@ArgsType()
export class TenantRoleArgs {
  @Field(() => UUID)
  id!: string;
}
