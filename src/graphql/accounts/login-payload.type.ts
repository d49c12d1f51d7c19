import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('LoginPayload')
export class LoginPayloadType {
  @Field(() => String)
  accessToken!: string;

  @Field(() => String)
  tokenType!: 'bearer';

  @Field(() => Int, { description: 'Seconds until the token expires.' })
  expiresIn!: number;
}
