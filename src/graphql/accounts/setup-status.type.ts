import { Field, ObjectType } from 'type-graphql';

@ObjectType('SetupStatus', { description: 'What a sign-in screen needs before anyone is signed in; public, so it holds nothing more.' })
export class SetupStatusType {
  @Field(() => Boolean, { description: 'True while the database has no account at all: the console then offers to create the first administrator (with `register`).' })
  needsFirstAdmin!: boolean;
}
