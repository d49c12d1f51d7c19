import { Field, ObjectType } from 'type-graphql';
import { DateTimeISO, UUID } from './scalars.ts';

/** The fields every named thing a user owns carries (a tenant, a dataset). Never in the schema
 * itself: type-graphql emits only the types resolvers reach, here the subclasses. */
@ObjectType()
export abstract class OwnedRecord {
  @Field(() => UUID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => UUID)
  ownerId!: string;

  @Field(() => DateTimeISO)
  createdAt!: Date;
}
