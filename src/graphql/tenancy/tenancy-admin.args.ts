import { ArgsType, Field } from 'type-graphql';
import { UUID } from '../scalars.ts';

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

@ArgsType()
export class TenantIdArgs {
  @Field(() => UUID)
  tenantId!: string;
}
