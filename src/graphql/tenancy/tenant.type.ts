import { Field, ObjectType } from 'type-graphql';
import { DateTimeISO, UUID } from '../scalars.ts';

@ObjectType('Tenant', { description: 'An organisation: one owner, members, roles, datasets.' })
export class TenantType {
  @Field(() => UUID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => UUID)
  ownerId!: string;

  @Field(() => DateTimeISO)
  createdAt!: Date;
}
