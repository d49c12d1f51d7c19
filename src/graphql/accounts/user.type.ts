import { Field, ObjectType } from 'type-graphql';
import { DateTimeISO, UUID } from '../scalars.ts';

@ObjectType('User', { description: 'An account. Tenant rights come from memberships and roles.' })
export class UserType {
  @Field(() => UUID)
  id!: string;

  @Field(() => String)
  email!: string;

  @Field(() => Boolean)
  isActive!: boolean;

  @Field(() => UUID, { nullable: true, description: 'The tenant the user acts in; null = personal. Only on the caller\'s own User.' })
  activeTenantId!: string | null;

  @Field(() => DateTimeISO)
  createdAt!: Date;
}
