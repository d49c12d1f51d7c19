import { Field, ObjectType } from 'type-graphql';
import { CapabilityEnum } from '../enums.ts';
import { DateTimeISO, UUID } from '../scalars.ts';

@ObjectType('Role', { description: "A named set of capabilities inside one tenant." })
export class RoleType {
  @Field(() => UUID)
  id!: string;

  @Field(() => UUID)
  tenantId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => [CapabilityEnum])
  capabilities!: CapabilityEnum[];

  @Field(() => DateTimeISO)
  createdAt!: Date;
}
