import { ArgsType, Field } from 'type-graphql';
import { UUID } from '../scalars.ts';

/** tenantId before userId in the SDL: an @ArgsType keeps declaration order. */
@ArgsType()
export class TenantUserArgs {
  @Field(() => UUID)
  tenantId!: string;

  @Field(() => UUID)
  userId!: string;
}

@ArgsType()
export class LeaveTenantArgs {
  @Field(() => UUID)
  tenantId!: string;
}

@ArgsType()
export class RemoveUserFromTenantArgs extends TenantUserArgs {
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Preview: run every check and compute the answer, then change nothing.' })
  dryRun?: boolean | null;
}
