import { Field, ObjectType } from 'type-graphql';
import { DateTimeISO, UUID } from '../scalars.ts';

@ObjectType('Dataset', { description: 'Data owned by a user, in a tenant or personal (tenantId null).' })
export class DatasetType {
  @Field(() => UUID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => UUID)
  ownerId!: string;

  @Field(() => UUID, { nullable: true })
  tenantId!: string | null;

  @Field(() => DateTimeISO)
  createdAt!: Date;
}
