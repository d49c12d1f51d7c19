import { ArgsType, Field, Int } from 'type-graphql';
import { UUID } from '../scalars.ts';

@ArgsType()
export class TenantIdArgs {
  @Field(() => UUID)
  id!: string;
}

@ArgsType()
export class MembersArgs {
  @Field(() => Int, { nullable: true, defaultValue: 50, description: 'Page size, 1 to 100.' })
  first!: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string | null;

  @Field(() => String, { nullable: true, description: 'Only members whose email starts with this, case-insensitively; % and _ match themselves.' })
  emailPrefix?: string | null;
}

@ArgsType()
export class MemberRolesArgs {
  @Field(() => UUID)
  userId!: string;
}

@ArgsType()
export class RoleIdArgs {
  @Field(() => UUID)
  id!: string;
}
