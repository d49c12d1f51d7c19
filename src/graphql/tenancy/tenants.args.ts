import { ArgsType, Field, Int } from 'type-graphql';
import { UUID } from '../scalars.ts';

@ArgsType()
export class TenantArgs {
  @Field(() => UUID)
  id!: string;
}

@ArgsType()
export class CreateTenantArgs {
  @Field(() => String)
  name!: string;
}

@ArgsType()
export class SelectTenantArgs {
  @Field(() => UUID, { nullable: true, description: 'A tenant the caller is a member of; null or omitted = personal (no active tenant).' })
  tenantId?: string | null;
}

/** tenantId before newOwnerId in the SDL: an @ArgsType keeps declaration order. */
@ArgsType()
export class TransferTenantOwnershipArgs {
  @Field(() => UUID)
  tenantId!: string;

  @Field(() => UUID, { description: 'A member of the tenant other than its owner.' })
  newOwnerId!: string;
}

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
